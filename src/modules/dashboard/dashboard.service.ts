import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { addDays, todayInJapan } from '../../common/clock';
import { ForbiddenError } from '../../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { rawDate, rawInstant } from '../../database/raw-values';
import { TransactionService } from '../../database/transaction.service';
import { Assessment } from '../assessments/assessment.entity';
import { overdueAssessmentCondition } from '../assessments/overdue';
import { OpenFindingCount } from '../assessments/open-finding.entity';
import { Certification } from '../contractors/certification.entity';
import { Contractor } from '../contractors/contractor.entity';
import { ContractorErrors } from '../contractors/contractors.errors';
import { Contract } from '../contracts/contract.entity';
import { ImprovementOrder, ORDER_STATUSES } from '../improvement-orders/improvement-order.entity';
import { isOpen } from '../improvement-orders/order-lifecycle';
import { csvRecords, toCsvText, UTF8_BOM, type CsvValue } from './csv';
import type {
  ClauseFindingsResponse,
  ContractorDashboardRow,
  DashboardCounts,
  DashboardPageQuery,
  DashboardQuery,
  DashboardResponse,
  DashboardTotals,
  LatestAssessmentResponse,
} from './dto/dashboard.dto';
import { byUrgency, needsAttention, URGENCY_CURSOR, urgencyKey, type UrgencyKey } from './urgency';

/** ISSUED, PLAN_SUBMITTED, IN_PROGRESS, COMPLETION_REPORTED: taken from the order lifecycle, not restated. */
const OPEN_ORDER_STATUSES = ORDER_STATUSES.filter(isOpen);
/** Certifications ending within this many days need attention (the same window as the contractor register). */
const CERTIFICATION_WARNING_DAYS = 60;

const CSV_HEADER = [
  '委託先名',
  '法人番号',
  '有効な契約',
  '直近の点検点数',
  '未解決の指摘',
  '対応中の改善指示',
  '期限超過の改善指示',
  '期限切れ・期限間近の認証',
  '期限超過の自己点検',
] as const;

type CountKey = keyof DashboardCounts;

/** A contractor's row as kept: its counts and rank, without the latest assessment (read per page). */
type ListedRow = Omit<ContractorDashboardRow, 'latestAssessment' | 'needsAttention'> & {
  reading: string;
  key: UrgencyKey;
};

/** One computed overview, every contractor's row, most urgent first. */
interface Snapshot {
  /** When its queries were sent (epoch ms). */
  at: number;
  /** TransactionService.commits before they were sent. */
  commits: number;
  asOf: string;
  rows: ListedRow[];
  totals: DashboardTotals;
  clauses: ClauseFindingsResponse[];
  /**
   * Latest reviewed checklists read (or being read) for this snapshot's rows (null: none), filled page by page;
   * requests for the same page at once share one read.
   */
  latest: Map<string, Promise<LatestAssessmentResponse | null>>;
}
type Counts = Map<string, number>;

interface Computing {
  /** TransactionService.commits when it started. */
  commits: number;
  snapshot: Promise<Snapshot>;
  /** The computation queued behind it, shared by the requests that arrived after a commit. */
  next?: Promise<Snapshot>;
}

/** Contractors per latest-assessment query (the CSV reads them in chunks of this many). */
const LATEST_CHUNK = 500;

/**
 * The body's overview of Art. 6(6)(ア) — are the contractors keeping the contracted measures, and where must it
 * act — for officers, administrators and auditors. Six grouped queries (1, 2, 4–7) whatever the number of contractors (one
 * per source table, none per contractor), sent side by side on separate connections: at national scale (5,000
 * contractors) the answer then takes as long as the slowest query instead of their sum. Each query reads what
 * was committed when it started; the totals are summed from the rows, so they always agree with them.
 *
 * The API answers the totals, the clause ranking and one page of contractors, most urgent first (urgency.ts):
 * nobody reads 5,000 rows, and building them as JSON was most of the answer's time. Query 3, each
 * contractor's latest reviewed checklist, runs for the page's contractors only. The CSV has every row, written
 * out chunk by chunk as it is sent.
 *
 * A computed overview is answered again for DASHBOARD_CACHE_SECONDS as long as this process has committed no
 * transaction since (every write commits one): whoever changes something here sees it on the next load, and
 * writes by another process show within that time. One overview is computed at a time per key: a request
 * arriving while one runs uses it when nothing was committed since it started, and otherwise waits for the next
 * one, started when the running one ends and shared by every request that arrived meanwhile. Under a stream of
 * writes the loads then share computations instead of each running its own seven queries side by side on two
 * cores.
 */
