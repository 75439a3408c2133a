import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import { todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { findVisibleContract, lockContract } from '../contracts/contract-access';
import { canTakeContractStep, CONTRACT_TRANSITIONS } from '../contracts/contract-lifecycle';
import type { Contract } from '../contracts/contract.entity';
import { ContractErrors } from '../contracts/contracts.errors';
import { ContractsService } from '../contracts/contracts.service';
import { Subcontract } from '../contracts/subcontract.entity';
import { toEvidenceResponse, type EvidenceResponse } from '../evidence/dto/evidence.dto';
import { Evidence } from '../evidence/evidence.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { deciders } from '../notifications/pending-work-notices';
import { contractorUsersByCompany } from '../notifications/recipients';
import {
  closeOutConfirmedNotice,
  closeOutReturnedNotice,
  closeOutSubmittedNotice,
  contractFacts,
} from './close-out-notices';
import { ContractCloseOut, type CloseOutSection } from './close-out.entity';
import { CloseOutErrors, type MissingParty } from './close-out.errors';
import {
  checkCloseOutStep,
  OUTSTANDING_CLOSE_OUT,
  WITH_CONTRACTOR,
  type CloseOutStatus,
  type CloseOutStep,
} from './close-out.state';
import type {
  CloseOutPartyResponse,
  CloseOutResponse,
  CloseOutSectionInput,
  ConfirmCloseOutRequest,
  SubmitCloseOutRequest,
} from './dto/close-out.dto';

/** A report not yet confirmed, as ホーム lists it. */
export interface OutstandingCloseOut {
  contractId: string;
  contractNumber: string;
  contractTitle: string;
  contractorName: string;
  status: CloseOutStatus;
  dueDate: string;
  overdue: boolean;
}

/** The approved tier of a contract, as a party of the report. */
interface Party extends CloseOutPartyResponse {
  party: 'CONTRACTOR' | 'SUBCONTRACTOR';
}

/**
 * 返還・廃棄報告 (特記事項 情報資産の返還及び消去・消去証明書の提出; policy Art. 6(6)(ア), MIC guideline item 9):
 * owed when the contract ends or is terminated, submitted by the contractor with a section per party and its
 * 消去証明書, confirmed by the officer — which closes the contract — or sent back.
 */
@Injectable()
export class CloseOutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly contracts: ContractsService,
    private readonly notifications: NotificationsService,
  ) {}

  async get(actor: Actor, contractId: string): Promise<CloseOutResponse> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, contractId);
    const row = await manager.findOneBy(ContractCloseOut, { contractId });
    if (!row) throw CloseOutErrors.notOwed(contract.status);
    return this.respond(manager, contract, row);
  }

  /**
   * Reports not yet confirmed (OWED, RETURNED: with the contractor; SUBMITTED: with the officer), the earliest due
   * first, for ホーム; a CONTRACTOR sees only its own company's.
   */
  async outstanding(actor: Actor, limit = 50): Promise<OutstandingCloseOut[]> {
    const qb = this.dataSource.manager
      .createQueryBuilder(ContractCloseOut, 'o')
      .innerJoinAndSelect('o.contract', 'c')
      .innerJoinAndSelect('o.contractor', 'k')
      .where('o.status IN (:...open)', { open: [...OUTSTANDING_CLOSE_OUT] })
      .orderBy('o.dueDate', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit);
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('o.contractorId = :scope', { scope });
    const today = todayInJapan();
    return (await qb.getMany()).map((o) => ({
      contractId: o.contractId,
      contractNumber: o.contract?.contractNumber ?? '',
      contractTitle: o.contract?.title ?? '',
      contractorName: o.contractor?.name ?? '',
      status: o.status,
      dueDate: o.dueDate,
      overdue: WITH_CONTRACTOR.includes(o.status) && o.dueDate < today,
    }));
  }

  /** How many reports are not yet confirmed (the dashboard's count; staff only). */
  countOutstanding(): Promise<number> {
    return this.dataSource.manager.count(ContractCloseOut, {
      where: { status: In([...OUTSTANDING_CLOSE_OUT]) },
    });
  }

  /** The contractor's report (OWED or RETURNED → SUBMITTED); the deciding staff are notified. */
  async submit(actor: Actor, contractId: string, input: SubmitCloseOutRequest): Promise<CloseOutResponse> {
    return this.tx.run(async (t) => {
      const { contract, row } = await this.loadForStep(t.manager, actor, contractId, input.version, 'submit');
      const parties = await partiesOf(t.manager, contract);
      const sections = await checkedSections(t.manager, row, parties, input.sections);
      const now = new Date();
      const submission = row.submissions + 1;
      const updated = await bump(t.manager, row, {
        status: 'SUBMITTED',
        sections,
        submissions: submission,
        submittedAt: now,
        submittedBy: actor.userId,
      });
      await t.audit({
        actor,
        action: 'close_out.submit',
        entityType: 'contract_close_out',
        entityId: row.id,
        summary: {
          contractId,
          submission,
          sections: sections.map((s) => ({
            party: s.partyName,
            returned: s.returned.length,
            erased: s.erased.length,
            certificates: s.certificateEvidenceIds,
          })),
        },
      });
      const contractorName = parties[0]?.name ?? '';
      await this.notifications.notify(
        t.manager,
        closeOutSubmittedNotice(
          contractFacts(contract, contractorName),
          updated,
          submission,
          await deciders(t.manager, contract, actor.userId),
        ),
      );
      return this.respond(t.manager, contract, updated);
    });
  }

  /**
   * The officer's decision on a SUBMITTED report: confirmed (→ CONFIRMED, and the contract → CLOSED in the same
   * transaction) or sent back with the reason (→ RETURNED; the contractor is told and submits again).
   */
  async decide(actor: Actor, contractId: string, input: ConfirmCloseOutRequest): Promise<CloseOutResponse> {
    const step: CloseOutStep = input.confirmed ? 'confirm' : 'sendBack';
    // Stored as given; a note of blanks only is refused by the DTO's plain-text rule.
    const note = input.note ? input.note : null;
    return this.tx.run(async (t) => {
      const { contract, row } = await this.loadForStep(t.manager, actor, contractId, input.version, step);
      if (!input.confirmed && note === null) throw CloseOutErrors.reasonRequired();
      const now = new Date();
      const updated = await bump(
        t.manager,
        row,
        input.confirmed
          ? { status: 'CONFIRMED', confirmationNote: note, decidedBy: actor.userId, decidedAt: now }
          : { status: 'RETURNED', returnReason: note, decidedBy: actor.userId, decidedAt: now },
      );
      let current: Contract = contract;
      if (input.confirmed) {
        // The only way a contract is closed (contract-lifecycle.ts).
        if (!canTakeContractStep('close', contract.status))
          throw ContractErrors.wrongStatus(contract.status, CONTRACT_TRANSITIONS.close.label);
        current = await this.contracts.bump(t.manager, contract, { status: 'CLOSED' });
      }
      await t.audit({
        actor,
        action: input.confirmed ? 'close_out.confirm' : 'close_out.send_back',
        entityType: 'contract_close_out',
        entityId: row.id,
        summary: {
          contractId,
          submission: row.submissions,
          ...(input.confirmed ? { note, contractStatus: 'CLOSED' } : { reason: note }),
        },
      });
      // The contractor's users hear of either decision, in the same transaction.
      const users = await contractorUsersByCompany(t.manager, [contract.contractorId]);
      const name = (await t.manager.findOneBy(Contractor, { id: contract.contractorId }))?.name ?? '';
      const userIds = users.get(contract.contractorId) ?? [];
      await this.notifications.notify(
        t.manager,
        input.confirmed
          ? closeOutConfirmedNotice(contractFacts(contract, name), updated, userIds)
          : closeOutReturnedNotice(
              contractFacts(contract, name),
              updated,
              row.submissions,
              note ?? '',
              userIds,
            ),
      );
      return this.respond(t.manager, current, updated);
    });
  }

  /** The contract and its close-out, once the caller may take `step` on it at the version it read. */
  private async loadForStep(
    manager: EntityManager,
    actor: Actor,
    contractId: string,
    version: number,
    step: CloseOutStep,
  ): Promise<{ contract: Contract; row: ContractCloseOut }> {
    await findVisibleContract(manager, actor, contractId);
    await lockContract(manager, contractId);
    const contract = await findVisibleContract(manager, actor, contractId);
    const row = await manager.findOneBy(ContractCloseOut, { contractId });
    if (!row) throw CloseOutErrors.notOwed(contract.status);
    if (row.version !== version) throw new StaleVersionError('CLOSE_OUT', { currentVersion: row.version });
    const check = checkCloseOutStep(step, row.status, actor.role);
    if (!check.ok)
      throw check.reason === 'role'
        ? CloseOutErrors.forbiddenStep(step)
        : CloseOutErrors.wrongState(row.status, step);
    return { contract, row };
  }

  private async respond(
    manager: EntityManager,
    contract: Contract,
    row: ContractCloseOut,
  ): Promise<CloseOutResponse> {
    const [parties, files] = await Promise.all([
      partiesOf(manager, contract),
      manager.find(Evidence, {
        where: { ownerType: 'CLOSE_OUT', ownerId: row.id },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    ]);
    const byId = new Map(files.map((f) => [f.id, toEvidenceResponse(f)]));
    const today = todayInJapan();
    return {
      id: row.id,
      contractId: contract.id,
      contractNumber: contract.contractNumber,
      contractTitle: contract.title,
      contractStatus: contract.status,
      contractorId: contract.contractorId,
      contractorName: parties[0]?.name ?? '',
      status: row.status,
      basis: row.basis,
      endedOn: row.endedOn,
      returnDays: row.returnDays,
      dueDate: row.dueDate,
      overdue: WITH_CONTRACTOR.includes(row.status) && row.dueDate < today,
      parties: parties.map((p) => ({ subcontractId: p.subcontractId, name: p.name })),
      sections: (row.sections ?? []).map((s) => ({
        party: s.party,
        subcontractId: s.subcontractId,
        name: s.partyName,
        returned: s.returned,
        erased: s.erased,
        certificates: s.certificateEvidenceIds.flatMap((id): EvidenceResponse[] => {
          const file = byId.get(id);
          return file ? [file] : [];
        }),
      })),
      attachments: [...byId.values()],
      submissions: row.submissions,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      returnReason: row.returnReason,
      confirmationNote: row.confirmationNote,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      version: row.version,
    };
  }
}

/** The contractor, then each APPROVED sub-contractor of the contract (oldest approval first). */
export async function partiesOf(manager: EntityManager, contract: Contract): Promise<Party[]> {
  const [company, tiers] = await Promise.all([
    manager.findOne(Contractor, { select: { id: true, name: true }, where: { id: contract.contractorId } }),
    manager.find(Subcontract, {
      where: { contractId: contract.id, status: 'APPROVED' },
      order: { createdAt: 'ASC', id: 'ASC' },
    }),
  ]);
  const registered = tiers.flatMap((s) => (s.contractorId ? [s.contractorId] : []));
  const names = new Map(
    registered.length
      ? (
          await manager.find(Contractor, { select: { id: true, name: true }, where: { id: In(registered) } })
        ).map((c) => [c.id, c.name])
      : [],
  );
  return [
    { party: 'CONTRACTOR', subcontractId: null, name: company?.name ?? '' },
    ...tiers.map((s): Party => ({
      party: 'SUBCONTRACTOR',
      subcontractId: s.id,
      name: (s.contractorId ? names.get(s.contractorId) : undefined) ?? s.proposed?.name ?? '',
    })),
  ];
}

/**
 * The sections as they are stored, once they name exactly the parties (the contractor once, each approved
 * sub-contractor once), each states something returned or erased, and each carries its 消去証明書 — files attached
 * to this close-out. Every refusal names what is missing.
 */
async function checkedSections(
  manager: EntityManager,
  row: ContractCloseOut,
  parties: Party[],
  input: CloseOutSectionInput[],
): Promise<CloseOutSection[]> {
  const keyOf = (id: string | null | undefined): string => id?.toLowerCase() ?? '';
  const byKey = new Map(parties.map((p) => [keyOf(p.subcontractId), p]));
  const seen = new Set<string>();
  const unknown: string[] = [];
  for (const s of input) {
    const key = keyOf(s.subcontractId);
    if (!byKey.has(key) || seen.has(key)) unknown.push(s.subcontractId ?? '');
    seen.add(key);
  }
  if (!seen.has('')) throw CloseOutErrors.contractorSectionMissing();
  const missing = parties.filter((p) => !seen.has(keyOf(p.subcontractId)));
  const named = (p: Party): MissingParty => ({ subcontractId: p.subcontractId, name: p.name });
  if (missing.length > 0) throw CloseOutErrors.sectionMissing(missing.map(named));
  if (unknown.length > 0) throw CloseOutErrors.sectionUnknown(unknown);
  const ordered = parties.map((p) => ({
    party: p,
    input: input.find((s) => keyOf(s.subcontractId) === keyOf(p.subcontractId)) as CloseOutSectionInput,
  }));
  const empty = ordered.filter((o) => o.input.returned.length === 0 && o.input.erased.length === 0);
  if (empty.length > 0) throw CloseOutErrors.sectionEmpty(empty.map((o) => named(o.party)));
  const uncertified = ordered.filter((o) => o.input.certificateEvidenceIds.length === 0);
  if (uncertified.length > 0) throw CloseOutErrors.certificateMissing(uncertified.map((o) => named(o.party)));
  const ids = [
    ...new Set(ordered.flatMap((o) => o.input.certificateEvidenceIds.map((id) => id.toLowerCase()))),
  ];
  const attached = new Set(
    (
      await manager.find(Evidence, {
        select: { id: true },
        where: { id: In(ids), ownerType: 'CLOSE_OUT', ownerId: row.id },
      })
    ).map((e) => e.id),
  );
  const foreign = ids.filter((id) => !attached.has(id));
  if (foreign.length > 0) throw CloseOutErrors.evidenceInvalid(foreign);
  return ordered.map(({ party, input: s }) => ({
    party: party.party,
    subcontractId: party.subcontractId,
    partyName: party.name,
    returned: s.returned.map((r) => ({ item: r.item, returnedOn: r.returnedOn })),
    erased: s.erased.map((e) => ({
      object: e.object,
      method: e.method,
      media: e.media,
      erasedOn: e.erasedOn,
      place: e.place,
      performedBy: e.performedBy,
      witness: e.witness,
    })),
    certificateEvidenceIds: [...new Set(s.certificateEvidenceIds.map((id) => id.toLowerCase()))],
  }));
}

/** Explicit optimistic lock on the close-out row. */
async function bump(
  manager: EntityManager,
  row: ContractCloseOut,
  changes: Partial<ContractCloseOut>,
): Promise<ContractCloseOut> {
  const next = { ...changes, version: row.version + 1, updatedAt: new Date() };
  const result = await manager.update(ContractCloseOut, { id: row.id, version: row.version }, next);
  if (!result.affected) throw new StaleVersionError('CLOSE_OUT');
  return { ...row, ...next };
}
