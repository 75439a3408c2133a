import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { ForbiddenError } from '../../common/errors/domain-error';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from '../../common/pagination/cursor';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { TransactionService } from '../../database/transaction.service';
import { ContractorErrors } from '../contractors/contractors.errors';
import { csvRecords, toCsvText, UTF8_BOM, type CsvValue } from './csv';
import * as queries from './dashboard-queries';
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
 * act — for officers, administrators and auditors. Six grouped queries (1, 2, 4–7, in dashboard-queries.ts)
 * whatever the number of contractors (one per source table, none per contractor), sent side by side on separate
 * connections: at national scale (5,000 contractors) the answer then takes as long as the slowest query instead
 * of their sum. Each query reads what was committed when it started; the totals are summed from the rows, so
 * they always agree with them.
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
      const found = queries.latestAssessments(this.dataSource.manager, ids);
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
      queries.listedContractors(manager, contractorId),
      queries.activeContracts(manager, contractorId),
      queries.openFindings(manager, contractorId),
      queries.openOrders(manager, contractorId, today),
      queries.certifications(manager, contractorId, today),
      queries.overdueAssessments(manager, contractorId, today),
    ]);
    if (contractorId !== null && listed.length === 0) throw ContractorErrors.notFound();

    const ids = new Set(listed.map((c) => c.id));
    const findingsOf: queries.Counts = new Map();
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
}

function assertStaff(actor: Actor): void {
  // The route admits staff roles only; checked again here so no other caller can reach other companies' data.
  if (actor.role === 'CONTRACTOR') throw new ForbiddenError();
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
