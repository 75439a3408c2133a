import type { Answer } from './assessment-item.entity';

const POINTS: Record<Exclude<Answer, 'NOT_APPLICABLE'>, number> = {
  IMPLEMENTED: 1,
  PARTIAL: 0.5,
  NOT_IMPLEMENTED: 0,
};

/**
 * The assessment's score as a percentage with two decimals: IMPLEMENTED counts 1, PARTIAL 0.5, NOT_IMPLEMENTED 0,
 * NOT_APPLICABLE is left out. Null when nothing applies.
 */
export function scoreOf(answers: (Answer | null)[]): number | null {
  const counted = answers.filter(
    (a): a is Exclude<Answer, 'NOT_APPLICABLE'> => a !== null && a !== 'NOT_APPLICABLE',
  );
  if (counted.length === 0) return null;
  const points = counted.reduce((sum, a) => sum + POINTS[a], 0);
  return Math.round((points / counted.length) * 10_000) / 100;
}
