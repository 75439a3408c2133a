/**
 * Which paragraphs of a signed clause put a duty on 乙 — the only paragraphs an improvement order may cite as
 * not met. A duty names 乙 and ends in an obligation (〜しなければならない, 〜してはならない, 〜ものとする).
 * Paragraphs that give 甲 a power (甲は、…できる) impose nothing on 乙.
 */
const CONTRACTOR_NAMED = /乙(?:は|が|及び|又は)/u;
const OBLIGATION = /(?:なければならない|てはならない|ものとする)/u;

/**
 * Clauses about what follows a breach (解除及び損害賠償): their duties, such as paying damages, are
 * consequences of a breach, never a security measure an order could ask to be improved.
 */
const CONSEQUENCE_CLAUSES: ReadonlySet<string> = new Set(['BREACH_TERMINATION']);

/** The 1-based numbers of the paragraphs (第n項) that put a duty on 乙; `renderedText` separates them by LF. */
export function dutyParagraphs(clauseCode: string, renderedText: string): number[] {
  if (CONSEQUENCE_CLAUSES.has(clauseCode)) return [];
  return renderedText
    .split('\n')
    .flatMap((text, i) => (CONTRACTOR_NAMED.test(text) && OBLIGATION.test(text) ? [i + 1] : []));
}