@Injectable()
export class DashboardService {
  private readonly snapshots = new LRUCache<string, Snapshot>({ max: 64 });
  /** The overview being computed, by key (at most one at a time), and the one queued to start after it. */
  private readonly computing = new Map<string, Computing>();
  private readonly cacheMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() config: AppConfig,
  ) {
    this.cacheMs = config.dashboardCacheSeconds * 1000;
  }

  async overview(actor: Actor, query: DashboardPageQuery): Promise<DashboardResponse> {
    assertStaff(actor);
    const after = decodeCursor(query.cursor, URGENCY_CURSOR);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const snapshot = await this.snapshot(query.contractorId ?? null);
    const start = after ? firstAfter(snapshot.rows, after) : 0;
    const page = snapshot.rows.slice(start, start + limit);
    const hasMore = start + limit < snapshot.rows.length;
    const latest = await this.latestOf(snapshot, page);
    return {
      asOf: snapshot.asOf,
      totals: snapshot.totals,
      findingsByClause: snapshot.clauses,
      contractors: page.map((row) => publicRow(row, latest)),
      nextCursor: hasMore ? encodeCursor(page[page.length - 1].key) : null,
    };
  }

  /**
   * Every listed contractor's row as CSV for Excel, in reading order (the register's), streamed: the rows go out
   * LATEST_CHUNK at a time with their latest assessments, so the file is never held whole. A refused request
   * (an unknown contractor) fails here, before the first byte.
   */
  async contractorsCsv(actor: Actor, query: DashboardQuery): Promise<{ fileName: string; stream: Readable }> {
    assertStaff(actor);
    const snapshot = await this.snapshot(query.contractorId ?? null);
    const rows = [...snapshot.rows].sort(byReading);
    const chunks = async function* (this: DashboardService): AsyncGenerator<Buffer> {
      yield Buffer.from(UTF8_BOM + toCsvText(CSV_HEADER, []), 'utf8');
      for (let i = 0; i < rows.length; i += LATEST_CHUNK) {
        const part = rows.slice(i, i + LATEST_CHUNK);
        const latest = await this.latestOf(snapshot, part);
        yield Buffer.from(csvRecords(part.map((c) => csvRow(c, latest.get(c.id) ?? null))), 'utf8');
      }
    };
    return { fileName: `委託先状況_${snapshot.asOf}.csv`, stream: Readable.from(chunks.call(this)) };
  }

  /** The kept overview, the one being computed since the last commit, or the next one computed. */
  private async snapshot(contractorId: string | null): Promise<Snapshot> {
    const today = todayInJapan();
    const key = `${today}|${contractorId ?? ''}`;
    const commits = this.tx.commits;
    const kept = this.snapshots.get(key);
    if (kept && kept.commits === commits && Date.now() - kept.at < this.cacheMs) return kept;
    const running = this.computing.get(key);
    if (!running) return this.compute(key, contractorId, today);
    // Started after this process's last commit: it sees every write this request may follow.
    if (running.commits === commits) return running.snapshot;
    // Else the next one, once the running one is done (it starts after every request waiting for it arrived).
    running.next ??= running.snapshot
      .catch(() => undefined)
      .then(() => this.compute(key, contractorId, today));
    return running.next;
  }

  private compute(key: string, contractorId: string | null, today: string): Promise<Snapshot> {
    const commits = this.tx.commits;
    const at = Date.now();
    const snapshot = this.build(this.dataSource.manager, contractorId, today).then((built): Snapshot => ({
      at,
      commits,
      asOf: today,
      ...built,
      latest: new Map(),
    }));
    const state: Computing = { commits, snapshot };
    this.computing.set(key, state);
    // Kept under the commit count read before the queries: a write that landed meanwhile makes it stale at once.
    snapshot.then(
      (done) => {
        if (this.cacheMs > 0) this.snapshots.set(key, done);
      },
      () => undefined,
    );
    void snapshot
      .catch(() => undefined)
      .then(() => {
        if (this.computing.get(key) === state) this.computing.delete(key);
      });
    return snapshot;
  }

  /** The latest reviewed checklists of these rows, read for those not read (nor being read) for this snapshot. */
  private async latestOf(
    snapshot: Snapshot,
    rows: readonly ListedRow[],
  ): Promise<Map<string, LatestAssessmentResponse | null>> {
    const missing = rows.map((r) => r.id).filter((id) => !snapshot.latest.has(id));
    for (let i = 0; i < missing.length; i += LATEST_CHUNK) {
      const ids = missing.slice(i, i + LATEST_CHUNK);
      const found = this.latestAssessments(this.dataSource.manager, ids);
      for (const id of ids)
        snapshot.latest.set(
          id,
          found.then((map) => map.get(id) ?? null),
        );
      // A failed read is not kept: the next request reads those again.
      found.catch(() => ids.forEach((id) => snapshot.latest.delete(id)));
    }
    const read = await Promise.all(rows.map(async (r) => [r.id, await snapshot.latest.get(r.id)!] as const));
    return new Map(read.map(([id, latest]) => [id, latest ?? null]));
  }

  private async build(
    manager: EntityManager,
    contractorId: string | null,
    today: string,
  ): Promise<{ rows: ListedRow[]; totals: DashboardTotals; clauses: ClauseFindingsResponse[] }> {
    const [listed, activeContracts, findings, orders, certs, overdueAssessments] = await Promise.all([
      this.listedContractors(manager, contractorId),
      this.activeContracts(manager, contractorId),
      this.openFindings(manager, contractorId),
      this.openOrders(manager, contractorId, today),
      this.certifications(manager, contractorId, today),
      this.overdueAssessments(manager, contractorId, today),
    ]);
    if (contractorId !== null && listed.length === 0) throw ContractorErrors.notFound();

    const ids = new Set(listed.map((c) => c.id));
    const findingsOf: Counts = new Map();
    const byClause = new Map<string, ClauseFindingsResponse>();
    for (const f of findings) {
      // Rows of archived contractors are dropped here (they are off the dashboard), so the clause ranking and
      // the totals count the same findings as the per-contractor column.
      if (!ids.has(f.contractorId)) continue;
      findingsOf.set(f.contractorId, (findingsOf.get(f.contractorId) ?? 0) + f.openFindings);
      const clause = byClause.get(f.clauseCode);
      if (clause) {
        clause.openFindings += f.openFindings;
        if (f.clauseTitle > clause.clauseTitle) clause.clauseTitle = f.clauseTitle;
      } else byClause.set(f.clauseCode, { ...f });
    }
    const rows = listed.map((c): ListedRow => {
      const counts = {
        id: c.id,
        name: c.name,
        corporateNumber: c.corporateNumber,
        status: c.status,
        reading: c.nameKana ?? c.name,
        activeContracts: activeContracts.get(c.id) ?? 0,
        openFindings: findingsOf.get(c.id) ?? 0,
        openOrders: orders.open.get(c.id) ?? 0,
        overdueOrders: orders.overdue.get(c.id) ?? 0,
        escalatedOrders: orders.escalated.get(c.id) ?? 0,
        expiredCertifications: certs.expired.get(c.id) ?? 0,
        expiringCertifications: certs.expiring.get(c.id) ?? 0,
        overdueAssessments: overdueAssessments.get(c.id) ?? 0,
      };
      return { ...counts, key: urgencyKey(counts) };
    });
    rows.sort((a, b) => byUrgency(a.key, b.key));
    const clauses = [...byClause.values()]
      .map(({ clauseCode, clauseTitle, openFindings }) => ({ clauseCode, clauseTitle, openFindings }))
      .sort((a, b) => b.openFindings - a.openFindings || compare(a.clauseCode, b.clauseCode));
    return { rows, totals: summarise(rows), clauses };
  }

  /** Query 1: the contractors on the dashboard — every one not archived, with or without contracts. */
  private async listedContractors(
    manager: EntityManager,
    contractorId: string | null,
  ): Promise<ListedContractor[]> {
    // Only the columns the rows show, as raw rows: at 5,000 contractors entities were most of this query's time.
    const qb = manager
      .createQueryBuilder(Contractor, 'c')
      .select('c.id', 'id')
      .addSelect('c.name', 'name')
      .addSelect('c.nameKana', 'nameKana')
      .addSelect('c.corporateNumber', 'corporateNumber')
      .addSelect('c.status', 'status')
      .where("c.status <> 'ARCHIVED'");
    if (contractorId !== null) qb.andWhere('c.id = :contractorId', { contractorId });
    return qb.getRawMany<ListedContractor>();
  }

  /** Query 2: ACTIVE contracts per contractor. */
  private async activeContracts(manager: EntityManager, contractorId: string | null): Promise<Counts> {
    const qb = manager
      .createQueryBuilder(Contract, 'k')
      .select('k.contractorId', 'contractorId')
      .addSelect('COUNT(*)', 'n')
      .where("k.status = 'ACTIVE'")
      .groupBy('k.contractorId');
    return countsOf(await onlyContractor(qb, 'k', contractorId).getRawMany<RawCount>(), 'n');
  }

  /**
   * Query 3, for the contractors of a page (or a CSV chunk): per contractor, the REVIEWED checklist with the
   * latest period start across all its contracts (a 定期報告 has no score). It was the slowest of the overview's
   * queries over every contractor (82–123 ms at national scale); for 50 it is a few index range reads.
   * A grouped MAX joined back to the rows (no window function, so the same SQL runs on SQLite and MariaDB).
   * Two contracts can share that period start: the one reviewed last wins, then the lower id, so the answer
   * is deterministic. Both halves use idx_assessment_latest_kind (contractor, status, kind, period start); only the columns
   * the answer needs are read.
   */
  private async latestAssessments(
    manager: EntityManager,
    contractorIds: string[],
  ): Promise<Map<string, LatestAssessmentResponse>> {
    if (contractorIds.length === 0) return new Map();
    const qb = manager
      .createQueryBuilder(Assessment, 'a')
      .select('a.id', 'id')
      .addSelect('a.contractId', 'contractId')
      .addSelect('a.contractorId', 'contractorId')
      .addSelect('a.periodStart', 'periodStart')
      .addSelect('a.periodEnd', 'periodEnd')
      .addSelect('a.score', 'score')
      .addSelect('a.reviewedAt', 'reviewedAt')
      .innerJoin(
        (sub: SelectQueryBuilder<ObjectLiteral>) =>
          sub
            .select('m.contractorId', 'latest_contractor_id')
            .addSelect('MAX(m.periodStart)', 'latest_period_start')
            .from(Assessment, 'm')
            .where('m.contractorId IN (:...contractorIds)', { contractorIds })
            .andWhere("m.status = 'REVIEWED'")
            .andWhere("m.kind = 'CHECKLIST'")
            .groupBy('m.contractorId'),
        'newest',
        'newest.latest_contractor_id = a.contractorId AND newest.latest_period_start = a.periodStart',
      )
      .where("a.status = 'REVIEWED'")
      .andWhere("a.kind = 'CHECKLIST'");
    // Raw rows, not entities: one per contract whose period starts latest.
    const latest = new Map<string, LatestRow>();
    for (const row of await qb.getRawMany<LatestRow>()) {
      const seen = latest.get(row.contractorId);
      if (!seen || reviewedLater(row, seen)) latest.set(row.contractorId, row);
    }
    return new Map(
      [...latest].map(([id, a]) => [
        id,
        {
          assessmentId: a.id,
          contractId: a.contractId,
          periodStart: rawDate(a.periodStart),
          periodEnd: rawDate(a.periodEnd),
          score: a.score === null ? null : Number(a.score),
        },
      ]),
    );
  }

  /**
   * Query 4: open findings per contractor and clause (the per-contractor column and the clause ranking both
   * come from it), read from `open_finding_count`, which the review and order steps keep up to date with
   * `open_finding` — see open-findings.ts for what an open finding is. Its primary key serves the grouping.
   */
  private async openFindings(
    manager: EntityManager,
    contractorId: string | null,
  ): Promise<(ClauseFindingsResponse & { contractorId: string })[]> {
    const qb = manager
      .createQueryBuilder(OpenFindingCount, 'f')
      .select('f.contractorId', 'contractorId')
      .addSelect('f.clauseCode', 'clauseCode')
      // The title is a snapshot per contract; catalogue revisions may differ, so one of them (the greatest).
      .addSelect('MAX(f.clauseTitle)', 'clauseTitle')
      .addSelect('SUM(f.n)', 'n')
      .groupBy('f.contractorId')
      .addGroupBy('f.clauseCode');
    const raw = await onlyContractor(qb, 'f', contractorId).getRawMany<
      RawCount & { clauseCode: string; clauseTitle: string }
    >();
    return raw.map((r) => ({
      contractorId: r.contractorId,
      clauseCode: r.clauseCode,
      clauseTitle: r.clauseTitle,
      openFindings: Number(r.n),
    }));
  }

  /**
   * Query 5: open orders per contractor, with how many are overdue (open and due before today in Japan: derived,
   * whether or not the daily job has recorded it yet) and how many are flagged for measures under the contract
   * (escalatedAt set; an order closed or withdrawn since no longer counts).
   */
  private async openOrders(
    manager: EntityManager,
    contractorId: string | null,
    today: string,
  ): Promise<{ open: Counts; overdue: Counts; escalated: Counts }> {
    const qb = manager
      .createQueryBuilder(ImprovementOrder, 'o')
      .select('o.contractorId', 'contractorId')
      .addSelect('COUNT(*)', 'open')
      .addSelect('SUM(CASE WHEN o.dueDate < :today THEN 1 ELSE 0 END)', 'overdue')
      .addSelect('SUM(CASE WHEN o.escalatedAt IS NOT NULL THEN 1 ELSE 0 END)', 'escalated')
      .where('o.status IN (:...open)', { open: OPEN_ORDER_STATUSES, today })
      .groupBy('o.contractorId');
    const raw = await onlyContractor(qb, 'o', contractorId).getRawMany<
      RawCount & { open: unknown; overdue: unknown; escalated: unknown }
    >();
    return {
      open: countsOf(raw, 'open'),
      overdue: countsOf(raw, 'overdue'),
      escalated: countsOf(raw, 'escalated'),
    };
  }

  /**
   * Query 6: certifications expired (valid until before today) or expiring (still valid, ending within 60 days)
   * — the same rule as the contractor register's certification flags.
   */
  private async certifications(
    manager: EntityManager,
    contractorId: string | null,
    today: string,
  ): Promise<{ expired: Counts; expiring: Counts }> {
    const qb = manager
      .createQueryBuilder(Certification, 'cert')
      .select('cert.contractorId', 'contractorId')
      .addSelect('SUM(CASE WHEN cert.validUntil < :today THEN 1 ELSE 0 END)', 'expired')
      .addSelect('SUM(CASE WHEN cert.validUntil >= :today THEN 1 ELSE 0 END)', 'expiring')
      .where('cert.validUntil <= :soon', { today, soon: addDays(today, CERTIFICATION_WARNING_DAYS) })
      .groupBy('cert.contractorId');
    const raw = await onlyContractor(qb, 'cert', contractorId).getRawMany<
      RawCount & { expired: unknown; expiring: unknown }
    >();
    return { expired: countsOf(raw, 'expired'), expiring: countsOf(raw, 'expiring') };
  }

  /**
   * Query 7: overdue self-assessments per contractor, by the very condition the assessment list's `overdue`
   * filter uses (assessments/overdue.ts), so the figure equals the count of the list it links to.
   */
  private async overdueAssessments(
    manager: EntityManager,
    contractorId: string | null,
    today: string,
  ): Promise<Counts> {
    const qb = manager
      .createQueryBuilder(Assessment, 'a')
      .select('a.contractorId', 'contractorId')
      .addSelect('COUNT(*)', 'n')
      .where(overdueAssessmentCondition('a'), { today })
      .groupBy('a.contractorId');
    return countsOf(await onlyContractor(qb, 'a', contractorId).getRawMany<RawCount>(), 'n');
  }
}

