import { PLACEHOLDER_PATTERN } from './catalogue.types';

/**
 * Characters that have no place in contract text: C0/C1 controls (line breaks included — a paragraph is
 * one line, the PDF lays it out), U+2028/U+2029 (U+2028 separates a paragraph's items, and only the loader
 * puts it there: see paragraph-items.ts), zero-width characters and bidirectional overrides, which can make
 * printed text read differently from the stored text.
 */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/u;

export function hasForbiddenCharacters(value: string): boolean {
  return FORBIDDEN_CHARACTERS.test(value);
}

/** Length as a reader counts it (and as MySQL utf8mb4 counts it): code points, not UTF-16 units. */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

/** Names of the well-formed `{{name}}` placeholders in a text, in order of appearance. */
export function placeholderNames(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER_PATTERN), (match) => match[1]);
}

/** True when braces remain after the well-formed placeholders are taken out (`{{ x }}`, `{{x}`, …). */
export function hasMalformedPlaceholder(text: string): boolean {
  const rest = text.replace(PLACEHOLDER_PATTERN, '');
  return rest.includes('{{') || rest.includes('}}');
}

export function substitutePlaceholders(text: string, valueOf: (name: string) => string): string {
  return text.replace(PLACEHOLDER_PATTERN, (_match, name: string) => valueOf(name));
}
