import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, Not, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { addDays, todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { pageByCreatedAt } from '../../common/pagination/keyset';
import type { PageQuery } from '../../common/pagination/page.query';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { Contractor } from '../contractors/contractor.entity';
import { assertPrintable } from '../documents/pdf-fonts';
import { NotificationMailer } from '../notifications/notification-mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { deciders, subcontractRequestedNotice } from '../notifications/pending-work-notices';
import { findVisibleContract, lockContract } from './contract-access';
import { ContractClause } from './contract-clause.entity';
import { Contract, type ContractStatus } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import type {
  CreateSubcontractRequest,
  SubcontractResponse,
  WithdrawSubcontractRequest,
} from './dto/subcontract.dto';
import { findVisibleSubcontract, respondAll } from './subcontract-access';
import { Subcontract, type ProposedSubcontractor } from './subcontract.entity';
import { canTake, PENDING_STATUSES, SUBCONTRACT_TRANSITIONS } from './subcontract.state';
import { SubcontractErrors } from './subcontracts.errors';

/** Sub-contracting is requested and decided only while the contract is being drafted or is running. */
export const OPEN_FOR_SUBCONTRACTING: ContractStatus[] = ['DRAFT', 'ACTIVE'];

/** The clause whose 第2項 sets the lead time, and its parameter. */
const APPROVAL_CLAUSE = 'SUBCONTRACT_APPROVAL';
const LEAD_PARAM = 'requestDays';
/** When neither the contract nor the catalogue states one (the catalogue's default is 14). */
const FALLBACK_LEAD_DAYS = 14;

/**
 * 再委託: the contractor asks in writing, the body registers the company and approves or refuses, tier by tier
 * (MIC guideline item 8: prior written approval; policy Art. 2(3): a sub-contractor is a 受託者 too). Registration
 * and decisions are in SubcontractDecisionsService; the steps are the table in subcontract.state.ts.
 */
@Injectable()
export class SubcontractsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly clauses: ClauseCatalogueService,
    private readonly notifications: NotificationsService,
    private readonly mailer: NotificationMailer,
  ) {}

  /** Every tier of the contract, oldest first (a parent always precedes its children). */
  async list(actor: Actor, contractId: string, query: PageQuery): Promise<Page<SubcontractResponse>> {
    const manager = this.dataSource.manager;
    await findVisibleContract(manager, actor, contractId);
    const qb = manager
      .createQueryBuilder(Subcontract, 's')
      .where('s.contractId = :contractId', { contractId });
    const page = await pageByCreatedAt(qb, query, 'ASC');
    return { items: await respondAll(manager, actor, page.rows), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<SubcontractResponse> {
    const manager = this.dataSource.manager;
    const { subcontract } = await findVisibleSubcontract(manager, actor, id);
    const [response] = await respondAll(manager, actor, [subcontract]);
    return response;
  }

  async request(
    actor: Actor,
    contractId: string,
    input: CreateSubcontractRequest,
  ): Promise<SubcontractResponse> {
    const requested = await this.tx.run(async (t) => {
      // Serialises requests on one contract, so two identical ones cannot both pass the duplicate check.
      await lockContract(t.manager, contractId);
      const contract = await findVisibleContract(t.manager, actor, contractId);
      // A contractor never names a registered company: it would need the body's register to do so.
      if (actor.role === 'CONTRACTOR' && input.subcontractor === undefined)
        throw SubcontractErrors.proposalRequired();
      if ((input.contractorId === undefined) === (input.subcontractor === undefined))
        throw SubcontractErrors.proposalOrContractor();
      // What the decision's notice will print must be printable, or the request could never be decided.
      assertPrintable(printedRequestText(input));
      if (!OPEN_FOR_SUBCONTRACTING.includes(contract.status))
        throw ContractErrors.wrongStatus(contract.status, '再委託の申請');
      if (await this.forbidsSubcontracting(t.manager, contractId))
        throw SubcontractErrors.forbiddenByContract();

      // 特記事項 再委託の制限 第2項: the request is due the clause's number of days before the start.
      const leadDays = await this.leadDays(t.manager, contract);
      const earliest = addDays(todayInJapan(), leadDays);
      if (input.plannedStartDate < earliest) throw SubcontractErrors.leadTime(earliest, leadDays);
      if (input.plannedStartDate > contract.endDate)
        throw SubcontractErrors.startAfterContractEnd(contract.endDate);

      const prime = await t.manager.findOneByOrFail(Contractor, { id: contract.contractorId });
      const proposed = input.subcontractor ? proposalOf(input.subcontractor) : null;
      let registered: Contractor | null = null;
      if (input.contractorId !== undefined) {
        registered = await t.manager.findOneBy(Contractor, { id: input.contractorId });
        if (!registered || registered.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();
      }
      const identity = {
        id: registered?.id ?? null,
        corporateNumber: registered?.corporateNumber ?? proposed?.corporateNumber ?? null,
      };
      if (
        identity.id === prime.id ||
        (identity.corporateNumber && identity.corporateNumber === prime.corporateNumber)
      )
        throw SubcontractErrors.primeContractor();

      const parentId = input.parentSubcontractId ?? null;
      if (parentId !== null) {
        const parent = await t.manager.findOneBy(Subcontract, { id: parentId, contractId });
        if (!parent || parent.status !== 'APPROVED') throw SubcontractErrors.parentNotApproved();
        await assertNotInChain(t.manager, parent, identity);
      }
      await assertNoDuplicate(t.manager, contractId, parentId, identity, null);

      const step = registered ? SUBCONTRACT_TRANSITIONS.requestRegistered : SUBCONTRACT_TRANSITIONS.request;
      const now = new Date();
      const row: Subcontract = {
        id: randomUUID(),
        contractId,
        contractorId: registered?.id ?? null,
        parentSubcontractId: parentId,
        proposed,
        proposedCorporateNumber: proposed?.corporateNumber ?? null,
        scope: input.scope,
        necessity: input.necessity,
        informationHandled: input.informationHandled,
        securityMeasures: input.securityMeasures,
        workers: input.workers.map((w) => ({ name: w.name, role: w.role })),
        plannedStartDate: input.plannedStartDate,
        leadDays,
        status: step.to,
        requestedBy: actor.userId,
        registeredBy: registered ? actor.userId : null,
        registeredAt: registered ? now : null,
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        version: 1,
        createdAt: now,
      };
      await insertRows(t.manager, Subcontract, row);
      await t.audit({
        actor,
        action: 'subcontract.request',
        entityType: 'subcontract',
        entityId: row.id,
        summary: {
          contractId,
          status: row.status,
          contractorId: row.contractorId,
          contractorName: registered?.name ?? null,
          proposed,
          parentSubcontractId: parentId,
          scope: input.scope,
          plannedStartDate: input.plannedStartDate,
          leadDays,
          workers: row.workers,
        },
      });
      // The officers who decide hear of it in the app (and by e-mail after the commit), once per request.
      await this.notifications.notify(
        t.manager,
        subcontractRequestedNotice(
          { ...contract, contractorName: prime.name },
          {
            subcontractId: row.id,
            subcontractorName: registered?.name ?? proposed?.name ?? '',
            scope: row.scope,
            plannedStartDate: input.plannedStartDate,
            registered: registered !== null,
            byContractor: actor.role === 'CONTRACTOR',
          },
          await deciders(t.manager, contract, actor.userId),
        ),
      );
      const [response] = await respondAll(t.manager, actor, [row]);
      return response;
    });
    this.mailer.flushSoon();
    return requested;
  }

  /** The contractor (or staff for it) takes back a request not yet decided. */
  async withdraw(actor: Actor, id: string, input: WithdrawSubcontractRequest): Promise<SubcontractResponse> {
    return this.tx.run(async (t) => {
      const { subcontract } = await findVisibleSubcontract(t.manager, actor, id);
      if (subcontract.version !== input.version)
        throw new StaleVersionError('SUBCONTRACT', { currentVersion: subcontract.version });
      if (!canTake('withdraw', subcontract.status))
        throw SubcontractErrors.invalidState(subcontract.status, 'withdraw');
      const next = {
        status: SUBCONTRACT_TRANSITIONS.withdraw.to,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        decisionNote: input.reason,
        version: subcontract.version + 1,
      };
      const result = await t.manager.update(Subcontract, { id, version: subcontract.version }, next);
      if (!result.affected) throw new StaleVersionError('SUBCONTRACT');
      await t.audit({
        actor,
        action: 'subcontract.withdraw',
        entityType: 'subcontract',
        entityId: id,
        summary: { contractId: subcontract.contractId, status: next.status, reason: input.reason },
      });
      const [response] = await respondAll(t.manager, actor, [{ ...subcontract, ...next }]);
      return response;
    });
  }

  /** The lead time of a contract the caller may see (for the request form's hint). */
  async leadDaysOf(actor: Actor, contractId: string): Promise<number> {
    const contract = await findVisibleContract(this.dataSource.manager, actor, contractId);
    return this.leadDays(this.dataSource.manager, contract);
  }

  /**
   * Days before the start the request is due (再委託の制限 第2項): the contract's own parameter — frozen at
   * approval, so the signed value even after the catalogue's default changes — or, for a clause signed with the
   * default, the number its signed text states; a draft takes today's catalogue default.
   */
  async leadDays(manager: EntityManager, contract: Contract): Promise<number> {
    const row = await manager.findOneBy(ContractClause, {
      contractId: contract.id,
      clauseCode: APPROVAL_CLAUSE,
    });
    const own = row?.params?.[LEAD_PARAM];
    if (typeof own === 'number' && Number.isSafeInteger(own) && own > 0) return own;
    if (contract.status !== 'DRAFT' && row?.renderedText) {
      const signed = /([0-9０-９]+)日前までに/u.exec(row.renderedText.normalize('NFKC'));
      if (signed) return Number(signed[1]);
    }
    const param = this.clauses.find(APPROVAL_CLAUSE)?.params.find((p) => p.name === LEAD_PARAM);
    return param?.type === 'integer' ? param.default : FALLBACK_LEAD_DAYS;
  }

  async forbidsSubcontracting(manager: EntityManager, contractId: string): Promise<boolean> {
    const rows = await manager.find(ContractClause, { select: { clauseCode: true }, where: { contractId } });
    return this.clauses.forbidsSubcontracting(rows.map((r) => r.clauseCode));
  }
}

function printedRequestText(input: CreateSubcontractRequest): string {
  const p = input.subcontractor;
  return [
    p?.name ?? '',
    p?.address ?? '',
    input.scope,
    input.informationHandled,
    ...input.workers.flatMap((w) => [w.name, w.role]),
  ].join('');
}

function proposalOf(input: NonNullable<CreateSubcontractRequest['subcontractor']>): ProposedSubcontractor {
  return {
    name: input.name,
    corporateNumber: input.corporateNumber ?? null,
    address: input.address,
    representativeName: input.representativeName,
    securityOfficer: {
      name: input.securityOfficer.name,
      email: input.securityOfficer.email,
      phone: input.securityOfficer.phone,
    },
  };
}

/** A company as far as it is known: a registered id, or only the 法人番号 proposed. */
export interface Identity {
  id: string | null;
  corporateNumber: string | null;
}

/** Refuses a company already in the chain above `parent` (the tier itself and every tier above it). */
export async function assertNotInChain(
  manager: EntityManager,
  parent: Subcontract,
  identity: Identity,
): Promise<void> {
  const tiers = [parent];
  const seen = new Set([parent.id]);
  let current = parent;
  while (current.parentSubcontractId !== null && !seen.has(current.parentSubcontractId)) {
    const above = await manager.findOneBy(Subcontract, { id: current.parentSubcontractId });
    if (!above) break;
    seen.add(above.id);
    tiers.push(above);
    current = above;
  }
  const ids = tiers.flatMap((s) => (s.contractorId ? [s.contractorId] : []));
  if (identity.id !== null && ids.includes(identity.id)) throw SubcontractErrors.alreadyInChain();
  if (identity.corporateNumber !== null && ids.length > 0) {
    const companies = await manager.find(Contractor, {
      select: { id: true, corporateNumber: true },
      where: { id: In(ids) },
    });
    if (companies.some((c) => c.corporateNumber === identity.corporateNumber))
      throw SubcontractErrors.alreadyInChain();
  }
}

/**
 * Refuses a second pending or approved tier for the same company under the same parent: the same registered
 * company, or the same proposed 法人番号 (`except`: the tier being registered).
 */
export async function assertNoDuplicate(
  manager: EntityManager,
  contractId: string,
  parentId: string | null,
  identity: Identity,
  except: string | null,
): Promise<void> {
  const where = {
    contractId,
    parentSubcontractId: parentId ?? IsNull(),
    status: In([...PENDING_STATUSES, 'APPROVED']),
    ...(except ? { id: Not(except) } : {}),
  };
  const sameCompany =
    (identity.id !== null &&
      (await manager.existsBy(Subcontract, { ...where, contractorId: identity.id }))) ||
    (identity.corporateNumber !== null &&
      (await manager.existsBy(Subcontract, { ...where, proposedCorporateNumber: identity.corporateNumber })));
  if (sameCompany) throw SubcontractErrors.duplicate();
  if (identity.corporateNumber !== null) {
    // A registered tier whose company has this 法人番号, though it was proposed (or entered) without it.
    const registered = await manager
      .createQueryBuilder(Subcontract, 's')
      .innerJoin(Contractor, 'c', 'c.id = s.contractorId')
      .where('s.contractId = :contractId', { contractId })
      .andWhere(parentId ? 's.parentSubcontractId = :parentId' : 's.parentSubcontractId IS NULL', {
        parentId,
      })
      .andWhere('s.status IN (:...statuses)', { statuses: [...PENDING_STATUSES, 'APPROVED'] })
      .andWhere('c.corporateNumber = :number', { number: identity.corporateNumber })
      .andWhere(except ? 's.id <> :except' : '1 = 1', { except })
      .getExists();
    if (registered) throw SubcontractErrors.duplicate();
  }
}
