import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { addDays, todayInJapan } from '../../common/clock';
import { ForbiddenError } from '../../common/errors/domain-error';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { rawDate, rawInstant } from '../../database/raw-values';
import { TransactionService } from '../../database/transaction.service';
import { Assessment } from '../assessments/assessment.entity';
import { overdueAssessmentCondition } from '../assessments/overdue';
import { OpenFinding } from '../assessments/open-finding.entity';
import { Certification } from '../contractors/certification.entity';
import { Contractor } from '../contractors/contractor.entity';
import { ContractorErrors } from '../contractors/contractors.errors';
import { Contract } from '../contracts/contract.entity';
import { ImprovementOrder, ORDER_STATUSES } from '../improvement-orders/improvement-order.entity';
import { isOpen } from '../improvement-orders/order-lifecycle';
import { toExcelCsv, type CsvValue } from './csv';
import type {
  ClauseFindingsResponse,
  ContractorDashboardRow,
  DashboardCounts,
  DashboardQuery,
  DashboardResponse,
  DashboardTotals,
  LatestAssessmentResponse,
} from './dto/dashboard.dto';

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

interface Snapshot {
  /** When its queries were sent (epoch ms). */
  at: number;
  /** TransactionService.commits before they were sent. */
  commits: number;
  overview: DashboardResponse;
}
type Counts = Map<string, number>;

/**
 * The body's overview of Art. 6(6)(ア) — are the contractors keeping the contracted measures, and where must it
 * act — for officers, administrators and auditors. Seven grouped queries whatever the number of contractors (one
 * per source table, none per contractor), sent side by side on separate connections: at national scale (5,000
 * contractors) the answer then takes as long as the slowest query instead of their sum. Each query reads what
 * was committed when it started; the totals are summed from the rows, so they always agree with them.
 *
 * A computed overview is answered again for DASHBOARD_CACHE_SECONDS as long as this process has committed no
 * transaction since (every write commits one): whoever changes something here sees it on the next load, and
 * writes by another process show within that time.
 */
