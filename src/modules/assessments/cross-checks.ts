import { type EntityManager } from 'typeorm';
import { ContractWorker } from '../contracts/contract-worker.entity';
import type { AssessmentItem } from './assessment-item.entity';
import type { Assessment } from './assessment.entity';
import type { CrossCheckResponse } from './dto/assessment.dto';

/** Japan is UTC+9: a period's first and last day as instants. */
const JST = '+09:00';

/**
 * Answers the worker roster contradicts, for the reviewer to see beside them. Reads the roster once, and only when
 * an answer could be contradicted: training answered 実施している (the question marked `roster-training`) while a
 * worker has no training date, or none by the period's end; no staff change reported (the report item marked
 * `roster-changes` answered いいえ) while a roster entry was added or changed in the period.
 */
export async function crossChecksOf(
  manager: EntityManager,
  assessment: Pick<Assessment, 'contractId' | 'periodStart' | 'periodEnd'>,
  items: readonly AssessmentItem[],
): Promise<CrossCheckResponse[]> {
  const training = items.find((i) => i.crossCheck === 'roster-training' && i.answer === 'IMPLEMENTED');
  const changes = items.find((i) => i.crossCheck === 'roster-changes' && i.answer === 'NO');
  if (!training && !changes) return [];
  const workers = await manager.find(ContractWorker, {
    select: { name: true, trainingDate: true, createdAt: true, updatedAt: true },
    where: { contractId: assessment.contractId },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const result: CrossCheckResponse[] = [];
  if (training) {
    const untrained = workers.filter((w) => !w.trainingDate || w.trainingDate > assessment.periodEnd);
    if (untrained.length) {
      result.push({
        itemId: training.id,
        check: 'roster-training',
        message: `「実施している」と回答されていますが、従事者名簿では${untrained.length}名の研修受講日が点検期間の末日までに記録されていません。`,
        workers: untrained.map((w) => w.name),
      });
    }
  }
  if (changes) {
    const from = new Date(`${assessment.periodStart}T00:00:00${JST}`).getTime();
    const to = new Date(`${assessment.periodEnd}T23:59:59.999${JST}`).getTime();
    const within = (d: Date): boolean => d.getTime() >= from && d.getTime() <= to;
    const changed = workers.filter((w) => within(w.createdAt) || within(w.updatedAt));
    if (changed.length) {
      result.push({
        itemId: changes.id,
        check: 'roster-changes',
        message: `「いいえ」と回答されていますが、報告期間中に従事者名簿で${changed.length}名の登録又は変更がありました。`,
        workers: changed.map((w) => w.name),
      });
    }
  }
  return result;
}
