import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor, contractorScope } from '../../common/auth/scope';
import { addDays, todayInJapan } from '../../common/clock';
import { StaleVersionError } from '../../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../common/pagination/cursor';
import { mapPage, pageByCreatedAt, type RowsPage } from '../../common/pagination/keyset';
import { TransactionService } from '../../database/transaction.service';
import { Session } from '../auth/session.entity';
import { SessionCache } from '../auth/session-cache';
import { Contract } from '../contracts/contract.entity';
import { User } from '../users/user.entity';
import { Certification } from './certification.entity';
import { readContractor } from './contractor-read';
import { Contractor } from './contractor.entity';
import { ContractorErrors } from './contractors.errors';
import type {
  ArchiveContractorRequest,
  CreateCertificationRequest,
  CreateContractorRequest,
  ListContractorsQuery,
  UpdateContractorRequest,
} from './dto/contractor.requests';
import {
  toCertificationResponse,
  toContractorResponse,
  type CertificationResponse,
  type ContractorResponse,
} from './dto/contractor.response';
import { insertRows } from '../../database/insert';

/** The contractor registry (受託者 and sub-contractors, policy Art. 2(3) and 6(6)(ア)). */
@Injectable()
export class ContractorsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly sessions: SessionCache,
  ) {}

  /**
   * `order`: `newest` (the API's order, newest first) or `reading` (五十音順 by フリガナ, the name where none is
   * registered, then the id: the web register's order).
   */
  async list(
    actor: Actor,
    query: ListContractorsQuery,
    order: 'newest' | 'reading' = 'newest',
  ): Promise<Page<ContractorResponse>> {
    const qb = this.dataSource.manager.createQueryBuilder(Contractor, 'c');
    const scope = contractorScope(actor);
    if (scope !== null) qb.andWhere('c.id = :scope', { scope });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.q) {
      // '!' as the LIKE escape: a backslash is itself an escape in MySQL string literals, not in SQLite.
      const like = `%${query.q.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("c.name LIKE :like ESCAPE '!'", { like })
            .orWhere("c.nameKana LIKE :like ESCAPE '!'", { like })
            .orWhere("c.corporateNumber LIKE :like ESCAPE '!'", { like }),
        ),
      );
    }
    if (query.certificationAttention !== undefined) {
      const sub = qb
        .subQuery()
        .select('1')
        .from(Certification, 'cert')
        .where('cert.contractorId = c.id')
        .andWhere('cert.validUntil <= :soon')
        .getQuery();
      qb.andWhere(`${query.certificationAttention ? '' : 'NOT '}EXISTS ${sub}`, {
        soon: addDays(todayInJapan(), 60),
      });
    }
    const page =
      order === 'reading' ? await pageByReading(qb, query) : await pageByCreatedAt(qb, query, 'DESC');
    const certs = await this.certificationsOf(
      this.dataSource.manager,
      page.rows.map((c) => c.id),
    );
    return mapPage(page, (c) => toContractorResponse(c, certs.get(c.id) ?? []));
  }

  /** One round trip: the contractor with its certifications (profiled: each extra query cost a third). */
  async get(actor: Actor, id: string): Promise<ContractorResponse> {
    const read = canSeeContractor(actor, id) ? await readContractor(this.dataSource, id) : null;
    if (!read) throw ContractorErrors.notFound();
    return toContractorResponse(read.contractor, read.certifications);
  }

  async create(actor: Actor, input: CreateContractorRequest): Promise<ContractorResponse> {
    return this.tx.run(async (t) => {
      if (
        input.corporateNumber &&
        (await t.manager.existsBy(Contractor, { corporateNumber: input.corporateNumber }))
      ) {
        throw ContractorErrors.corporateNumberTaken();
      }
      const now = new Date();
      const contractor = t.manager.create(Contractor, {
        id: randomUUID(),
        corporateNumber: input.corporateNumber ?? null,
        name: input.name,
        nameKana: input.nameKana ?? null,
        address: input.address,
        representativeName: input.representativeName,
        securityOfficerName: input.securityOfficer.name,
        securityOfficerEmail: input.securityOfficer.email,
        securityOfficerPhone: input.securityOfficer.phone,
        status: 'ACTIVE',
        notes: input.notes ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      await insertRows(t.manager, Contractor, contractor);
      await t.audit({
        actor,
        action: 'contractor.create',
        entityType: 'contractor',
        entityId: contractor.id,
        summary: { ...input },
      });
      return toContractorResponse(contractor, []);
    });
  }

  async update(actor: Actor, id: string, input: UpdateContractorRequest): Promise<ContractorResponse> {
    let stopped: string[] = [];
    const updated = await this.tx.run(async (t) => {
      const contractor = await this.findVisible(t.manager, actor, id);
      if (contractor.version !== input.version)
        throw new StaleVersionError('CONTRACTOR', { currentVersion: contractor.version });
      if (contractor.status === 'ARCHIVED') throw ContractorErrors.archived();
      const changes = diff(contractor, {
        corporateNumber: input.corporateNumber,
        name: input.name,
        nameKana: input.nameKana,
        address: input.address,
        representativeName: input.representativeName,
        securityOfficerName: input.securityOfficer?.name,
        securityOfficerEmail: input.securityOfficer?.email,
        securityOfficerPhone: input.securityOfficer?.phone,
        notes: input.notes,
        status: input.status,
      });
      if (
        changes.corporateNumber &&
        (await t.manager.exists(Contractor, { where: { corporateNumber: changes.corporateNumber } }))
      ) {
        throw ContractorErrors.corporateNumberTaken();
      }
      const updated = await this.applyVersioned(t.manager, contractor, changes);
      // Suspended: its people stop at once — their sessions end, and sign-in is refused until it is active again.
      if (changes.status === 'SUSPENDED') stopped = await endCompanySessions(t.manager, id);
      await t.audit({
        actor,
        action: 'contractor.update',
        entityType: 'contractor',
        entityId: id,
        summary: { ...changes, ...(changes.status === 'SUSPENDED' ? { sessionsEnded: stopped.length } : {}) },
      });
      const certs = await this.certificationsOf(t.manager, [id]);
      return toContractorResponse(updated, certs.get(id) ?? []);
    });
    // Committed: this process stops using their remembered sessions now.
    stopped.forEach((userId) => this.sessions.forgetUser(userId));
    return updated;
  }

  /** Contractors are never deleted: their contracts and assessments must stay traceable. */
  /**
   * Archives a company whose work is over: refused while it is a party to a draft or active contract (end or
   * terminate those first); its people's sessions end with it and they can no longer sign in.
   */
  async archive(actor: Actor, id: string, input: ArchiveContractorRequest): Promise<ContractorResponse> {
    let stopped: string[] = [];
    const archived = await this.tx.run(async (t) => {
      const contractor = await this.findVisible(t.manager, actor, id);
      if (contractor.version !== input.version)
        throw new StaleVersionError('CONTRACTOR', { currentVersion: contractor.version });
      if (contractor.status === 'ARCHIVED') throw ContractorErrors.archived();
      const open = await t.manager.find(Contract, {
        select: { contractNumber: true },
        where: { contractorId: id, status: In(['DRAFT', 'ACTIVE']) },
        order: { contractNumber: 'ASC' },
      });
      if (open.length) throw ContractorErrors.hasOpenContracts(open.map((c) => c.contractNumber));
      const updated = await this.applyVersioned(t.manager, contractor, { status: 'ARCHIVED' });
      stopped = await endCompanySessions(t.manager, id);
      await t.audit({
        actor,
        action: 'contractor.archive',
        entityType: 'contractor',
        entityId: id,
        summary: { status: 'ARCHIVED', reason: input.reason ?? null, sessionsEnded: stopped.length },
      });
      const certs = await this.certificationsOf(t.manager, [id]);
      return toContractorResponse(updated, certs.get(id) ?? []);
    });
    stopped.forEach((userId) => this.sessions.forgetUser(userId));
    return archived;
  }

  async listCertifications(actor: Actor, contractorId: string): Promise<CertificationResponse[]> {
    await this.findVisible(this.dataSource.manager, actor, contractorId);
    const certs = await this.certificationsOf(this.dataSource.manager, [contractorId]);
    const today = todayInJapan();
    return (certs.get(contractorId) ?? []).map((c) => toCertificationResponse(c, today));
  }

  async addCertification(
    actor: Actor,
    contractorId: string,
    input: CreateCertificationRequest,
  ): Promise<CertificationResponse> {
    if (input.validUntil < input.validFrom) throw ContractorErrors.certificationPeriod();
    return this.tx.run(async (t) => {
      const contractor = await this.findVisible(t.manager, actor, contractorId);
      if (contractor.status === 'ARCHIVED') throw ContractorErrors.archived();
      const cert = t.manager.create(Certification, {
        id: randomUUID(),
        contractorId,
        ...input,
        scope: input.scope ?? null,
        createdAt: new Date(),
      });
      await insertRows(t.manager, Certification, cert);
      await t.audit({
        actor,
        action: 'certification.create',
        entityType: 'contractor',
        entityId: contractorId,
        summary: { certificationId: cert.id, ...input },
      });
      return toCertificationResponse(cert);
    });
  }

  async removeCertification(actor: Actor, contractorId: string, certificationId: string): Promise<void> {
    await this.tx.run(async (t) => {
      await this.findVisible(t.manager, actor, contractorId);
      const cert = await t.manager.findOneBy(Certification, { id: certificationId, contractorId });
      if (!cert) throw ContractorErrors.certificationNotFound();
      await t.manager.delete(Certification, { id: certificationId });
      await t.audit({
        actor,
        action: 'certification.remove',
        entityType: 'contractor',
        entityId: contractorId,
        summary: { certificationId, type: cert.type, registrationNumber: cert.registrationNumber },
      });
    });
  }

  private async findVisible(manager: EntityManager, actor: Actor, id: string): Promise<Contractor> {
    const contractor = canSeeContractor(actor, id) ? await manager.findOneBy(Contractor, { id }) : null;
    if (!contractor) throw ContractorErrors.notFound();
    return contractor;
  }

  /** Explicit optimistic lock: TypeORM's save() does not check the version column. */
  private async applyVersioned(
    manager: EntityManager,
    contractor: Contractor,
    changes: Partial<Contractor>,
  ): Promise<Contractor> {
    if (Object.keys(changes).length === 0) return contractor;
    const next = { ...changes, version: contractor.version + 1, updatedAt: new Date() };
    const result = await manager.update(Contractor, { id: contractor.id, version: contractor.version }, next);
    if (!result.affected) throw new StaleVersionError('CONTRACTOR');
    return { ...contractor, ...next };
  }

  private async certificationsOf(
    manager: EntityManager,
    ids: string[],
  ): Promise<Map<string, Certification[]>> {
    const map = new Map<string, Certification[]>();
    if (ids.length === 0) return map;
    const rows = await manager.find(Certification, {
      where: { contractorId: In(ids) },
      order: { validUntil: 'ASC', id: 'ASC' },
    });
    for (const row of rows) map.set(row.contractorId, [...(map.get(row.contractorId) ?? []), row]);
    return map;
  }
}

/** The fields whose value differs from the stored row (undefined means "not sent"). */
function diff<T extends object>(current: T, wanted: { [K in keyof T]?: T[K] | undefined }): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(wanted) as (keyof T)[]) {
    const value = wanted[key];
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  return changes;
}

/** Ends the open sessions of the company's users, in the caller's transaction; returns the users concerned. */
async function endCompanySessions(manager: EntityManager, contractorId: string): Promise<string[]> {
  const users = await manager.find(User, { select: { id: true }, where: { contractorId } });
  const ids = users.map((u) => u.id);
  if (ids.length) {
    await manager.update(Session, { userId: In(ids), revokedAt: IsNull() }, { revokedAt: new Date() });
  }
  return ids;
}

/** The reading a contractor sorts by: its フリガナ, or its name where none is registered. */
const READING = 'COALESCE(c.nameKana, c.name)';

/**
 * One page of contractors in 五十音順 (by reading, then id), keyset-paged like the other lists. Katakana sort in
 * their code-point order, which is the 五十音 order (ア < イ < … < ン, a voiced kana right after its plain one).
 */
async function pageByReading(
  qb: SelectQueryBuilder<Contractor>,
  query: ListContractorsQuery,
): Promise<RowsPage<Contractor>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const total = query.withTotal ? await qb.clone().getCount() : undefined;
  const after = decodeCursor(query.cursor, ['text', 'id']);
  if (after) {
    qb.andWhere(`(${READING} > :cursorKey OR (${READING} = :cursorKey AND c.id > :cursorId))`, {
      cursorKey: after[0],
      cursorId: after[1],
    });
  }
  const rows = await qb
    .orderBy(READING, 'ASC')
    .addOrderBy('c.id', 'ASC')
    .limit(limit + 1)
    .getMany();
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: hasMore ? encodeCursor([last.nameKana ?? last.name, last.id]) : null,
    ...(total === undefined ? {} : { total }),
  };
}
