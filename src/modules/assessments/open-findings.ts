import { In, type EntityManager } from 'typeorm';
import { insertRows } from '../../database/insert';
import { ImprovementOrderFinding } from '../improvement-orders/improvement-order-finding.entity';
import { ImprovementOrder } from '../improvement-orders/improvement-order.entity';
import type { AssessmentItem } from './assessment-item.entity';
import type { Assessment } from './assessment.entity';
import { OpenFinding } from './open-finding.entity';

/*
 * Open findings, kept in `open_finding` (one row each) for the dashboard.
 *
 * An open finding is an assessment item with verdict FINDING in a REVIEWED assessment (a verdict saved during a
 * review that is not complete does not count yet) that no CLOSED improvement order contains. A finding is closed
 * only when an order citing it has been verified and CLOSED; one in an order still in progress, in a WITHDRAWN
 * order, or in no order at all is open — the contractor has not yet been confirmed to keep the measure (policy
 * Art. 6(6)(ア)).
 *
 * Only two steps change what that definition answers, and each keeps the table (and the counts per contractor
 * and clause in `open_finding_count`) in its own transaction:
 * - completing a review (SUBMITTED → REVIEWED) opens the assessment's FINDING items: `openReviewedFindings`;
 * - verifying an order as accepted (→ CLOSED) closes the findings it cites: `closeOrderFindings`.
 * Nothing else can: verdicts change only while the assessment is SUBMITTED, REVIEWED and CLOSED are final, an
 * order cites only items of REVIEWED assessments, issuing or withdrawing an order does not close a finding, and
 * no assessment, item, order or order finding is ever deleted. Archived contractors' rows stay here and are left out when read.
 */

/**
 * Fills `open_finding` from the definition in one INSERT … SELECT, for data written without the steps above:
 * the migration that created the table and the national bench's seed. Expects the table to be empty.
 * `schema`: 'current' leaves advisory findings (推奨事項) out; the default, 'before-advisory', is for the
 * migration that created the table, which runs before assessment_item has the advisory column (issue 11).
 */
// The closed-order test is nested (finding link by item, then its order by id) rather than a join: with the join,
// SQLite scanned every CLOSED order for each FINDING item, and the national bench's fill of 167,000 findings had not
// finished after 15 minutes.
export async function fillOpenFindings(
  db: { query(sql: string): Promise<unknown> },
  schema: 'before-advisory' | 'current' = 'before-advisory',
): Promise<void> {
  await db.query(
    'INSERT INTO open_finding (assessment_item_id, assessment_id, contractor_id, clause_code, clause_title) ' +
      'SELECT i.id, i.assessment_id, a.contractor_id, i.clause_code, i.clause_title ' +
      'FROM assessment_item i INNER JOIN assessment a ON a.id = i.assessment_id ' +
      "WHERE a.status = 'REVIEWED' AND i.verdict = 'FINDING' " +
      (schema === 'current' ? 'AND i.advisory = 0 ' : '') +
      'AND NOT EXISTS (' +
      'SELECT 1 FROM improvement_order_finding f WHERE f.assessment_item_id = i.id AND EXISTS (' +
      "SELECT 1 FROM improvement_order o WHERE o.id = f.order_id AND o.status = 'CLOSED'))",
  );
}

/**
 * On review completion: the assessment's FINDING items (`items`, read after the verdicts were saved) become open
 * findings, but for any a CLOSED order already contains — none through the API, where an order can cite only
 * items of a REVIEWED assessment, but the definition says so and costs one query only when there are findings.
 */
