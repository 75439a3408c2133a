import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { Contractor } from '../contractors/contractor.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import type { IssuedDocument } from '../documents/issued-document.entity';
import { IssuedDocuments } from '../documents/issued-documents.service';
import {
  type SubcontractAuthority,
  type SubcontractDecisionInput,
  validateSubcontractDecisionInput,
} from '../documents/subcontract-decision';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { User } from '../users/user.entity';
import { ContractClause } from './contract-clause.entity';
import type { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import type {
  DecideSubcontractRequest,
  RegisterSubcontractRequest,
  SubcontractResponse,
} from './dto/subcontract.dto';
import { findVisibleSubcontract, NOTICE_KINDS, respondAll, SUBCONTRACT_OWNER } from './subcontract-access';
import { Subcontract } from './subcontract.entity';
import { canTake, SUBCONTRACT_TRANSITIONS } from './subcontract.state';
import { SubcontractErrors } from './subcontracts.errors';
import { assertNoDuplicate, assertNotInChain, SubcontractsService } from './subcontracts.service';

/**
 * The body's side of a 再委託 request: registering the proposed company, then approving or refusing, each decision
 * issuing its notice (再委託承認通知書 / 不承認通知書) as a record in the same transaction: 文書番号 from the issuer
 * settings' pattern, the addressee, signer and contact as they are that day, the article of the signed 特記事項.
 * The PDF is rendered from that record once, stored by SHA-256, and every download is those bytes.
 */
@Injectable()
export class SubcontractDecisionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly subcontracts: SubcontractsService,
    private readonly settings: IssuerSettingsService,
    private readonly documents: IssuedDocuments,
    private readonly renderer: DocumentRenderer,
  ) {}

  /**
   * Registers the proposed sub-contractor: the company named by `contractorId`, else the registered one with the
   * proposed 法人番号, else a new contractor record made from the proposal.
   */
  async register(actor: Actor, id: string, input: RegisterSubcontractRequest): Promise<SubcontractResponse> {
    return this.tx.run(async (t) => {
      const { subcontract, contract } = await findVisibleSubcontract(t.manager, actor, id);
      if (subcontract.version !== input.version)
        throw new StaleVersionError('SUBCONTRACT', { currentVersion: subcontract.version });
      const proposed = subcontract.proposed;
      if (!canTake('register', subcontract.status) || proposed === null)
        throw SubcontractErrors.invalidState(subcontract.status, 'register');

      let company: Contractor | null = null;
      let created = false;
      if (input.contractorId !== undefined) {
        company = await t.manager.findOneBy(Contractor, { id: input.contractorId });
        if (!company || company.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();
        if (proposed.corporateNumber !== null && company.corporateNumber !== proposed.corporateNumber)
          throw SubcontractErrors.corporateNumberMismatch();
      } else if (proposed.corporateNumber !== null) {
        company = await t.manager.findOneBy(Contractor, { corporateNumber: proposed.corporateNumber });
        if (company && company.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();
      }
      if (company === null) {
        company = await createContractorRow(t.manager, proposed);
        created = true;
        await t.audit({
          actor,
          action: 'contractor.create',
          entityType: 'contractor',
          entityId: company.id,
          summary: { from: 'subcontract', subcontractId: id, ...proposed },
        });
      }
      if (company.id === contract.contractorId) throw SubcontractErrors.primeContractor();
      const identity = { id: company.id, corporateNumber: company.corporateNumber };
      if (subcontract.parentSubcontractId !== null) {
        const parent = await t.manager.findOneByOrFail(Subcontract, { id: subcontract.parentSubcontractId });
        await assertNotInChain(t.manager, parent, identity);
      }
      await assertNoDuplicate(t.manager, contract.id, subcontract.parentSubcontractId, identity, id);

      const next = {
        contractorId: company.id,
        status: SUBCONTRACT_TRANSITIONS.register.to,
        registeredBy: actor.userId,
        registeredAt: new Date(),
        version: subcontract.version + 1,
      };
      const result = await t.manager.update(Subcontract, { id, version: subcontract.version }, next);
      if (!result.affected) throw new StaleVersionError('SUBCONTRACT');
      await t.audit({
        actor,
        action: 'subcontract.register',
        entityType: 'subcontract',
        entityId: id,
        summary: {
          contractId: contract.id,
          contractorId: company.id,
          contractorName: company.name,
          created,
          proposedName: proposed.name,
        },
      });
      const [response] = await respondAll(t.manager, actor, [{ ...subcontract, ...next }]);
      return response;
    });
  }

  async decide(actor: Actor, id: string, input: DecideSubcontractRequest): Promise<SubcontractResponse> {
    const note = input.note?.trim() ? input.note.trim() : null;
    if (!input.approved && note === null) throw SubcontractErrors.noteRequired();
    const step = input.approved ? 'approve' : 'reject';
    const decided = await this.tx.run(async (t) => {
      const { subcontract, contract } = await findVisibleSubcontract(t.manager, actor, id);
      if (subcontract.version !== input.version)
        throw new StaleVersionError('SUBCONTRACT', { currentVersion: subcontract.version });
      if (!canTake(step, subcontract.status)) throw SubcontractErrors.invalidState(subcontract.status, step);
      // The notice cites the article of the 特記事項 as signed: a draft has none yet.
      if (contract.status === 'DRAFT') throw SubcontractErrors.contractNotSigned();
      if (contract.status !== 'ACTIVE')
        throw ContractErrors.wrongStatus(contract.status, SUBCONTRACT_TRANSITIONS[step].label);
      const company = subcontract.contractorId
        ? await t.manager.findOneByOrFail(Contractor, { id: subcontract.contractorId })
        : null;
      if (input.approved) {
        // The request may be old: approve only what the contract and the company allow now.
        if (await this.subcontracts.forbidsSubcontracting(t.manager, contract.id))
          throw SubcontractErrors.forbiddenByContract();
        if (!company || company.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();
      }
      const now = new Date();
      // Approval comes before the start (第1項): a start that passed while the request waited is not approved
      // after the fact. The day itself may still be approved.
      const today = todayInJapan(now);
      if (input.approved && subcontract.plannedStartDate !== null && subcontract.plannedStartDate < today)
        throw SubcontractErrors.startPassed(subcontract.plannedStartDate, today);
      const next = {
        status: SUBCONTRACT_TRANSITIONS[step].to,
        decidedBy: actor.userId,
        decidedAt: now,
        decisionNote: note,
        version: subcontract.version + 1,
      };
      const result = await t.manager.update(Subcontract, { id, version: subcontract.version }, next);
      if (!result.affected) throw new StaleVersionError('SUBCONTRACT');
      const row = { ...subcontract, ...next };
      const record = await this.issueNotice(t.manager, row, contract, company, actor, now);
      // Rendered once, here, and stored by its SHA-256 in this transaction: a notice that cannot be rendered (a
      // character the fonts lack) refuses the decision rather than record a document nobody could print.
      await this.documents.pdf<SubcontractDecisionInput>(t.manager, record, (doc) =>
        this.renderer.renderSubcontractDecision(doc),
      );
      await t.audit({
        actor,
        action: input.approved ? 'subcontract.approve' : 'subcontract.reject',
        entityType: 'subcontract',
        entityId: id,
        summary: {
          contractId: contract.id,
          contractorId: company?.id ?? null,
          contractorName: company?.name ?? subcontract.proposed?.name ?? null,
          status: next.status,
          note,
          documentId: record.id,
          documentNumber: record.documentNumber,
        },
      });
      return { row, record };
    });
    const [response] = await respondAll(this.dataSource.manager, actor, [decided.row]);
    return response;
  }

  /** The notice as issued: the stored bytes. */
  async notice(actor: Actor, id: string): Promise<{ bytes: Buffer; fileName: string }> {
    const manager = this.dataSource.manager;
    const { subcontract } = await findVisibleSubcontract(manager, actor, id);
    let record: IssuedDocument | null = null;
    for (const kind of NOTICE_KINDS) {
      record ??= await this.documents.find(manager, SUBCONTRACT_OWNER, subcontract.id, kind);
    }
    if (!record) throw SubcontractErrors.noticeNotIssued();
    const { bytes } = await this.documents.pdf<SubcontractDecisionInput>(manager, record, (doc) =>
      this.renderer.renderSubcontractDecision(doc),
    );
    const what = record.kind === 'SUBCONTRACT_APPROVAL' ? 'shounin' : 'fushounin';
    return { bytes, fileName: `saiitaku-${what}-${record.documentNumber ?? subcontract.id}.pdf` };
  }

  private async issueNotice(
    manager: EntityManager,
    row: Subcontract,
    contract: Contract,
    company: Contractor | null,
    actor: Actor,
    now: Date,
  ): Promise<IssuedDocument> {
    const settings = await this.settings.current(manager);
    const [prime, clause, officer, parent] = await Promise.all([
      manager.findOneByOrFail(Contractor, { id: contract.contractorId }),
      manager.findOneBy(ContractClause, { contractId: contract.id, clauseCode: 'SUBCONTRACT_APPROVAL' }),
      manager.findOneBy(User, { id: actor.userId }),
      row.parentSubcontractId ? manager.findOneBy(Subcontract, { id: row.parentSubcontractId }) : null,
    ]);
    const parentCompany = parent?.contractorId
      ? await manager.findOneBy(Contractor, { id: parent.contractorId })
      : null;
    const approved = row.status === 'APPROVED';
    // An approval names the company the body registered; a refusal only what the contractor itself proposed, so
    // it never learns what the register holds for a 法人番号 it typed.
    const named =
      approved || !row.proposed
        ? {
            name: company?.name ?? '',
            corporateNumber: company?.corporateNumber ?? null,
            address: company?.address ?? '',
          }
        : {
            name: row.proposed.name,
            corporateNumber: row.proposed.corporateNumber,
            address: row.proposed.address,
          };
    const signer = settings.signers.SUBCONTRACT_DECISION;
    const issuedDate = todayInJapan(now);
    const input: Omit<SubcontractDecisionInput, 'documentNumber'> = {
      decision: approved ? 'APPROVED' : 'REJECTED',
      issuedDate,
      orgName: settings.orgName,
      issuerTitle: signer.title.trim() || '情報セキュリティ管理者',
      issuerName: signer.name.trim() || null,
      sealOmitted: settings.sealOmitted,
      contractor: { name: prime.name, representativeName: prime.representativeName },
      contract: { contractNumber: contract.contractNumber, title: contract.title },
      request: {
        requestedDate: todayInJapan(row.createdAt),
        subcontractor: named,
        parentName: parentCompany?.name ?? null,
        scope: row.scope,
        informationHandled: row.informationHandled,
        workers: (row.workers ?? []).map((w) => ({ name: w.name, role: w.role })),
        plannedStartDate: row.plannedStartDate,
      },
      note: row.decisionNote,
      authority: clause ? authorityOf(clause) : null,
      // The settings' contact block; a field left blank there falls back to the contract's department and the
      // deciding officer, so a notice never goes out without someone to ask.
      contact: {
        department: settings.contactSection.trim() || contract.department,
        name: settings.contactPerson.trim() || officer?.displayName || signer.title,
        ...(settings.contactPhone.trim() ? { phone: settings.contactPhone.trim() } : {}),
        ...(settings.contactEmail.trim()
          ? { email: settings.contactEmail.trim() }
          : officer?.email
            ? { email: officer.email }
            : {}),
      },
    };
    // Refuse now what could never be rendered, rather than record it.
    validateSubcontractDecisionInput({ ...input, documentNumber: null });
    return this.documents.issue(manager, {
      kind: approved ? 'SUBCONTRACT_APPROVAL' : 'SUBCONTRACT_REJECTION',
      ownerType: SUBCONTRACT_OWNER,
      ownerId: row.id,
      issuedOn: issuedDate,
      issuedAt: now,
      issuedBy: actor.userId,
      numberPattern: settings.documentNumberPattern.trim() || null,
      build: (documentNumber) => ({ ...input, documentNumber }),
    });
  }
}

/**
 * Where the signed 再委託の制限 clause requires the body's prior written approval (「甲の書面による承認」, 第1項
 * ただし書), the written request with its lead time (「日前までに」, 第2項) and equal duties for the sub-contractor
 * (「同等の義務」, 第3項): found in the text as signed, so a contract signed under an older catalogue is cited as
 * it reads.
 */
export function authorityOf(clause: ContractClause): SubcontractAuthority | null {
  if (clause.articleNo === null || !clause.renderedText) return null;
  const paragraphs = clause.renderedText.split('\n');
  const find = (pattern: RegExp): number | null => {
    const i = paragraphs.findIndex((p) => pattern.test(p));
    return i < 0 ? null : i + 1;
  };
  const approval = find(/書面による承認/u);
  if (approval === null) return null;
  return {
    articleNo: clause.articleNo,
    title: clause.title ?? '再委託の制限',
    approvalParagraph: approval,
    proviso: /ただし、/u.test(paragraphs[approval - 1]),
    requestParagraph: find(/日前までに/u),
    flowDownParagraph: find(/同等の義務/u),
  };
}

/** A contractor record made from what the contractor proposed (the officer has checked it against the request). */
async function createContractorRow(
  manager: EntityManager,
  proposed: NonNullable<Subcontract['proposed']>,
): Promise<Contractor> {
  const now = new Date();
  const row: Contractor = {
    id: randomUUID(),
    corporateNumber: proposed.corporateNumber,
    name: proposed.name,
    nameKana: null,
    address: proposed.address,
    representativeName: proposed.representativeName,
    securityOfficerName: proposed.securityOfficer.name,
    securityOfficerEmail: proposed.securityOfficer.email,
    securityOfficerPhone: proposed.securityOfficer.phone,
    status: 'ACTIVE',
    notes: '再委託の申請から登録',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await insertRows(manager, Contractor, row);
  return row;
}
