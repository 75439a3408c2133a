import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH } from './document-input';

/** 情報セキュリティに関する特記事項: the contract annex stating the security requirements (基本方針 6条(6)(ア)). */
export interface SpecialProvisionsInput {
  /** 甲: the body. */
  orgName: string;
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
}

export interface SpecialProvisionsArticle {
  articleNo: number;
  title: string;
  /** The first paragraph prints unnumbered, the following ones as ２, ３, … (法令 style). */
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

  check.text('orgName', input.orgName);
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
        article.paragraphs.forEach((p, j) =>
          check.text(`${at}.paragraphs[${j}]`, p, { maxLength: MAX_PARAGRAPH_LENGTH }),
        );
      }
    });
  }
  check.throwIfAny();
}

/** Every string that will be printed, for the glyph coverage check. */
export function printedText(input: SpecialProvisionsInput): string {
  return [
    input.orgName,
    input.contractor.name,
    input.contractor.representativeName,
    input.contractor.address,
    input.contractNumber,
    input.contractTitle,
    ...input.articles.flatMap((a) => [a.title, ...a.paragraphs]),
  ].join('');
}

/**
 * A fixed-order serialisation of the input: key order in the caller's object and extra properties do not
 * change it, so equal contracts give equal document IDs.
 */
export function canonicalSpecialProvisions(input: SpecialProvisionsInput): string {
  return JSON.stringify([
    input.orgName,
    [input.contractor.name, input.contractor.representativeName, input.contractor.address],
    input.contractNumber,
    input.contractTitle,
    input.startDate,
    input.endDate,
    input.draft,
    input.catalogueVersion,
    input.articles.map((a) => [a.articleNo, a.title, a.paragraphs]),
  ]);
}
