import { createHash } from 'node:crypto';
import { splitItems } from '../../common/text/paragraph-items';
import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH } from './document-input';

/**
 * 情報セキュリティに関する特記事項: the contract annex stating the security requirements (基本方針 6条(6)(ア)).
 * What it prints is everything here; an approved one is rendered once and stored (DESIGN.md, "Documents are
 * records"), so later edits of the contractor or the issuer settings never reach it.
 */
export interface SpecialProvisionsInput {
  /** 甲: the body, as the issuer settings name it. */
  issuer: SpecialProvisionsIssuer;
  /** 乙: the contractor. */
  contractor: { name: string; representativeName: string; address: string };
  contractNumber: string;
  contractTitle: string;
  /** `YYYY-MM-DD`, printed in 和暦. */
  startDate: string;
  endDate: string;
  /** A draft carries a 「案」 mark on every page and 「（案）」 after the title. */
  draft: boolean;
  /** Version of the clause catalogue the articles were taken from (recorded in the PDF's metadata). */
  catalogueVersion: string;
  articles: SpecialProvisionsArticle[];
  /**
   * The approved copy's footer, on every page: the approval date and the content hash (see
   * `specialProvisionsContentSha256`), which must match the rest of the input. Null on a draft; required on
   * the approved copy.
   */
  approval: SpecialProvisionsApproval | null;
}

export interface SpecialProvisionsIssuer {
  name: string;
  /** Blank: printed as a line to write on. */
  address: string;
  /** 職名, e.g. 管理者. */
  representativeTitle: string;
  /** Blank: printed as a line to write on. */
  representativeName: string;
}

export interface SpecialProvisionsApproval {
  /** `YYYY-MM-DD` (Japan), printed in 和暦. */
  date: string;
  /** SHA-256 (hex) of `specialProvisionsContent(input)`; its first FOOTER_HASH_LENGTH characters print. */
  contentSha256: string;
}

/** How many hex characters of the content hash the footer prints (64 bits: enough to tell copies apart). */
export const FOOTER_HASH_LENGTH = 16;

export interface SpecialProvisionsArticle {
  articleNo: number;
  title: string;
  /**
   * The first paragraph prints unnumbered, the following ones as 2, 3, … (法令 style, half-width digits). A
   * paragraph may carry items (号), printed (1), (2), … on lines of their own (see paragraph-items.ts).
   */
  paragraphs: string[];
}

export type { InputProblem } from './document-input';

const MAX_ARTICLES = 200;
const MAX_PARAGRAPHS = 50;

/**
 * Checks the input before any rendering; throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every
 * problem. Runs in the caller's thread too, so bad input never takes a place in the render queue.
 */
export function validateSpecialProvisionsInput(input: SpecialProvisionsInput): void {
  assertInputObject(input);
  const check = new InputChecker();

  if (check.object('issuer', input.issuer)) {
    check.text('issuer.name', input.issuer.name);
    check.text('issuer.representativeTitle', input.issuer.representativeTitle);
    for (const key of ['address', 'representativeName'] as const) {
      // Blank is allowed (a line to write on), anything else must be clean text.
      if (typeof input.issuer[key] !== 'string' || input.issuer[key].trim() !== '') {
        check.text(`issuer.${key}`, input.issuer[key]);
      }
    }
  }
  if (check.object('contractor', input.contractor)) {
    check.text('contractor.name', input.contractor.name);
    check.text('contractor.representativeName', input.contractor.representativeName);
    check.text('contractor.address', input.contractor.address);
  }
  check.text('contractNumber', input.contractNumber);
  check.text('contractTitle', input.contractTitle);
  check.text('catalogueVersion', input.catalogueVersion);
  if (
    check.date('startDate', input.startDate) &&
    check.date('endDate', input.endDate) &&
    input.startDate > input.endDate
  ) {
    check.add('endDate', 'is before startDate');
  }
  if (typeof input.draft !== 'boolean') check.add('draft', 'must be a boolean');

  if (!Array.isArray(input.articles) || input.articles.length === 0 || input.articles.length > MAX_ARTICLES) {
    check.add('articles', `must hold 1 to ${MAX_ARTICLES} articles`);
  } else {
    let previousNo = 0;
    input.articles.forEach((article, i) => {
      const at = `articles[${i}]`;
      if (!check.object(at, article)) return;
      if (!Number.isSafeInteger(article.articleNo) || article.articleNo <= previousNo) {
        check.add(`${at}.articleNo`, 'must be a positive integer, ascending and unique');
      } else {
        previousNo = article.articleNo;
      }
      check.text(`${at}.title`, article.title);
      if (!Array.isArray(article.paragraphs) || article.paragraphs.length === 0) {
        check.add(`${at}.paragraphs`, 'must hold at least one paragraph');
      } else if (article.paragraphs.length > MAX_PARAGRAPHS) {
        check.add(`${at}.paragraphs`, `must hold at most ${MAX_PARAGRAPHS} paragraphs`);
      } else {
        article.paragraphs.forEach((p, j) => checkParagraph(check, `${at}.paragraphs[${j}]`, p));
      }
    });
  }
  if (input.draft === true && input.approval != null) check.add('approval', 'must be null on a draft');
  if (input.draft === false) checkApproval(check, input);
  check.throwIfAny();
}