interface RawCount {
  contractorId: string;
  [column: string]: unknown;
}

function assertStaff(actor: Actor): void {
  // The route admits staff roles only; checked again here so no other caller can reach other companies' data.
  if (actor.role === 'CONTRACTOR') throw new ForbiddenError();
}

function onlyContractor<Q extends SelectQueryBuilder<ObjectLiteral>>(
  qb: Q,
  alias: string,
  contractorId: string | null,
): Q {
  if (contractorId !== null) qb.andWhere(`${alias}.contractorId = :contractorId`, { contractorId });
  return qb;
}

/** MySQL answers COUNT and SUM as strings (bigNumberStrings), SQLite as numbers. */
function countsOf(rows: RawCount[], column: string): Counts {
  return new Map(rows.map((r) => [r.contractorId, Number(r[column] ?? 0)]));
}

/** A latest-assessment row as the drivers answer it: MySQL gives Dates and a DECIMAL string, SQLite strings and numbers. */
interface LatestRow {
  id: string;
  contractId: string;
  contractorId: string;
  periodStart: Date | string;
  periodEnd: Date | string;
  score: number | string | null;
  reviewedAt: Date | string | null;
}

function reviewedLater(a: LatestRow, b: LatestRow): boolean {
  const at = a.reviewedAt === null ? 0 : rawInstant(a.reviewedAt).getTime();
  const bt = b.reviewedAt === null ? 0 : rawInstant(b.reviewedAt).getTime();
  return at !== bt ? at > bt : a.id < b.id;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function summarise(rows: ListedRow[]): DashboardTotals {
  const sum = (key: CountKey): number => rows.reduce((total, row) => total + row[key], 0);
  return {
    contractors: rows.length,
    needingAttention: rows.filter((row) => needsAttention(row.key)).length,
    activeContracts: sum('activeContracts'),
    openFindings: sum('openFindings'),
    openOrders: sum('openOrders'),
    overdueOrders: sum('overdueOrders'),
    escalatedOrders: sum('escalatedOrders'),
    expiredCertifications: sum('expiredCertifications'),
    expiringCertifications: sum('expiringCertifications'),
    overdueAssessments: sum('overdueAssessments'),
  };
}

/** Query 1's raw row. */
interface ListedContractor {
  id: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  status: ContractorDashboardRow['status'];
}

/** The index of the first row after the cursor's key (rows are sorted by it): binary search. */
function firstAfter(rows: readonly ListedRow[], after: UrgencyKey): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (byUrgency(rows[mid].key, after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function publicRow(
  row: ListedRow,
  latest: Map<string, LatestAssessmentResponse | null>,
): ContractorDashboardRow {
  const { reading: _reading, key, ...counts } = row;
  return { ...counts, latestAssessment: latest.get(row.id) ?? null, needsAttention: needsAttention(key) };
}

/** The register's order: by reading (五十音順 when the kana is registered), then the name, then the id. */
function byReading(a: ListedRow, b: ListedRow): number {
  return compare(a.reading, b.reading) || compare(a.name, b.name) || compare(a.id, b.id);
}

function csvRow(c: ListedRow, latest: LatestAssessmentResponse | null): CsvValue[] {
  return [
    c.name,
    c.corporateNumber,
    c.activeContracts,
    latest?.score ?? null,
    c.openFindings,
    c.openOrders,
    c.overdueOrders,
    c.expiredCertifications + c.expiringCertifications,
    c.overdueAssessments,
  ];
}