@Injectable()
export class DashboardService {
  private readonly snapshots = new LRUCache<string, Snapshot>({ max: 64 });
  private readonly cacheMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    @InjectConfig() config: AppConfig,
  ) {
    this.cacheMs = config.dashboardCacheSeconds * 1000;
  }

  async overview(actor: Actor, query: DashboardQuery): Promise<DashboardResponse> {
    assertStaff(actor);
    const today = todayInJapan();
    const contractorId = query.contractorId ?? null;
    const key = `${today}|${contractorId ?? ''}`;
    const commits = this.tx.commits;
    const kept = this.snapshots.get(key);
    if (kept && kept.commits === commits && Date.now() - kept.at < this.cacheMs) return kept.overview;

    const at = Date.now();
    const { rows, clauses } = await this.build(this.dataSource.manager, contractorId, today);
    const overview = { asOf: today, contractors: rows, totals: summarise(rows), findingsByClause: clauses };
    // Kept under the commit count read before the queries: a write that landed meanwhile makes it stale at once.
    if (this.cacheMs > 0) this.snapshots.set(key, { at, commits, overview });
    return overview;
  }

  async contractorsCsv(actor: Actor, query: DashboardQuery): Promise<{ fileName: string; bytes: Buffer }> {
    const { asOf, contractors } = await this.overview(actor, query);
    const rows = contractors.map((c): CsvValue[] => [
      c.name,
      c.corporateNumber,
      c.activeContracts,
      c.latestAssessment?.score ?? null,
      c.openFindings,
      c.openOrders,
      c.overdueOrders,
      c.expiredCertifications + c.expiringCertifications,
      c.overdueAssessments,
    ]);
    return { fileName: `委託先状況_${asOf}.csv`, bytes: toExcelCsv(CSV_HEADER, rows) };
  }

  private async build(
    manager: EntityManager,
    contractorId: string | null,
    today: string,
  ): Promise<{ rows: ContractorDashboardRow[]; clauses: ClauseFindingsResponse[] }> {
    const [listed, activeContracts, latest, findings, orders, certs, overdueAssessments] = await Promise.all([
      this.listedContractors(manager, contractorId),
      this.activeContracts(manager, contractorId),
      this.latestAssessments(manager, contractorId),
      this.openFindings(manager, contractorId),
      this.openOrders(manager, contractorId, today),
      this.certifications(manager, contractorId, today),
      this.overdueAssessments(manager, contractorId, today),
    ]);
    if (contractorId !== null && listed.length === 0) throw ContractorErrors.notFound();
    if (listed.length === 0) return { rows: [], clauses: [] };

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
    const rows = listed.map((c): ContractorDashboardRow => ({
      id: c.id,
      name: c.name,
      corporateNumber: c.corporateNumber,
      status: c.status,
      activeContracts: activeContracts.get(c.id) ?? 0,
      latestAssessment: latest.get(c.id) ?? null,
      openFindings: findingsOf.get(c.id) ?? 0,
      openOrders: orders.open.get(c.id) ?? 0,
      overdueOrders: orders.overdue.get(c.id) ?? 0,
      escalatedOrders: orders.escalated.get(c.id) ?? 0,
      expiredCertifications: certs.expired.get(c.id) ?? 0,
      expiringCertifications: certs.expiring.get(c.id) ?? 0,
      overdueAssessments: overdueAssessments.get(c.id) ?? 0,
    }));
    const clauses = [...byClause.values()]
      .map(({ clauseCode, clauseTitle, openFindings }) => ({ clauseCode, clauseTitle, openFindings }))
      .sort((a, b) => b.openFindings - a.openFindings || compare(a.clauseCode, b.clauseCode));
    return { rows, clauses };
  }

  /** Query 1: the contractors on the dashboard — every one not archived, with or without contracts. */
  private async listedContractors(
    manager: EntityManager,
    contractorId: string | null,
  ): Promise<Contractor[]> {
    // Only the columns the rows show: at 5,000 contractors the full rows were most of this query's time.
    const qb = manager
      .createQueryBuilder(Contractor, 'c')
      .select(['c.id', 'c.name', 'c.nameKana', 'c.corporateNumber', 'c.status'])
      .where("c.status <> 'ARCHIVED'");
    if (contractorId !== null) qb.andWhere('c.id = :contractorId', { contractorId });
    const rows = await qb.getMany();
    // Sorted here, not in SQL, so the order is the same on SQLite and MySQL whatever the collation: by the
    // reading (五十音順 when the kana is registered), then the name, then the id.
    return rows.sort(
      (a, b) =>
        compare(a.nameKana ?? a.name, b.nameKana ?? b.name) || compare(a.name, b.name) || compare(a.id, b.id),
    );
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
   * Query 3: per contractor, the REVIEWED checklist with the latest period start across all its contracts (a
   * 定期報告 has no score).
   * A grouped MAX joined back to the rows (no window function, so the same SQL runs on SQLite and MariaDB).
   * Two contracts can share that period start: the one reviewed last wins, then the lower id, so the answer
   * is deterministic. Both halves use idx_assessment_latest_kind (contractor, status, kind, period start); only the columns
   * the answer needs are read.
   */
  private async latestAssessments(
    manager: EntityManager,
    contractorId: string | null,
  ): Promise<Map<string, LatestAssessmentResponse>> {
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
          onlyContractor(
            sub
              .select('m.contractorId', 'latest_contractor_id')
              .addSelect('MAX(m.periodStart)', 'latest_period_start')
              .from(Assessment, 'm')
              .where("m.status = 'REVIEWED'")
              .andWhere("m.kind = 'CHECKLIST'")
              .groupBy('m.contractorId'),
            'm',
            contractorId,
          ),
        'newest',
        'newest.latest_contractor_id = a.contractorId AND newest.latest_period_start = a.periodStart',
      )
      .where("a.status = 'REVIEWED'")
      .andWhere("a.kind = 'CHECKLIST'");
    // Raw rows, not entities: one per contract whose period starts latest (20,000 at national scale), and
    // building entities for them was most of this query's time in the app.
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
   * come from it), read from `open_finding`, which the review and order steps keep up to date — see
   * open-findings.ts for what an open finding is. Served by idx_open_finding_clause alone (no row reads, no sort).
   */
  private async openFindings(
    manager: EntityManager,
    contractorId: string | null,
  ): Promise<(ClauseFindingsResponse & { contractorId: string })[]> {
    const qb = manager
      .createQueryBuilder(OpenFinding, 'f')
      .select('f.contractorId', 'contractorId')
      .addSelect('f.clauseCode', 'clauseCode')
      // The title is a snapshot per contract; catalogue revisions may differ, so one of them (the greatest).
      .addSelect('MAX(f.clauseTitle)', 'clauseTitle')
      .addSelect('COUNT(*)', 'n')
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

function summarise(rows: ContractorDashboardRow[]): DashboardTotals {
  const sum = (key: CountKey): number => rows.reduce((total, row) => total + row[key], 0);
  return {
    contractors: rows.length,
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
