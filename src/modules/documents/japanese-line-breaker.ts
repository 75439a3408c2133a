/**
 * Line breaking for Japanese text (禁則処理, after JIS X 4051).
 *
 * pdfkit breaks lines with the `linebreak` package (Unicode UAX #14), which already keeps 。、」）ー っ 々
 * off the start of a line by pushing the previous character down (追い出し). What it lacks for Japanese is
 * justification: `align: 'justify'` only widens spaces, and Japanese has none, so every pushed-out line
 * ends visibly short. We therefore break lines ourselves — with the rules spelt out below, so they do not
 * depend on UAX #14 tailoring — and the composer justifies each broken line with character spacing
 * (両端揃え). Breaking is by "clusters": runs of characters that may not be separated.
 */

/** 行頭禁則: may not start a line (closing brackets, punctuation, small kana, iteration and length marks). */
const NO_LINE_START = new Set(
  Array.from(
    '）〕］｝〉》」』】〙〗〟’”｠»)]}' + // closing brackets
      '‐゠–〜～' + // hyphens
      '？！‼⁇⁈⁉?!' + // dividing punctuation
      '・：；:;' + // middle dots
      '。．.、，,' + // full stops and commas
      'ヽヾゝゞ々〻ー゛゜' + // iteration marks, prolonged sound mark
      'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ' + // small kana
      '％‰℃°′″%' + // postfixes
      '｡､｣･ｰﾞﾟｧｨｩｪｫｬｭｮｯ', // half-width forms
  ),
);

/** 行末禁則: may not end a line (opening brackets, currency and number prefixes). */
const NO_LINE_END = new Set(Array.from('（〔［｛〈《「『【〘〖〝‘“｟«([{' + '￥＄￡＃№$¥£€#'));

/** 分離禁止: never split inside ……, ‥‥, ――. */
const INSEPARABLE = new Set(Array.from('…‥―—'));

/** Full-width alphanumerics form words exactly like ASCII ones (２０２６, ＩＳＭＡＰ). */
const FULLWIDTH_ALNUM = /^[０-９Ａ-Ｚａ-ｚ]$/u;

function isAsciiWordChar(ch: string): boolean {
  // Any visible ASCII: "ISO/IEC", "27001:2022", "https://…" stay whole; they break at spaces only.
  return ch.length === 1 && ch >= '!' && ch <= '~';
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t';
}

/** May a line break fall between `before` and `after`? */
export function canBreakBetween(before: string, after: string): boolean {
  if (isSpace(after)) return false; // a space stays at the end of its line (and is trimmed there)
  if (isSpace(before)) return true;
  if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) return false;
  if (INSEPARABLE.has(before) && before === after) return false;
  if (isAsciiWordChar(before) && isAsciiWordChar(after)) return false;
  if (FULLWIDTH_ALNUM.test(before) && FULLWIDTH_ALNUM.test(after)) return false;
  return true;
}

/** Splits text into unbreakable clusters; iterates by code point so 𠮷 (a surrogate pair) is never cut. */
export function toClusters(text: string): string[] {
  const clusters: string[] = [];
  let current = '';
  let previous: string | undefined;
  for (const ch of text) {
    if (previous !== undefined && canBreakBetween(previous, ch)) {
      clusters.push(current);
      current = '';
    }
    current += ch;
    previous = ch;
  }
  if (current !== '') clusters.push(current);
  return clusters;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` as measured by `measure` (the width of a string in the
 * current font and size). A cluster that does not fit moves to the next line together with the character
 * it may not be separated from (追い出し). A cluster wider than a whole line is the only case where the rules
 * give way: it is cut by character, as a typesetter would. `firstLineWidth` serves a first-line indent.
 */
export function breakJapaneseLines(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  firstLineWidth = maxWidth,
): string[] {
  const lines: string[] = [];
  const limit = (): number => (lines.length === 0 ? firstLineWidth : maxWidth);
  const fits = (w: number): boolean => w <= limit() + 1e-6;
  for (const hardLine of text.split('\n')) {
    const clusters = toClusters(hardLine).flatMap((c) =>
      measure(c.trimEnd()) <= maxWidth + 1e-6 ? [c] : cutByCharacter(c, maxWidth, measure),
    );
    let line = '';
    let width = 0; // of `line`, trailing spaces included
    for (const cluster of clusters) {
      // Trailing spaces do not count against the measure: they are trimmed at the end of a line.
      if (line !== '' && !fits(width + measure(cluster.trimEnd()))) {
        lines.push(line.trimEnd());
        line = '';
        width = 0;
      }
      const piece = line === '' ? cluster.trimStart() : cluster;
      line += piece;
      width += measure(piece);
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

function cutByCharacter(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of text) {
    if (piece !== '' && measure(piece + ch) > maxWidth + 1e-6) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
