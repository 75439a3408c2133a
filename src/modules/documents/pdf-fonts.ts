import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InvalidInputError } from '../../common/errors/domain-error';

/**
 * The fonts of every document, read and parsed once per process — that is, once per worker thread.
 *
 * pdfkit keeps fonts per document: `doc.registerFont(name, pathOrBuffer)` followed by `doc.font(name)` runs
 * `fontkit.create()` again for every new document, and fontkit then decodes cmap, hmtx, GSUB and GPOS of a
 * 7.7 MB TTF again on the first layout (~20 ms per weight here). pdfkit also accepts an already parsed
 * fontkit font (it only checks for a `layout` method), so we parse once and hand the same object to every
 * document. Each document still builds its own subset (`font.createSubset()`), so nothing leaks between
 * documents; fontkit's caches on the shared object only hold decoded tables and glyphs.
 */

/** The part of a fontkit `Font` we rely on; pdfkit receives the object itself. */
export interface ParsedFont {
  readonly postscriptName: string;
  /** Every code point the font's cmap maps. */
  readonly characterSet: readonly number[];
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): unknown;
}

interface Fontkit {
  create(buffer: Uint8Array): ParsedFont;
}

export type FontRole = 'regular' | 'heading';

/** Noto Serif JP (OFL), see DESIGN.md, Documents. Resolved as packages so any build output directory works. */
const FONT_FILES: Readonly<Record<FontRole, string>> = {
  regular: '@expo-google-fonts/noto-serif-jp/400Regular/NotoSerifJP_400Regular.ttf',
  heading: '@expo-google-fonts/noto-serif-jp/600SemiBold/NotoSerifJP_600SemiBold.ttf',
};

export const FONT_ROLES: readonly FontRole[] = ['regular', 'heading'];

let loaded: Readonly<Record<FontRole, ParsedFont>> | undefined;

/**
 * fontkit is pdfkit's own dependency, not ours: resolving it from pdfkit's location yields exactly the copy
 * pdfkit uses, whatever the package manager hoists.
 */
function loadFontkit(): Fontkit {
  const requireFromPdfkit = createRequire(require.resolve('pdfkit'));
  return requireFromPdfkit('fontkit') as Fontkit;
}

export function fontFilePath(role: FontRole): string {
  return require.resolve(FONT_FILES[role]);
}

function parseFonts(): Readonly<Record<FontRole, ParsedFont>> {
  const fontkit = loadFontkit();
  const parse = (role: FontRole): ParsedFont => fontkit.create(readFileSync(fontFilePath(role)));
  return Object.freeze({ regular: parse('regular'), heading: parse('heading') });
}

/** Parsed fonts by role; the files are read on first use and kept for the life of the thread. */
export function documentFonts(): Readonly<Record<FontRole, ParsedFont>> {
  loaded ??= parseFonts();
  return loaded;
}

let printable: ReadonlySet<number> | undefined;

/**
 * The code points every font of the documents has a glyph for. The refusal of unprintable text runs in the main
 * thread, on writes: parsing the fonts there for it kept two 7.7 MB files and their tables (~31 MB, ~46 MB once
 * laid out) for the life of the process, beside the worker thread's own copy. The set is taken from fonts parsed
 * for it and then dropped, unless this thread renders and keeps them anyway.
 */
function printableCodePoints(): ReadonlySet<number> {
  if (printable === undefined) {
    const fonts = loaded ?? parseFonts();
    const [first, ...others] = FONT_ROLES.map((role) => fonts[role]);
    printable = new Set(
      first.characterSet.filter((cp) => [first, ...others].every((font) => font.hasGlyphForCodePoint(cp))),
    );
  }
  return printable;
}

/** Characters of `text` the given font has no glyph for (they would print as empty boxes and copy out wrong). */
export function missingGlyphs(text: string, font: ParsedFont): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    const codePoint = ch.codePointAt(0);
    if (codePoint !== undefined && !font.hasGlyphForCodePoint(codePoint)) missing.add(ch);
  }
  return [...missing];
}

/** Line breaks are layout, not glyphs: the composer breaks the paragraph there, so they are never refused. */
const LINE_BREAKS = /\r\n|\r|\n/gu;

/** `U+000A`: how a refused character is named, visible even when the character itself is not. */
export const codePointName = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Refuses text that some font of the documents cannot print (`DOCUMENT.UNSUPPORTED_CHARACTER`, listing the
 * characters): pdfkit would print an empty box, and the copied text would differ from the record. Line breaks
 * (CR, LF) are never refused. With `field`, the message names the field and the refusal's `details.field` ties it
 * to the form field of that name.
 */
export function assertPrintable(text: string, field?: { name: string; label: string }): void {
  const known = printableCodePoints();
  const missing = [...new Set(text.replace(LINE_BREAKS, ''))].filter(
    (ch) => !known.has(ch.codePointAt(0) ?? 0),
  );
  if (missing.length > 0) {
    const names = missing.map(codePointName);
    throw new InvalidInputError(
      'DOCUMENT.UNSUPPORTED_CHARACTER',
      field
        ? `${field.label}に、帳票に印字できない文字（${names.join('、')}）が含まれています。`
        : `帳票のフォントにない文字が含まれています：${missing.join(' ')}`,
      field ? { characters: names, field: field.name } : { characters: names },
    );
  }
}