export async function openReviewedFindings(
  manager: EntityManager,
  assessment: Pick<Assessment, 'id' | 'contractorId'>,
  items: AssessmentItem[],
): Promise<void> {
  // An advisory finding is a recommendation (推奨事項): counted apart, never an open breach.
  const findings = items.filter((i) => i.verdict === 'FINDING' && !i.advisory);
  if (findings.length === 0) return;
  const closed = await manager
    .createQueryBuilder(ImprovementOrderFinding, 'f')
    .innerJoin(ImprovementOrder, 'o', 'o.id = f.orderId')
    .select('f.assessmentItemId', 'itemId')
    .where('f.assessmentItemId IN (:...ids)', { ids: findings.map((i) => i.id) })
    .andWhere("o.status = 'CLOSED'")
    .getRawMany<{ itemId: string }>();
  const closedIds = new Set(closed.map((c) => c.itemId));
  const rows = findings
    .filter((i) => !closedIds.has(i.id))
    .map((i): OpenFinding => ({
      assessmentItemId: i.id,
      assessmentId: assessment.id,
      contractorId: assessment.contractorId,
      clauseCode: i.clauseCode,
      clauseTitle: i.clauseTitle,
    }));
  if (rows.length === 0) return;
  await insertRows(manager, OpenFinding, rows);
  await addCounts(manager, rows, 1);
}

/** On an order's closure (verified, CLOSED): the findings it cites are no longer open. */
export async function closeOrderFindings(manager: EntityManager, orderId: string): Promise<void> {
  const links = await manager.find(ImprovementOrderFinding, {
    select: { assessmentItemId: true },
    where: { orderId },
  });
  if (links.length === 0) return;
  const ids = links.map((l) => l.assessmentItemId);
  // The rows that close (a cited finding may have been closed by another order already), for their counts.
  const closing = await manager.find(OpenFinding, {
    select: { contractorId: true, clauseCode: true, clauseTitle: true },
    where: { assessmentItemId: In(ids) },
  });
  if (closing.length === 0) return;
  await manager.delete(OpenFinding, { assessmentItemId: In(ids) });
  await addCounts(manager, closing, -1);
}

type CountKey = Pick<OpenFinding, 'contractorId' | 'clauseCode' | 'clauseTitle'>;

/**
 * Adds `sign` × the rows to `open_finding_count`, one upsert per statement, and deletes the counts that fell to
 * zero. Runs in the caller's transaction, beside the change to `open_finding` it mirrors.
 */
async function addCounts(manager: EntityManager, rows: CountKey[], sign: 1 | -1): Promise<void> {
  const deltas = new Map<string, CountKey & { n: number }>();
  for (const r of rows) {
    const key = JSON.stringify([r.contractorId, r.clauseCode, r.clauseTitle]);
    const seen = deltas.get(key);
    if (seen) seen.n += sign;
    else
      deltas.set(key, {
        contractorId: r.contractorId,
        clauseCode: r.clauseCode,
        clauseTitle: r.clauseTitle,
        n: sign,
      });
  }
  const values = [...deltas.values()];
  const tuples = values.map(() => '(?, ?, ?, ?)').join(', ');
  const params = values.flatMap((d) => [d.contractorId, d.clauseCode, d.clauseTitle, d.n]);
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  await manager.query(
    `INSERT INTO open_finding_count (contractor_id, clause_code, clause_title, n) VALUES ${tuples} ` +
      (sqlite
        ? 'ON CONFLICT (contractor_id, clause_code, clause_title) DO UPDATE SET n = n + excluded.n'
        : 'ON DUPLICATE KEY UPDATE n = n + VALUES(n)'),
    params,
  );
  if (sign < 0) {
    await manager.query(
      `DELETE FROM open_finding_count WHERE n <= 0 AND contractor_id IN (${values.map(() => '?').join(', ')})`,
      values.map((d) => d.contractorId),
    );
  }
}

/** Fills `open_finding_count` from `open_finding` (expects it empty): its migration and the national bench's seed. */
export async function fillOpenFindingCounts(db: { query(sql: string): Promise<unknown> }): Promise<void> {
  await db.query(
    'INSERT INTO open_finding_count (contractor_id, clause_code, clause_title, n) ' +
      'SELECT contractor_id, clause_code, clause_title, COUNT(*) FROM open_finding ' +
      'GROUP BY contractor_id, clause_code, clause_title',
  );
}
