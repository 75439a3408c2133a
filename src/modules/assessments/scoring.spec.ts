import type { Answer, Severity } from './assessment-item.entity';
import { gradeOf, type ScoredItem, scoreOf } from './scoring';

const answered = (...answers: Answer[]): ScoredItem[] =>
  answers.map((answer) => ({ answer, verdict: 'ACCEPTED', severity: null, advisory: false }));
const finding = (answer: Answer, severity: Severity, advisory = false): ScoredItem => ({
  answer,
  verdict: 'FINDING',
  severity,
  advisory,
});

describe('assessment score', () => {
  it('should count IMPLEMENTED 1, PARTIAL 0.5, NOT_IMPLEMENTED 0 and leave NOT_APPLICABLE out', () => {
    expect(scoreOf(answered('IMPLEMENTED', 'PARTIAL', 'NOT_IMPLEMENTED', 'NOT_APPLICABLE')).score).toBe(50);
    expect(scoreOf(answered('IMPLEMENTED', 'IMPLEMENTED', 'PARTIAL')).score).toBe(83.33);
    expect(scoreOf(answered('IMPLEMENTED', 'NOT_APPLICABLE'))).toEqual({ score: 100, grade: 'A' });
    expect(scoreOf(answered('NOT_IMPLEMENTED'))).toEqual({ score: 0, grade: 'D' });
  });

  it('should have no score and no grade when nothing applies', () => {
    expect(scoreOf(answered('NOT_APPLICABLE', 'NOT_APPLICABLE'))).toEqual({ score: null, grade: null });
    expect(scoreOf([])).toEqual({ score: null, grade: null });
  });

  it('should grade A from 90, B from 75, C from 60 and D below', () => {
    expect([100, 90, 89.99, 75, 74.99, 60, 59.99, 0].map(gradeOf)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
  });

  it('should give the lowest grade to an otherwise perfect checklist with one HIGH finding', () => {
    const items = [...answered(...Array<Answer>(19).fill('IMPLEMENTED')), finding('IMPLEMENTED', 'HIGH')];
    // 19 of 20 points would be 95 (A); the HIGH finding counts 0 and caps the result at 59.
    expect(scoreOf(items)).toEqual({ score: 59, grade: 'D' });
  });

  it('should cap at C for a MEDIUM finding and count a LOW finding as 0 points without a cap', () => {
    const many = answered(...Array<Answer>(39).fill('IMPLEMENTED'));
    expect(scoreOf([...many, finding('IMPLEMENTED', 'MEDIUM')])).toEqual({ score: 74, grade: 'C' });
    expect(scoreOf([...many, finding('IMPLEMENTED', 'LOW')])).toEqual({ score: 97.5, grade: 'A' });
  });

  it('should not let an advisory item lower the score or the grade, even with a HIGH finding', () => {
    const items = [
      ...answered('IMPLEMENTED', 'IMPLEMENTED'),
      { answer: 'NOT_IMPLEMENTED' as const, verdict: null, severity: null, advisory: true },
      finding('NOT_IMPLEMENTED', 'HIGH', true),
    ];
    expect(scoreOf(items)).toEqual({ score: 100, grade: 'A' });
  });

  it('should give a REPORT, whose answers are YES or NO, no score', () => {
    const items: ScoredItem[] = [
      { answer: 'YES', verdict: 'ACCEPTED', severity: null, advisory: false },
      { answer: 'NO', verdict: 'ACCEPTED', severity: null, advisory: false },
    ];
    expect(scoreOf(items)).toEqual({ score: null, grade: null });
  });
});
