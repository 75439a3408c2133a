import { InvalidInputError } from '../errors/domain-error';

const MAX_DEPTH = 32;

/**
 * Refuses strings that cannot be stored faithfully: lone surrogates (Node would silently turn them into
 * U+FFFD when writing UTF-8) and NUL. Runs on every parsed body and query before any route sees it.
 */
export function assertCleanStrings(value: unknown, path = '', depth = 0): void {
  if (depth > MAX_DEPTH) {
    throw new InvalidInputError('REQUEST.TOO_DEEP', '入れ子が深すぎます。', { field: path });
  }
  if (typeof value === 'string') {
    if (!value.isWellFormed()) {
      throw new InvalidInputError(
        'REQUEST.INVALID_STRING',
        '文字列に不正な文字（対になっていないサロゲート）が含まれています。',
        {
          field: path,
        },
      );
    }
    if (value.includes('\u0000')) {
      throw new InvalidInputError('REQUEST.INVALID_STRING', '文字列に NUL 文字が含まれています。', {
        field: path,
      });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertCleanStrings(item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertCleanStrings(key, path, depth + 1);
      assertCleanStrings(item, path ? `${path}.${key}` : key, depth + 1);
    }
  }
}
