import { In, type EntityManager } from 'typeorm';
import { AssessmentItem } from '../assessments/assessment-item.entity';
import { Assessment } from '../assessments/assessment.entity';
import type { OrderFindingResponse } from './dto/order.dto';
import { ImprovementOrderFinding } from './improvement-order-finding.entity';

/** What the list shows of a finding: the article it falls under. */
export type FindingBasis = Pick<OrderFindingResponse, 'clauseCode' | 'articleNo' | 'clauseTitle' | 'basis'>;

/** The article of every finding of the given orders (what a list shows of them), in one query. */
export async function basisOf(
  manager: EntityManager,
  orderIds: string[],
): Promise<Map<string, FindingBasis[]>> {
  const result = new Map<string, FindingBasis[]>();
  if (orderIds.length === 0) return result;
  const rows = await manager
    .createQueryBuilder(ImprovementOrderFinding, 'f')
    .innerJoin(AssessmentItem, 'i', 'i.id = f.assessmentItemId')
    .select('f.orderId', 'orderId')
    .addSelect('i.clauseCode', 'clauseCode')
    .addSelect('i.articleNo', 'articleNo')
    .addSelect('i.clauseTitle', 'clauseTitle')
    .addSelect('i.basis', 'basis')
    .where('f.orderId IN (:...orderIds)', { orderIds })
    .getRawMany<{
      orderId: string;
      clauseCode: string;
      articleNo: number | string;
      clauseTitle: string;
      basis: number | string | null;
    }>();
  for (const r of rows) {
    const list = result.get(r.orderId) ?? [];
    list.push({
      clauseCode: r.clauseCode,
      articleNo: Number(r.articleNo),
      clauseTitle: r.clauseTitle,
      basis: r.basis === null ? null : Number(r.basis),
    });
    result.set(r.orderId, list);
  }
  return result;
}

/** Findings of the given orders with their question, answer and article, in three queries. */
export async function findingsOf(
  manager: EntityManager,
  orderIds: string[],
): Promise<Map<string, OrderFindingResponse[]>> {
  const result = new Map<string, OrderFindingResponse[]>();
  if (orderIds.length === 0) return result;
  const links = await manager.find(ImprovementOrderFinding, { where: { orderId: In(orderIds) } });
  if (links.length === 0) return result;
  const items = await manager.find(AssessmentItem, {
    where: { id: In(links.map((l) => l.assessmentItemId)) },
  });
  const assessments = await manager.find(Assessment, {
    select: { id: true, periodStart: true },
    where: { id: In([...new Set(items.map((i) => i.assessmentId))]) },
  });
  const periodOf = new Map(assessments.map((a) => [a.id, a.periodStart]));
  const itemOf = new Map(items.map((i) => [i.id, i]));
  for (const link of links) {
    const item = itemOf.get(link.assessmentItemId);
    if (!item) continue;
    const list = result.get(link.orderId) ?? [];
    list.push({
      itemId: item.id,
      assessmentId: item.assessmentId,
      periodStart: periodOf.get(item.assessmentId) ?? '',
      clauseCode: item.clauseCode,
      articleNo: item.articleNo,
      basis: item.basis,
      clauseTitle: item.clauseTitle,
      question: item.question,
      answer: item.answer,
      comment: item.comment,
      reviewNote: item.reviewNote,
      severity: item.severity,
    });
    result.set(link.orderId, list);
  }
  for (const list of result.values())
    list.sort((a, b) => a.articleNo - b.articleNo || a.question.localeCompare(b.question));
  return result;
}
