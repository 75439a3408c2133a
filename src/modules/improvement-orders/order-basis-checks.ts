import type { EntityManager } from 'typeorm';
import { AssessmentItem } from '../assessments/assessment-item.entity';
import { Assessment } from '../assessments/assessment.entity';
import { dutyParagraphs } from '../clauses/duties';
import type { ContractClause } from '../contracts/contract-clause.entity';
import { ImprovementOrderFinding } from './improvement-order-finding.entity';
import { ImprovementOrder } from './improvement-order.entity';
import { OrderErrors } from './orders.errors';

/** What an order may rest on: checked in the issuing transaction, before anything is written. */

/** The findings must be FINDING verdicts of REVIEWED assessments of this contract, not already in an open order. */
export async function checkFindings(
  manager: EntityManager,
  contractId: string,
  itemIds: string[],
): Promise<void> {
  if (itemIds.length === 0) return;
  const rows = await manager
    .createQueryBuilder(AssessmentItem, 'i')
    .innerJoin(Assessment, 'a', 'a.id = i.assessmentId')
    .where('i.id IN (:...itemIds)', { itemIds })
    .andWhere('a.contractId = :contractId', { contractId })
    .andWhere("a.status = 'REVIEWED'")
    .andWhere("i.verdict = 'FINDING'")
    .select(['i.id', 'i.advisory'])
    .getMany();
  const valid = new Set(rows.map((r) => r.id));
  const invalid = itemIds.filter((id) => !valid.has(id));
  if (invalid.length) throw OrderErrors.findingInvalid(invalid);
  // A recommendation (推奨事項) states no duty of the contract: an order under the contract cannot rest on it.
  const advisory = rows.filter((r) => r.advisory).map((r) => r.id);
  if (advisory.length) throw OrderErrors.findingAdvisory(advisory);
  const taken = await manager
    .createQueryBuilder(ImprovementOrderFinding, 'f')
    .innerJoin(ImprovementOrder, 'o', 'o.id = f.orderId')
    .where('f.assessmentItemId IN (:...itemIds)', { itemIds })
    .andWhere("o.status <> 'WITHDRAWN'")
    .select(['f.assessmentItemId'])
    .getMany();
  if (taken.length)
    throw OrderErrors.findingAlreadyOrdered([...new Set(taken.map((f) => f.assessmentItemId))]);
}

/**
 * A free-standing order cites only what puts a duty on 乙: the paragraphs named must be duties of the signed
 * text, and a clause cited as a whole must hold at least one (never 甲's own power to order, never the
 * consequences of a breach).
 */
export function checkCitedDuty(cited: ContractClause, paragraphs: number[]): void {
  const duties = dutyParagraphs(cited.clauseCode, cited.renderedText ?? '');
  const notDuties = paragraphs.filter((p) => !duties.includes(p));
  if (duties.length === 0 || notDuties.length > 0) {
    throw OrderErrors.clauseImposesNoDuty(cited.clauseCode, notDuties, duties);
  }
}
