import { hasForbiddenCharacters } from './clause-text';

// Strict readers for parsed YAML: each reports a problem at its field path and answers undefined.
/** Records one problem at a field path (`params[0].max`); the loader adds the file name. */
export type Report = (path: string, message: string) => undefined;

export type Raw = Record<string, unknown>;

export function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reporter that also remembers whether anything was reported. */
export function tracking(report: Report): { fail: Report; failed: () => boolean } {
  let count = 0;
  return {
    fail: (path, message) => {
      count++;
      return report(path, message);
    },
    failed: () => count > 0,
  };
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function checkKeys(raw: Raw, allowed: readonly string[], path: string, fail: Report, what = ''): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) fail(join(path, key), `unknown key${what}`);
  }
}

export function readText(value: unknown, path: string, fail: Report): string | undefined {
  if (value === undefined) return fail(path, 'required');
  if (typeof value !== 'string') return fail(path, 'must be a string');
  if (!value.isWellFormed()) return fail(path, 'must be well-formed Unicode text (lone surrogate found)');
  if (hasForbiddenCharacters(value)) {
    return fail(
      path,
      'must not contain control, zero-width or bidirectional characters (line breaks included)',
    );
  }
  if (value.trim() === '') return fail(path, 'must not be empty');
  if (value.trim() !== value) return fail(path, 'must not start or end with whitespace');
  return value;
}

export function readInteger(value: unknown, path: string, fail: Report, min?: number): number | undefined {
  if (value === undefined) return fail(path, 'required');
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(path, 'must be an integer');
  if (min !== undefined && value < min) return fail(path, `must be an integer ≥ ${min}`);
  return value;
}

export function readBoolean(value: unknown, path: string, fail: Report): boolean | undefined {
  if (value === undefined) return fail(path, 'required');
  if (typeof value !== 'boolean') return fail(path, 'must be true or false');
  return value;
}

export function readList(
  value: unknown,
  path: string,
  fail: Report,
  nonEmpty: boolean,
): unknown[] | undefined {
  if (value === undefined) return fail(path, 'required');
  if (!Array.isArray(value)) return fail(path, 'must be a list');
  if (nonEmpty && value.length === 0) return fail(path, 'must not be empty');
  return value as unknown[];
}

/** Reads each element of a list; reports duplicates; returns only the good elements. */
export function readEach<T>(
  list: readonly unknown[],
  path: string,
  fail: Report,
  read: (item: unknown, itemPath: string) => T | undefined,
  key: (item: T) => string | number = (item) => String(item),
): T[] {
  const seen = new Set<string | number>();
  const result: T[] = [];
  list.forEach((item, i) => {
    const value = read(item, join(path, i));
    if (value === undefined) return;
    const k = key(value);
    if (seen.has(k)) return fail(join(path, i), `duplicate ${JSON.stringify(k)}`);
    seen.add(k);
    result.push(value);
  });
  return result;
}
