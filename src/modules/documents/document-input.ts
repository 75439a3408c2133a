import { formatWareki } from '../../common/dates/wareki';
import { InvalidInputError } from '../../common/errors/domain-error';

/**
 * Input checks shared by every document: each validator collects all problems of its input and throws one
 * InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing them, before anything is rendered or queued.
 */

export interface InputProblem {
  path: string;
  problem: string;
}

export const MAX_FIELD_LENGTH = 300;
export const MAX_PARAGRAPH_LENGTH = 4000;

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
// Line breaks and tabs have no place inside one field: the layout decides where lines break.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// The same, with line feeds and carriage returns allowed: they separate paragraphs (see `toParagraphs`).
const CONTROL_CHARACTERS_BUT_LINE_BREAKS =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/u;
/* eslint-enable no-control-regex */

export interface TextRules {
  maxLength?: number;
  /** Line breaks allowed, as paragraph separators; at least one paragraph must hold text. */
  multiline?: boolean;
}

export class InputChecker {
  readonly problems: InputProblem[] = [];

  add(path: string, problem: string): void {
    this.problems.push({ path, problem });
  }

  /** A non-empty, well-formed string without control characters. Returns whether it passed. */
  text(path: string, value: unknown, rules: TextRules = {}): boolean {
    const maxLength = rules.maxLength ?? MAX_FIELD_LENGTH;
    const forbidden = rules.multiline ? CONTROL_CHARACTERS_BUT_LINE_BREAKS : CONTROL_CHARACTERS;
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'must be a non-empty string');
    } else if (!value.isWellFormed()) {
      this.add(path, 'contains a lone surrogate');
    } else if (forbidden.test(value)) {
      this.add(
        path,
        rules.multiline ? 'contains a control character' : 'contains a control character or line break',
      );
    } else if (value.length > maxLength) {
      this.add(path, `is longer than ${maxLength} characters`);
    } else {
      return true;
    }
    return false;
  }

  /** `null` (or absent) or text as `text()` checks it. */
  optionalText(path: string, value: unknown, rules: TextRules = {}): boolean {
    return value === null || value === undefined || this.text(path, value, rules);
  }

  /** A real `YYYY-MM-DD` date that can be printed in 和暦. Returns whether it passed. */
  date(path: string, value: unknown): boolean {
    try {
      formatWareki(value as string);
      return true;
    } catch (error) {
      this.add(path, error instanceof Error ? error.message : 'is not a date');
      return false;
    }
  }

  /** Whether `value` is a non-null object; reports it otherwise. */
  object(path: string, value: unknown): value is object {
    if (typeof value === 'object' && value !== null) return true;
    this.add(path, 'must be an object');
    return false;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): value is T {
    if ((allowed as readonly unknown[]).includes(value)) return true;
    this.add(path, `must be one of ${allowed.join(', ')}`);
    return false;
  }

  /** Throws the InvalidInputError when any problem was found. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw invalidDocumentInput(this.problems);
  }
}

export function invalidDocumentInput(problems: InputProblem[]): InvalidInputError {
  return new InvalidInputError('DOCUMENT.INVALID_INPUT', '帳票の入力が正しくありません。', problems);
}

/** The input itself must be an object before any field can be checked. */
export function assertInputObject(input: unknown): void {
  if (typeof input !== 'object' || input === null) {
    throw invalidDocumentInput([{ path: '', problem: 'must be an object' }]);
  }
}

/**
 * A multi-line field as its paragraphs: split at line breaks, each trimmed (a typed leading 「　」 would
 * double the layout's 字下げ), blank lines dropped.
 */
export function toParagraphs(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
