import type { Answer, Severity, Verdict } from './assessment-item.entity';
import type { Grade } from './assessment.entity';

/** What the score reads of one item. */
export interface ScoredItem {
  answer: Answer | null;
  verdict: Verdict | null;
  severity: Severity | null;
  advisory: boolean;
}

export interface Score {
  /** Percentage with two decimals; null when no required item was answered other than 該当しない. */
  score: number | null;
  grade: Grade | null;
}

const POINTS: Readonly<Partial<Record<Answer, number>>> = {
  IMPLEMENTED: 1,
  PARTIAL: 0.5,
  NOT_IMPLEMENTED: 0,
};

/** The lowest score of each grade: A 90 and above, B 75, C 60, D below 60. */
const GRADE_FLOORS: readonly [Grade, number][] = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 0],
];

/** The highest score a finding of this severity leaves: a HIGH finding makes it D, a MEDIUM one C at best. */
const SEVERITY_CAPS: Readonly<Record<Severity, number>> = { HIGH: 59, MEDIUM: 74, LOW: 100 };

/**
 * The reviewed score of a CHECKLIST (documented in templates/clauses/README.md and the OpenAPI description):
 * 1. Only required items count: advisory questions (推奨事項) and 該当しない answers are left out.
 * 2. Each counts its answer — 実施している 1, 一部実施 0.5, 実施していない 0 — unless the reviewer recorded a
 *    finding on it, which counts 0 whatever was answered.
 * 3. score = 100 × points / counted, to two decimals; grade A ≥ 90, B ≥ 75, C ≥ 60, else D.
 * 4. A HIGH finding caps the score at 59 (grade D), a MEDIUM finding at 74 (grade C): a serious finding cannot
 *    hide behind many good answers.
 */
export function scoreOf(items: readonly ScoredItem[]): Score {
  const counted = items.filter((i) => !i.advisory && i.answer !== null && POINTS[i.answer] !== undefined);
  if (counted.length === 0) return { score: null, grade: null };
  const points = counted.reduce(
    (sum, i) => sum + (i.verdict === 'FINDING' ? 0 : (POINTS[i.answer as Answer] ?? 0)),
    0,
  );
  let score = Math.round((points / counted.length) * 10_000) / 100;
  for (const item of items) {
    if (item.advisory || item.verdict !== 'FINDING' || !item.severity) continue;
    score = Math.min(score, SEVERITY_CAPS[item.severity]);
  }
  return { score, grade: gradeOf(score) };
}

export function gradeOf(score: number): Grade {
  return GRADE_FLOORS.find(([, floor]) => score >= floor)?.[0] ?? 'D';
}
