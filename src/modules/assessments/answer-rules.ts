import {
  type Answer,
  type AssessmentItem,
  CHECKLIST_ANSWERS,
  REPORT_ANSWERS,
} from './assessment-item.entity';
import type { AssessmentKind } from './assessment.entity';

/** A CHECKLIST is answered 実施している … 該当しない; a REPORT's items はい or いいえ. */
export function answersFor(kind: AssessmentKind): readonly Answer[] {
  return kind === 'REPORT' ? REPORT_ANSWERS : CHECKLIST_ANSWERS;
}

/**
 * When the answer must come with a comment: every checklist answer other than 実施している; 実施している too where the
 * catalogue asks how (requires: [comment]); a report item answered はい (what happened, when, what was done).
 */
export function needsComment(answer: Answer, item: Pick<AssessmentItem, 'requiresComment'>): boolean {
  if (answer === 'YES') return true;
  if (answer === 'NO') return false;
  return answer !== 'IMPLEMENTED' || item.requiresComment;
}
