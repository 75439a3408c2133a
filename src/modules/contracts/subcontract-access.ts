import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { IssuedDocument } from '../documents/issued-document.entity';
import { contractorNames } from './contract-access';
import { Contract } from './contract.entity';
import {
  toSubcontractResponse,
  type SubcontractNoticeResponse,
  type SubcontractResponse,
} from './dto/subcontract.dto';
import { Subcontract } from './subcontract.entity';
import { SubcontractErrors } from './subcontracts.errors';

/** The owner type of a 再委託 notice's record (issued_document). */
export const SUBCONTRACT_OWNER = 'subcontract';
export const NOTICE_KINDS = ['SUBCONTRACT_APPROVAL', 'SUBCONTRACT_REJECTION'] as const;

/** A tier of a contract the caller cannot see answers 404 like a missing one. */
export async function findVisibleSubcontract(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<{ subcontract: Subcontract; contract: Contract }> {
  const subcontract = await manager.findOneBy(Subcontract, { id });
  const contract = subcontract ? await manager.findOneBy(Contract, { id: subcontract.contractId }) : null;
  if (!subcontract || !contract || !canSeeContractor(actor, contract.contractorId))
    throw SubcontractErrors.notFound();
  return { subcontract, contract };
}

/**
 * Whether the caller may see which registered company a tier names. A contractor proposes its sub-contractor and
 * must never learn what the body's register holds (a proposed 法人番号 may belong to a company the body already
 * knows under another name): it sees its own proposal until the body approves the tier. A tier from before
 * proposals existed named a registered company the contractor chose itself.
 */
export function maySeeRegistered(actor: Actor, s: Subcontract): boolean {
  return actor.role !== 'CONTRACTOR' || s.status === 'APPROVED' || s.proposed === null;
}

/** Response DTOs for tiers, with names and notices read in two queries whatever the number of rows. */
export async function respondAll(
  manager: EntityManager,
  actor: Actor,
  rows: Subcontract[],
): Promise<SubcontractResponse[]> {
  const names = await contractorNames(
    manager,
    rows.flatMap((s) => (s.contractorId ? [s.contractorId] : [])),
  );
  const decided = rows.filter((s) => s.status === 'APPROVED' || s.status === 'REJECTED').map((s) => s.id);
  const notices = decided.length
    ? await manager.find(IssuedDocument, {
        where: { ownerType: SUBCONTRACT_OWNER, ownerId: In(decided), kind: In([...NOTICE_KINDS]) },
      })
    : [];
  const byOwner = new Map(notices.map((d) => [d.ownerId, d]));
  return rows.map((s) => {
    const visible = maySeeRegistered(actor, s);
    const registeredName = s.contractorId ? (names.get(s.contractorId) ?? null) : null;
    const doc = byOwner.get(s.id);
    return toSubcontractResponse(
      s,
      { name: visible ? registeredName : null, showId: visible },
      doc ? noticeOf(doc) : null,
    );
  });
}

export function noticeOf(doc: IssuedDocument): SubcontractNoticeResponse {
  return {
    kind: doc.kind,
    documentNumber: doc.documentNumber,
    issuedAt: doc.issuedAt.toISOString(),
    url: `/api/subcontracts/${doc.ownerId}/notice.pdf`,
  };
}