/** The paragraph's own text and each of its items: clean text; items numbered (1), (2), … in order. */
function checkParagraph(check: InputChecker, path: string, paragraph: unknown): void {
  if (typeof paragraph !== 'string' || paragraph.length > MAX_PARAGRAPH_LENGTH) {
    check.text(path, paragraph, { maxLength: MAX_PARAGRAPH_LENGTH });
    return;
  }
  let parts: { path: string; text: string }[];
  try {
    const { text, items } = splitItems(paragraph);
    parts = [{ path, text }, ...items.map((item, k) => ({ path: `${path}.items[${k}]`, text: item.text }))];
  } catch {
    check.add(path, 'has items that are not numbered (1), (2), … in order');
    return;
  }
  for (const part of parts) check.text(part.path, part.text, { maxLength: MAX_PARAGRAPH_LENGTH });
}

/** The approved copy's stamp: a real date and the hash of exactly this content, so the footer cannot lie. */
function checkApproval(check: InputChecker, input: SpecialProvisionsInput): void {
  const approval = input.approval;
  if (approval == null || typeof approval !== 'object') {
    check.add('approval', 'is required on the approved copy');
    return;
  }
  check.date('approval.date', approval.date);
  if (typeof approval.contentSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(approval.contentSha256)) {
    check.add('approval.contentSha256', 'must be a SHA-256 in lower-case hex');
  } else if (
    check.problems.length === 0 &&
    approval.contentSha256 !== specialProvisionsContentSha256(input)
  ) {
    check.add('approval.contentSha256', 'does not match the content of the document');
  }
}

/** Every string that will be printed, for the glyph coverage check. */
export function printedText(input: SpecialProvisionsInput): string {
  return [
    input.issuer.name,
    input.issuer.address,
    input.issuer.representativeTitle,
    input.issuer.representativeName,
    input.contractor.name,
    input.contractor.representativeName,
    input.contractor.address,
    input.contractNumber,
    input.contractTitle,
    ...input.articles.flatMap((a) => [
      a.title,
      ...a.paragraphs.flatMap((p) => {
        const { text, items } = splitItems(p);
        return [text, ...items.flatMap((item) => [item.label, item.text])];
      }),
    ]),
  ].join('');
}

/**
 * What the document says, as one canonical JSON text (keys sorted, no spaces, UTF-8): the parties as printed,
 * the contract, the catalogue version, every article with its paragraphs (items after U+2028, see
 * paragraph-items.ts) and the approval date. Neither the layout nor the draft mark enters, nor the hash itself.
 * Its SHA-256 is the contract's `contentSha256`, printed (first 16 characters) in the approved copy's footer:
 * a PDF cannot hold its own SHA-256, but it can hold the hash of what it says, and the body stores both.
 */
export function specialProvisionsContent(input: SpecialProvisionsInput): string {
  const content = {
    approvedOn: input.approval?.date ?? null,
    articles: input.articles.map((a) => ({
      articleNo: a.articleNo,
      paragraphs: [...a.paragraphs],
      title: a.title,
    })),
    catalogueVersion: input.catalogueVersion,
    contract: {
      contractNumber: input.contractNumber,
      endDate: input.endDate,
      startDate: input.startDate,
      title: input.contractTitle,
    },
    contractor: {
      address: input.contractor.address,
      name: input.contractor.name,
      representativeName: input.contractor.representativeName,
    },
    issuer: {
      address: input.issuer.address,
      name: input.issuer.name,
      representativeName: input.issuer.representativeName,
      representativeTitle: input.issuer.representativeTitle,
    },
    kind: 'SPECIAL_PROVISIONS',
  };
  // Keys are written in sorted order above; JSON.stringify keeps insertion order.
  return JSON.stringify(content);
}

/** SHA-256 (hex) of `specialProvisionsContent`: the contract's `contentSha256`. */
export function specialProvisionsContentSha256(input: SpecialProvisionsInput): string {
  return createHash('sha256').update(specialProvisionsContent(input), 'utf8').digest('hex');
}

/**
 * A fixed-order serialisation of the input: key order in the caller's object and extra properties do not
 * change it, so equal contracts give equal document IDs.
 */
export function canonicalSpecialProvisions(input: SpecialProvisionsInput): string {
  return JSON.stringify([
    [
      input.issuer.name,
      input.issuer.address,
      input.issuer.representativeTitle,
      input.issuer.representativeName,
    ],
    [input.contractor.name, input.contractor.representativeName, input.contractor.address],
    input.contractNumber,
    input.contractTitle,
    input.startDate,
    input.endDate,
    input.draft,
    input.catalogueVersion,
    input.articles.map((a) => [a.articleNo, a.title, a.paragraphs]),
    input.approval ? [input.approval.date, input.approval.contentSha256] : null,
  ]);
}
