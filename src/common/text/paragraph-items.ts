/**
 * Items (号) inside a paragraph (項): 「…次に掲げる事項を記載した書面を提出しなければならない。」 followed by
 * 「(1) 再委託先の名称」, 「(2) …」 on lines of their own (公用文作成の考え方（令和4年）: in horizontal text the
 * third level of numbering is (1), (2), … in half-width digits).
 *
 * A paragraph stays one string wherever it travels (the catalogue, the API's `paragraphs`, the signed
 * `contract_clause.rendered_text`, which separates paragraphs with LF), so that paragraph numbers — which the
 * checklist's `basis` and every citation count — never move. Its items follow its text, each after one
 * U+2028 LINE SEPARATOR (Unicode's "line break inside a paragraph") and starting with its number:
 *
 *     乙は、次に掲げる事項を…提出しなければならない。\u2028(1)再委託先の名称\u2028(2)再委託する業務の範囲
 *
 * Read flat (U+2028 shown as a line break or a space), the text still says what it says. Catalogue text and
 * user input may not contain U+2028 (see clause-text.ts), so only `withItems` introduces it.
 */

export const ITEM_SEPARATOR = '\u2028';

export interface ParagraphItem {
  /** `(1)`, `(2)`, … */
  label: string;
  text: string;
}

export interface ItemisedParagraph {
  /** The paragraph's own sentence (柱書). */
  text: string;
  items: ParagraphItem[];
}

const ITEM = /^(\((\d+)\))(.*)$/su;

/** `(n)`: the item number, half-width. */
export function itemLabel(n: number): string {
  return `(${n})`;
}

/** The paragraph string for a text and its items (numbered from (1) in the order given). */
export function withItems(text: string, items: readonly string[]): string {
  return [text, ...items.map((item, i) => `${itemLabel(i + 1)}${item}`)].join(ITEM_SEPARATOR);
}

/**
 * A paragraph string split into its text and its numbered items. Throws when a part after a separator is not
 * an item numbered in sequence: such a string was not made by `withItems`.
 */
export function splitItems(paragraph: string): ItemisedParagraph {
  const [text, ...rest] = paragraph.split(ITEM_SEPARATOR);
  const items = rest.map((part, i) => {
    const match = ITEM.exec(part);
    if (!match || Number(match[2]) !== i + 1 || match[3].trim() === '') {
      throw new Error(`item ${i + 1} of the paragraph is not numbered ${itemLabel(i + 1)}: ${part}`);
    }
    return { label: match[1], text: match[3] };
  });
  return { text, items };
}

/** Whether the paragraph string is well formed: `splitItems` accepts it. */
export function hasWellFormedItems(paragraph: string): boolean {
  try {
    splitItems(paragraph);
    return true;
  } catch {
    return false;
  }
}

/** The lines a reader sees: the text, then each item as 「(1)　…」 (for web pages and plain-text output). */
export function paragraphLines(paragraph: string): string[] {
  const { text, items } = splitItems(paragraph);
  return [text, ...items.map((item) => `${item.label}　${item.text}`)];
}
