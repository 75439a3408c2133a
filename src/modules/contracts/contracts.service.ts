import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor, contractorScope } from '../../common/auth/scope';
import { addDays, todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import type { Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt, pageByDate } from '../../common/pagination/keyset';
import { insertRows } from '../../database/insert';
import { TransactionService } from '../../database/transaction.service';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { openCloseOut } from '../close-out/close-out-open';
import { contractorNames, findVisibleContract } from './contract-access';
import { AWAITING_CLOSE_OUT, CONTRACT_TRANSITIONS } from './contract-lifecycle';
import {
  attributesOf,
  clauseViews,
  micCoverageOf,
  defaultFrequency,
  reconcileSelection,
  selectionFailure,
} from './contract-clauses';
import { ContractClause } from './contract-clause.entity';
import {
  checkContractor,
  checkOfficer,
  checkPlacesInUse,
  insertClauses,
  placesOf,
  replaceClauses,
} from './contract-drafts';
import { Contract, type ContractStatus } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import { readContract } from './contract-read';
import type {
  CloseContractRequest,
  CreateContractRequest,
  ListContractsQuery,
  PutContractClausesRequest,
  UpdateContractRequest,
} from './dto/contract.requests';
import {
  toContractResponse,
  type ContractClauseResponse,
  type ContractResponse,
  type MicCoverageResponse,
} from './dto/contract.response';

/** What a contract version's answer shares with every read of it (see ContractsService.clauseCache). */
interface ClauseParts {
  clauses: ContractClauseResponse[];
  micCoverage: MicCoverageResponse[];
  jsonTail: Buffer;
}

/** Contracts and their security clauses (policy Art. 6(6)(ア): the contract states the requirements). */
@Injectable()
export class ContractsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly catalogue: ClauseCatalogueService,
  ) {}

  /**
   * A contract's clause views and MIC coverage by `id:version`, shared by the responses (never changed, as every
   * clause change bumps the version), with the same two already written as the JSON tail of the answer: a
   * contract's ~30 article texts are ~35 KB of UTF-8, and serializing and encoding them was most of a read's CPU.
   * Bounded by their JSON (~20 MB).
   */
  private readonly clauseCache = new LRUCache<string, ClauseParts>({
    maxSize: 20_000_000,
    sizeCalculation: (parts) => parts.jsonTail.length,
  });

  async list(actor: Actor, query: ListContractsQuery): Promise<Page<ContractResponse>> {
    const qb = this.dataSource.manager.createQueryBuilder(Contract, 'k');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('k.contractorId = :scope', { scope });
    if (query.contractorId) qb.andWhere('k.contractorId = :cid', { cid: query.contractorId });
    if (query.status) qb.andWhere('k.status = :status', { status: query.status });
    if (query.department) qb.andWhere('k.department = :dept', { dept: query.department });
    if (query.closeOutPending)
      qb.andWhere('k.status IN (:...awaiting)', { awaiting: [...AWAITING_CLOSE_OUT] });
    if (query.endingWithinDays !== undefined) {
      const today = todayInJapan();
      qb.andWhere("k.status = 'ACTIVE'").andWhere('k.endDate >= :today AND k.endDate <= :until', {
        today,
        until: addDays(today, query.endingWithinDays),
      });
    }
    if (query.q) {
      const like = `%${query.q.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("k.contractNumber LIKE :like ESCAPE '!'", { like })
            .orWhere("k.title LIKE :like ESCAPE '!'", { like }),
        ),
      );
    }
    // The contractor's name in the same statement as the page.
    qb.leftJoin('k.contractor', 'kc').addSelect(['kc.id', 'kc.name']);
    const page =
      query.sort === 'start'
        ? await pageByDate(qb, query, 'startDate', 'DESC')
        : await pageByCreatedAt(qb, query, 'DESC');
    return mapPage(page, (c) => toContractResponse(c, c.contractor?.name ?? ''));
  }

  /**
   * One light query per read: the contract with its contractor's name. Its clause views come from memory,
   * keyed by contract id and version: every change to a contract's clauses (PUT clauses, attribute changes,
   * approval) bumps the version in the same transaction, and an approved contract's clauses are frozen. A miss
   * costs one more query. Profiled at national scale, reading the 22 clause texts on every request made the
   * database the limit (about 1,000 reads/s even for a bare server).
   */
  async get(actor: Actor, id: string): Promise<ContractResponse> {
    const { contract, contractorName, parts } = await this.read(actor, id);
    return toContractResponse(contract, contractorName, parts.clauses, parts.micCoverage);
  }

  /**
   * The same answer as get(), as UTF-8 JSON: the contract's own fields serialized per request, its clauses and
   * MIC coverage from the kept tail (the API's read by id, the hot path).
   */
  async getJson(actor: Actor, id: string): Promise<Buffer> {
    const { contract, contractorName, parts } = await this.read(actor, id);
    const head = JSON.stringify(toContractResponse(contract, contractorName));
    // The head ends with its closing brace; the tail carries `,"clauses":…,"micCoverage":…}`.
    return Buffer.concat([Buffer.from(head.slice(0, -1)), parts.jsonTail]);
  }

  private async read(
    actor: Actor,
    id: string,
  ): Promise<{ contract: Contract; contractorName: string; parts: ClauseParts }> {
    const read = await readContract(this.dataSource, id);
    if (!read || !canSeeContractor(actor, read.contract.contractorId)) throw ContractErrors.notFound();
    const { contract, contractorName } = read;
    const key = `${contract.id}:${contract.version}`;
    let parts = this.clauseCache.get(key);
    if (!parts) {
      const clauses = clauseViews(this.catalogue, contract, await clauseRowsOf(this.dataSource.manager, id));
      const micCoverage = micCoverageOf(this.catalogue, clauses);
      const tail = `,"clauses":${JSON.stringify(clauses)},"micCoverage":${JSON.stringify(micCoverage)}}`;
      parts = { clauses, micCoverage, jsonTail: Buffer.from(tail) };
      this.clauseCache.set(key, parts);
    }
    return { contract, contractorName, parts };
  }

  async create(actor: Actor, input: CreateContractRequest): Promise<ContractResponse> {
    if (input.endDate < input.startDate) throw ContractErrors.invalidPeriod();
    return this.tx.run(async (t) => {
      await checkContractor(t.manager, input.contractorId);
      const officerUserId = input.officerUserId ?? actor.userId;
      await checkOfficer(t.manager, officerUserId);
      if (await t.manager.existsBy(Contract, { contractNumber: input.contractNumber }))
        throw ContractErrors.numberTaken();
      const now = new Date();
      const contract: Contract = {
        id: randomUUID(),
        contractNumber: input.contractNumber,
        title: input.title,
        contractorId: input.contractorId,
        department: input.department,
        officerUserId,
        startDate: input.startDate,
        endDate: input.endDate,
        confidentialityClass: input.confidentialityClass,
        handlesPersonalInfo: input.handlesPersonalInfo,
        usesCloud: input.usesCloud,
        workLocations: placesOf(input.workLocations, input.workLocation) ?? [],
        assessmentFrequency: input.assessmentFrequency ?? defaultFrequency(input.confidentialityClass),
        status: 'DRAFT',
        approvedAt: null,
        approvedBy: null,
        documentSha256: null,
        contentSha256: null,
        catalogueVersion: null,
        closedAt: null,
        closedReason: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertRows(t.manager, Contract, contract);
      // The applicable clauses are chosen from the attributes; the officer adjusts them with PUT …/clauses.
      const codes = this.catalogue.defaultSelection(attributesOf(contract));
      // A new contract has no clauses yet: insert only (a DELETE here takes gap locks that deadlock concurrent
      // creations on MariaDB).
      await insertClauses(
        t.manager,
        contract.id,
        codes.map((code) => ({ code, params: {} })),
      );
      await t.audit({
        actor,
        action: 'contract.create',
        entityType: 'contract',
        entityId: contract.id,
        summary: { ...input, officerUserId, clauses: codes },
      });
      return this.respond(t.manager, contract);
    });
  }

  async update(actor: Actor, id: string, input: UpdateContractRequest): Promise<ContractResponse> {
    return this.tx.run(async (t) => {
      const contract = await this.loadForChange(t.manager, actor, id, input.version, ['DRAFT'], '変更');
      const { version: _version, workLocation, workLocations, ...fields } = input;
      const changes: Partial<Contract> = {};
      for (const [key, value] of Object.entries(fields) as [keyof typeof fields, unknown][]) {
        // null clears an optional field (the DTO refuses null on the others).
        if (value !== undefined && value !== contract[key]) Object.assign(changes, { [key]: value });
      }
      const places = placesOf(workLocations, workLocation);
      if (places && JSON.stringify(places) !== JSON.stringify(contract.workLocations)) {
        await checkPlacesInUse(t.manager, id, places);
        changes.workLocations = places;
      }
      const next = { ...contract, ...changes };
      if (next.endDate < next.startDate) throw ContractErrors.invalidPeriod();
      if (
        changes.contractNumber &&
        (await t.manager.existsBy(Contract, { contractNumber: changes.contractNumber }))
      ) {
        throw ContractErrors.numberTaken();
      }
      if (changes.officerUserId) await checkOfficer(t.manager, changes.officerUserId);
      const updated = await this.bump(t.manager, contract, changes);
      const attributesChanged = ['confidentialityClass', 'handlesPersonalInfo', 'usesCloud'].some(
        (k) => k in changes,
      );
      let clauses: string[] | undefined;
      if (attributesChanged) {
        const rows = await t.manager.findBy(ContractClause, { contractId: id });
        clauses = reconcileSelection(this.catalogue.catalogue, attributesOf(updated), rows);
        const params = new Map(rows.map((r) => [r.clauseCode, r.params]));
        await replaceClauses(
          t.manager,
          id,
          clauses.map((code) => ({ code, params: params.get(code) ?? {} })),
        );
      }
      await t.audit({
        actor,
        action: 'contract.update',
        entityType: 'contract',
        entityId: id,
        summary: { ...changes, clauses },
      });
      return this.respond(t.manager, updated);
    });
  }

  async putClauses(actor: Actor, id: string, input: PutContractClausesRequest): Promise<ContractResponse> {
    return this.tx.run(async (t) => {
      const contract = await this.loadForChange(t.manager, actor, id, input.version, ['DRAFT'], '条項の変更');
      const result = this.catalogue.validateSelection(attributesOf(contract), input.clauses);
      if (!result.ok) throw selectionFailure(result.errors);
      // Only the values the officer set are kept: defaults (and the contract's work location) stay live until approval.
      const given = new Map(input.clauses.map((c) => [c.code, c.params ?? {}]));
      const chosen = result.clauses.map((c) => ({
        code: c.code,
        params: Object.fromEntries(
          Object.entries(c.params).filter(([name]) => name in (given.get(c.code) ?? {})),
        ),
      }));
      await replaceClauses(t.manager, id, chosen);
      const updated = await this.bump(t.manager, contract, {});
      await t.audit({
        actor,
        action: 'contract.clauses',
        entityType: 'contract',
        entityId: id,
        summary: { clauses: chosen },
      });
      return this.respond(t.manager, updated);
    });
  }

  /**
   * ACTIVE → ENDED (the period is over) or TERMINATED (ended early under the contract), with the reason; the
   * contractor's 返還・廃棄報告 becomes owed in the same transaction (contract-lifecycle.ts, close-out).
   */
  async close(
    actor: Actor,
    id: string,
    input: CloseContractRequest,
    to: 'ENDED' | 'TERMINATED',
  ): Promise<ContractResponse> {
    return this.tx.run(async (t) => {
      const step = CONTRACT_TRANSITIONS[to === 'ENDED' ? 'end' : 'terminate'];
      const contract = await this.loadForChange(
        t.manager,
        actor,
        id,
        input.version,
        [...step.from],
        step.label,
      );
      const now = new Date();
      const updated = await this.bump(t.manager, contract, {
        status: to,
        closedAt: now,
        closedReason: input.reason,
      });
      // The contractor now owes its 返還・廃棄報告 (close-out), due returnDays after today (Japan time).
      const closeOut = await openCloseOut(t.manager, this.catalogue, updated, to, now);
      await t.audit({
        actor,
        action: to === 'ENDED' ? 'contract.end' : 'contract.terminate',
        entityType: 'contract',
        entityId: id,
        summary: {
          status: to,
          reason: input.reason,
          closeOut: { id: closeOut.id, dueDate: closeOut.dueDate, returnDays: closeOut.returnDays },
        },
      });
      return this.respond(t.manager, updated);
    });
  }

  /** The contract with its clauses, as every single-contract answer shows it. */
  async respond(manager: EntityManager, contract: Contract): Promise<ContractResponse> {
    const [rows, names] = await Promise.all([
      clauseRowsOf(manager, contract.id),
      contractorNames(manager, [contract.contractorId]),
    ]);
    const clauses = clauseViews(this.catalogue, contract, rows);
    return toContractResponse(
      contract,
      names.get(contract.contractorId) ?? '',
      clauses,
      micCoverageOf(this.catalogue, clauses),
    );
  }

  async loadForChange(
    manager: EntityManager,
    actor: Actor,
    id: string,
    version: number,
    allowed: ContractStatus[],
    action: string,
  ): Promise<Contract> {
    const contract = await findVisibleContract(manager, actor, id);
    if (contract.version !== version)
      throw new StaleVersionError('CONTRACT', { currentVersion: contract.version });
    if (!allowed.includes(contract.status)) throw ContractErrors.wrongStatus(contract.status, action);
    return contract;
  }

  /** Explicit optimistic lock: the row changes only if nobody changed it since it was read. */
  async bump(manager: EntityManager, contract: Contract, changes: Partial<Contract>): Promise<Contract> {
    const next = { ...changes, version: contract.version + 1, updatedAt: new Date() };
    const result = await manager.update(Contract, { id: contract.id, version: contract.version }, next);
    if (!result.affected) throw new StaleVersionError('CONTRACT');
    return { ...contract, ...next };
  }
}

/** The clause columns a contract's response is built from: not the frozen questions, which it does not carry. */
const CLAUSE_COLUMNS = [
  'id',
  'contractId',
  'clauseCode',
  'params',
  'articleNo',
  'title',
  'renderedText',
] as const satisfies readonly (keyof ContractClause)[];

function clauseRowsOf(manager: EntityManager, contractId: string): Promise<ContractClause[]> {
  return manager.find(ContractClause, {
    where: { contractId },
    select: Object.fromEntries(CLAUSE_COLUMNS.map((column) => [column, true])),
  });
}
