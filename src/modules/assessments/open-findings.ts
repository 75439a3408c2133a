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
 * Only two steps change what that definition answers, and each keeps the table in its own transaction:
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
  if (rows.length) await insertRows(manager, OpenFinding, rows);
}

/** On an order's closure (verified, CLOSED): the findings it cites are no longer open. */
export async function closeOrderFindings(manager: EntityManager, orderId: string): Promise<void> {
  const links = await manager.find(ImprovementOrderFinding, {
    select: { assessmentItemId: true },
    where: { orderId },
  });
  if (links.length === 0) return;
  await manager.delete(OpenFinding, { assessmentItemId: In(links.map((l) => l.assessmentItemId)) });
}
