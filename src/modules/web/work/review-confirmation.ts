import type { AssessmentResponse, ReviewRequest } from '../../assessments/dto/assessment.dto';
import type { OrderResponse } from '../../improvement-orders/dto/order.dto';
import type { Confirmation } from '../confirmation';
import { LABELS } from '../glossary';

/** What the confirmation before 「確認を完了する」 says: which assessment, how many findings, and that it is final. */
export function reviewConfirmation(assessment: AssessmentResponse, input: ReviewRequest): Confirmation {
  const kind = LABELS.assessmentKind[assessment.kind] ?? '自己点検票';
  const findings = input.items.filter((item) => item.verdict === 'FINDING').length;
  return {
    title: '確認の完了の確認',
    what: `${assessment.contractorName}の${kind}（契約「${assessment.contractTitle}」）の確認を完了します。`,
    consequences: [
      findings > 0 ? `指摘とした設問は${findings}件です。` : '指摘とした設問はありません。',
      '確認を完了すると、判定が確定し、以後は判定を変更することはできません。',
    ],
    back: `/assessments/${assessment.id}`,
  };
}

/** What the confirmation before withdrawing an improvement order (取下げ) says. */
export function withdrawalConfirmation(order: OrderResponse, reason: string | undefined): Confirmation {
  return {
    title: '改善指示の取下げの確認',
    what: `${order.contractorName}に対する改善指示「${order.title}」を取り下げます。`,
    consequences: [
      '取り下げた改善指示は元に戻すことができません。改めて改善を求める場合は、新たに改善指示を発出してください。',
    ],
    details: reason ? [{ label: '取下げの理由', value: reason }] : [],
    back: `/orders/${order.id}`,
    danger: true,
  };
}

/**
 * Whether completing the review can succeed as far as the page can tell: the assessment awaits review, and every
 * item has a verdict (posted or stored), a finding its note and severity. When it certainly cannot, the page
 * skips the confirmation and lets the service refuse, so the errors show beside the items at once.
 */
export function reviewMayComplete(assessment: AssessmentResponse, input: ReviewRequest): boolean {
  if (assessment.status !== 'SUBMITTED') return false;
  const posted = new Map(input.items.map((item) => [item.itemId, item]));
  return (assessment.items ?? []).every((item) => {
    const given = posted.get(item.id);
    const verdict = given?.verdict ?? item.verdict;
    if (!verdict) return false;
    if (verdict !== 'FINDING') return true;
    const note = given?.note ?? item.reviewNote;
    return Boolean(note?.trim()) && Boolean(given?.severity ?? item.severity);
  });
}
