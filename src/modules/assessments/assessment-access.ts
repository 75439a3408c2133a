import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { canSeeContractor } from '../../common/auth/scope';
import { Assessment } from './assessment.entity';
import { AssessmentItem } from './assessment-item.entity';
import { AssessmentErrors } from './assessments.errors';

/** The assessment, if the caller may see it; another company's answers 404 exactly like a missing one. */
export async function findVisibleAssessment(
  manager: EntityManager,
  actor: Actor,
  id: string,
): Promise<Assessment> {
  const assessment = await manager.findOneBy(Assessment, { id });
  if (!assessment || !canSeeContractor(actor, assessment.contractorId)) throw AssessmentErrors.notFound();
  return assessment;
}

/** An item with its assessment, if the caller may see them. */
export async function findVisibleItem(
  manager: EntityManager,
  actor: Actor,
  itemId: string,
): Promise<{ item: AssessmentItem; assessment: Assessment }> {
  const item = await manager.findOneBy(AssessmentItem, { id: itemId });
  if (!item) throw AssessmentErrors.notFound();
  const assessment = await findVisibleAssessment(manager, actor, item.assessmentId);
  return { item, assessment };
}

/** Answers and evidence can change only while the contractor holds the assessment. */
export const EDITABLE_STATUSES = ['OPEN', 'RETURNED'] as const;
