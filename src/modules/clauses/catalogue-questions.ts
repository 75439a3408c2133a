import {
  ANSWER_REQUIREMENTS,
  type AnswerRequirement,
  CROSS_CHECKS,
  type ClauseQuestion,
  type CrossCheck,
} from './catalogue.types';
import {
  checkKeys,
  isRecord,
  join,
  readBoolean,
  readEach,
  readInteger,
  readList,
  readText,
  type Report,
  tracking,
} from './catalogue-readers';

// A clause's checklist questions and 定期報告 items: each names the paragraph (basis) that imposes its duty.
export type QuestionForm = 'questions' | 'reportItems';

export function readQuestion(
  raw: unknown,
  path: string,
  clauseCode: string,
  paragraphCount: number,
  form: QuestionForm,
  fail: Report,
): ClauseQuestion | undefined {
  const { fail: failHere, failed } = tracking(fail);
  if (!isRecord(raw)) return failHere(path, 'must be a mapping with code, text and basis');
  const allowed =
    form === 'questions'
      ? ['code', 'text', 'basis', 'advisory', 'requires', 'crossCheck']
      : ['code', 'text', 'basis', 'crossCheck'];
  checkKeys(raw, allowed, path, failHere);
  const code = readText(raw.code, join(path, 'code'), failHere);
  const text = readText(raw.text, join(path, 'text'), failHere);
  const codePattern = form === 'questions' ? `${clauseCode}-[0-9]{2}` : `${clauseCode}-R[0-9]{2}`;
  if (code !== undefined && !new RegExp(`^${codePattern}$`).test(code)) {
    failHere(
      join(path, 'code'),
      form === 'questions' ? `must be "${clauseCode}-NN" (two digits)` : `must be "${clauseCode}-RNN"`,
    );
  }
  // The checklist asks the contractor; a statement would read as an order, not a question.
  if (text !== undefined && !text.endsWith('か。')) {
    failHere(join(path, 'text'), 'must be a polite question ending in 「か。」');
  }
  const advisory =
    raw.advisory === undefined ? false : readBoolean(raw.advisory, join(path, 'advisory'), failHere);
  let basis: number | null = null;
  if (advisory === true) {
    // A recommendation cites no paragraph: a finding on it must never read as a breach of one.
    if (raw.basis !== undefined) failHere(join(path, 'basis'), 'an advisory question cites no paragraph');
  } else if (raw.basis === undefined) {
    failHere(
      join(path, 'basis'),
      'required: the paragraph (第n項) that imposes the duty checked, or advisory: true',
    );
  } else {
    const n = readInteger(raw.basis, join(path, 'basis'), failHere, 1);
    if (n !== undefined && n > paragraphCount) {
      failHere(join(path, 'basis'), `paragraph ${n} does not exist (the clause has ${paragraphCount})`);
    } else if (n !== undefined) basis = n;
  }
  const requires = readRequires(raw.requires, join(path, 'requires'), failHere);
  let crossCheck: CrossCheck | undefined;
  if (raw.crossCheck !== undefined) {
    crossCheck = CROSS_CHECKS.find((c) => c === raw.crossCheck);
    if (!crossCheck) failHere(join(path, 'crossCheck'), `must be one of ${CROSS_CHECKS.join(', ')}`);
  }
  if (failed() || code === undefined || text === undefined || requires === undefined) return undefined;
  return {
    code,
    text,
    basis,
    advisory: advisory === true,
    requires,
    ...(crossCheck ? { crossCheck } : {}),
  };
}

function readRequires(raw: unknown, path: string, fail: Report): AnswerRequirement[] | undefined {
  if (raw === undefined) return [];
  const list = readList(raw, path, fail, true);
  if (!list) return undefined;
  const values = readEach(list, path, fail, (v, p) => {
    const known = ANSWER_REQUIREMENTS.find((r) => r === v);
    return known ?? fail(p, `must be one of ${ANSWER_REQUIREMENTS.join(', ')}`);
  });
  return values.length === list.length ? values : undefined;
}
