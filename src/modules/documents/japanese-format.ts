/** Small helpers for writing Japanese official documents (公用文). */

/** `12` → `１２`: paragraph and item numbers print in full-width digits. */
export function toFullWidthDigits(n: number): string {
  return String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** `（１）`, `（２）`, …: the second level of numbering under １, ２, … */
export function parenthesizedNumber(n: number): string {
  return `（${toFullWidthDigits(n)}）`;
}

/** Joins items the 公用文 way: 「A」, 「A及びB」, 「A、B及びC」. */
export function joinWithOyobi(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}及び${items[items.length - 1]}`;
}

/**
 * An article cited down to its paragraphs: 「第5条」, 「第5条第2項」, 「第5条第1項及び第3項」 (paragraphs sorted,
 * each once). Without paragraphs the article as a whole is cited.
 */
export function citation(articleNo: number, paragraphs: readonly number[] = []): string {
  const unique = [...new Set(paragraphs)].sort((a, b) => a - b);
  if (unique.length === 0) return `第${articleNo}条`;
  return `第${articleNo}条${joinWithOyobi(unique.map((p) => `第${p}項`))}`;
}

/** Polite endings of the catalogue's check questions and their plain (である) forms, longest first. */
const PLAIN_ENDINGS: readonly [RegExp, string][] = [
  [/ありましたか。$/u, 'あったか。'],
  [/しましたか。$/u, 'したか。'],
  [/いますか。$/u, 'いるか。'],
  [/ありますか。$/u, 'あるか。'],
  [/ですか。$/u, 'か。'],
];

/**
 * A check question in the plain form an official record uses: 「…記録していますか。」 → 「…記録しているか。」 (the
 * catalogue asks the contractor politely; an inspector's record and the notices state it plainly). An ending not
 * listed is kept as written.
 */
export function plainQuestion(question: string): string {
  for (const [polite, plain] of PLAIN_ENDINGS)
    if (polite.test(question)) return question.replace(polite, plain);
  return question;
}
