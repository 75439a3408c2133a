import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt } from '../../common/pagination/keyset';
import type { PageQuery } from '../../common/pagination/page.query';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { Contractor } from '../contractors/contractor.entity';
import { contractorNames, findVisibleContract, lockContract } from './contract-access';
import { ContractClause } from './contract-clause.entity';
import { Contract, type ContractStatus } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import {
  toSubcontractResponse,
  type CreateSubcontractRequest,
  type DecideSubcontractRequest,
  type SubcontractResponse,
} from './dto/subcontract.dto';
import { Subcontract } from './subcontract.entity';
import { SubcontractErrors } from './subcontracts.errors';

/** Sub-contracting is requested and decided only while the contract is being drafted or is running. */
const OPEN_FOR_SUBCONTRACTING: ContractStatus[] = ['DRAFT', 'ACTIVE'];

/**
 * 再委託: the contractor asks, the body approves or refuses, tier by tier (MIC guideline item 8: prior written
 * approval; policy Art. 2(3): a sub-contractor is a 受託者 too). Only APPROVED tiers may work on the contract.
 */
@Injectable()
export class SubcontractsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly clauses: ClauseCatalogueService,
  ) {}

  /** Every tier of the contract, oldest first (a parent always precedes its children). */
  async list(actor: Actor, contractId: string, query: PageQuery): Promise<Page<SubcontractResponse>> {
    const manager = this.dataSource.manager;
    await findVisibleContract(manager, actor, contractId);
    const qb = manager
      .createQueryBuilder(Subcontract, 's')
      .where('s.contractId = :contractId', { contractId });
    const page = await pageByCreatedAt(qb, query, 'ASC');
    const names = await contractorNames(
      manager,
      page.rows.map((s) => s.contractorId),
    );
    return mapPage(page, (s) => toSubcontractResponse(s, names.get(s.contractorId) ?? ''));
  }

  async request(
    actor: Actor,
    contractId: string,
    input: CreateSubcontractRequest,
  ): Promise<SubcontractResponse> {
    return this.tx.run(async (t) => {
      // Serialises requests on one contract, so two identical ones cannot both pass the duplicate check.
      await lockContract(t.manager, contractId);
      const contract = await findVisibleContract(t.manager, actor, contractId);
      if (!OPEN_FOR_SUBCONTRACTING.includes(contract.status))
        throw ContractErrors.wrongStatus(contract.status, '再委託の申請');
      if (await this.forbidsSubcontracting(t.manager, contractId))
        throw SubcontractErrors.forbiddenByContract();
      if (input.contractorId === contract.contractorId) throw SubcontractErrors.primeContractor();
      const sub = await t.manager.findOneBy(Contractor, { id: input.contractorId });
      if (!sub || sub.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();

      const parentId = input.parentSubcontractId ?? null;
      if (parentId !== null) {
        const parent = await t.manager.findOneBy(Subcontract, { id: parentId, contractId });
        if (!parent || parent.status !== 'APPROVED') throw SubcontractErrors.parentNotApproved();
        if ((await chainAbove(t.manager, parent)).includes(sub.id)) throw SubcontractErrors.alreadyInChain();
      }
      const duplicate = await t.manager.existsBy(Subcontract, {
        contractId,
        contractorId: sub.id,
        parentSubcontractId: parentId ?? IsNull(),
        status: In(['REQUESTED', 'APPROVED']),
      });
      if (duplicate) throw SubcontractErrors.duplicate();

      const row: Subcontract = {
        id: randomUUID(),
        contractId,
        contractorId: sub.id,
        parentSubcontractId: parentId,
        scope: input.scope,
        status: 'REQUESTED',
        requestedBy: actor.userId,
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        version: 1,
        createdAt: new Date(),
      };
      await insertRows(t.manager, Subcontract, row);
      await t.audit({
        actor,
        action: 'subcontract.request',
        entityType: 'subcontract',
        entityId: row.id,
        summary: {
          contractId,
          contractorId: sub.id,
          contractorName: sub.name,
          parentSubcontractId: parentId,
          scope: input.scope,
        },
      });
      return toSubcontractResponse(row, sub.name);
    });
  }

  async decide(actor: Actor, id: string, input: DecideSubcontractRequest): Promise<SubcontractResponse> {
    const note = input.note?.trim() ? input.note : null;
    if (!input.approved && note === null) throw SubcontractErrors.noteRequired();
    return this.tx.run(async (t) => {
      const { subcontract, contract } = await this.findVisible(t.manager, actor, id);
      if (subcontract.version !== input.version)
        throw new StaleVersionError('SUBCONTRACT', { currentVersion: subcontract.version });
      if (subcontract.status !== 'REQUESTED') throw SubcontractErrors.invalidState(subcontract.status);
      const sub = await t.manager.findOneByOrFail(Contractor, { id: subcontract.contractorId });
      if (input.approved) {
        // The request may be old: approve only what the contract and the company allow now.
        if (!OPEN_FOR_SUBCONTRACTING.includes(contract.status))
          throw ContractErrors.wrongStatus(contract.status, '再委託の承認');
        if (await this.forbidsSubcontracting(t.manager, contract.id))
          throw SubcontractErrors.forbiddenByContract();
        if (sub.status !== 'ACTIVE') throw SubcontractErrors.contractorUnavailable();
      }
      const next = {
        status: input.approved ? ('APPROVED' as const) : ('REJECTED' as const),
        decidedBy: actor.userId,
        decidedAt: new Date(),
        decisionNote: note,
        version: subcontract.version + 1,
      };
      const result = await t.manager.update(Subcontract, { id, version: subcontract.version }, next);
      if (!result.affected) throw new StaleVersionError('SUBCONTRACT');
      await t.audit({
        actor,
        action: input.approved ? 'subcontract.approve' : 'subcontract.reject',
        entityType: 'subcontract',
        entityId: id,
        summary: {
          contractId: contract.id,
          contractorId: sub.id,
          contractorName: sub.name,
          status: next.status,
          note,
        },
      });
      return toSubcontractResponse({ ...subcontract, ...next }, sub.name);
    });
  }

  /** A tier of a contract the caller cannot see answers 404 like a missing one. */
  private async findVisible(
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

  private async forbidsSubcontracting(manager: EntityManager, contractId: string): Promise<boolean> {
    const rows = await manager.find(ContractClause, { select: { clauseCode: true }, where: { contractId } });
    return this.clauses.forbidsSubcontracting(rows.map((r) => r.clauseCode));
  }
}

/** The companies of `parent` and of every tier above it, up to the one directly under the contractor. */
async function chainAbove(manager: EntityManager, parent: Subcontract): Promise<string[]> {
  const companies = [parent.contractorId];
  const seen = new Set([parent.id]);
  let current = parent;
  while (current.parentSubcontractId !== null && !seen.has(current.parentSubcontractId)) {
    const above = await manager.findOneBy(Subcontract, { id: current.parentSubcontractId });
    if (!above) break;
    seen.add(above.id);
    companies.push(above.contractorId);
    current = above;
  }
  return companies;
}
