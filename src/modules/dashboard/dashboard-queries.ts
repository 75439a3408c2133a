// The dashboard overview's grouped reads (queries 1-7 of dashboard.service.ts), one function per source table.
import { type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { addDays } from '../../common/clock';
import { rawDate, rawInstant } from '../../database/raw-values';
import { Assessment } from '../assessments/assessment.entity';
import { overdueAssessmentCondition } from '../assessments/overdue';
import { OpenFindingCount } from '../assessments/open-finding.entity';
import { Certification } from '../contractors/certification.entity';
import { Contractor } from '../contractors/contractor.entity';
import { Contract } from '../contracts/contract.entity';
import { ImprovementOrder, ORDER_STATUSES } from '../improvement-orders/improvement-order.entity';
import { isOpen } from '../improvement-orders/order-lifecycle';
import type {
  ClauseFindingsResponse,
  ContractorDashboardRow,
  LatestAssessmentResponse,
} from './dto/dashboard.dto';

/** ISSUED, PLAN_SUBMITTED, IN_PROGRESS, COMPLETION_REPORTED: taken from the order lifecycle, not restated. */
const OPEN_ORDER_STATUSES = ORDER_STATUSES.filter(isOpen);
/** Certifications ending within this many days need attention (the same window as the contractor register). */
const CERTIFICATION_WARNING_DAYS = 60;

/** A count per contractor id. */
export type Counts = Map<string, number>;

/** Query 1: the contractors on the dashboard — every one not archived, with or without contracts. */
export async function listedContractors(
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
export async function activeContracts(manager: EntityManager, contractorId: string | null): Promise<Counts> {
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
export async function latestAssessments(
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
export async function openFindings(
  manager: EntityManager,
  contractorId: string | null,
): Promise<OpenFindingRow[]> {
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
export async function openOrders(
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
export async function certifications(
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
export async function overdueAssessments(
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

/** Query 4's row: a contractor's open findings under one clause. */
export type OpenFindingRow = ClauseFindingsResponse & { contractorId: string };

interface RawCount {
  contractorId: string;
  [column: string]: unknown;
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

/** Query 1's raw row. */
export interface ListedContractor {
  id: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  status: ContractorDashboardRow['status'];
}
