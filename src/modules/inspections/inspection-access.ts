import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { contractorScope } from '../../common/auth/scope';
import type { ContractClause } from '../contracts/contract-clause.entity';
import type { InspectionItem } from './inspection-item.entity';
import { Inspection } from './inspection.entity';
import { InspectionErrors } from './inspections.errors';

/**
 * The inspection, if the caller may see it: staff see every one; a contractor only its own company's and only
 * once REPORTED (a planned inspection, unannounced ones above all, never shows). Otherwise 404, like a missing one.
 */
export async function findVisibleInspection(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<Inspection> {
  const inspection = await manager.findOneBy(Inspection, { id });
  const scope = contractorScope(actor);
  if (
    !inspection ||
    (scope !== null && (inspection.contractorId !== scope || inspection.status !== 'REPORTED'))
  )
    throw InspectionErrors.notFound();
  return inspection;
}

/**
 * The items of a new inspection: every checklist question signed with the contract's clauses (not the 定期報告
 * form's), in article order and, within an article, in paragraph (basis) order with the advisory items last (the
 * catalogue's own order among equals), each citing its article and the paragraph it checks.
 */
export function drawItems(
  clauses: ContractClause[],
): Omit<InspectionItem, 'id' | 'inspectionId' | 'position'>[] {
  return [...clauses]
    .filter((c) => c.articleNo !== null)
    .sort((a, b) => (a.articleNo ?? 0) - (b.articleNo ?? 0))
    .flatMap((clause) =>
      (clause.questions ?? [])
        .filter((q) => q.form !== 'REPORT')
        .map((q) => ({
          clauseCode: clause.clauseCode,
          articleNo: clause.articleNo as number,
          clauseTitle: clause.title ?? clause.clauseCode,
          basis: q.basis ?? null,
          questionCode: q.code,
          question: q.text,
          advisory: q.advisory === true,
          result: 'NOT_CHECKED' as const,
          note: null,
          evidence: null,
        }))
        .map((item, order) => ({ item, order }))
        .sort((a, b) => itemRank(a.item) - itemRank(b.item) || a.order - b.order)
        .map(({ item }) => item),
    );
}

/** Duties by paragraph, an item naming no paragraph after them, advisory items last. */
function itemRank(item: { basis: number | null; advisory: boolean }): number {
  return (item.advisory ? 1_000_000 : 0) + (item.basis ?? 999_999);
}
