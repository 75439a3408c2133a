import { InvalidInputError } from '../../common/errors/domain-error';
import { formatWareki } from '../../common/dates/wareki';

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

export interface InputProblem {
  path: string;
  problem: string;
}

const MAX_ARTICLES = 200;
const MAX_PARAGRAPHS = 50;
const MAX_PARAGRAPH_LENGTH = 4000;
const MAX_FIELD_LENGTH = 300;

// Line breaks and tabs have no place inside one field: the layout decides where lines break.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * Checks the input before any rendering; throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every
 * problem. Runs in the caller's thread too, so bad input never takes a place in the render queue.
 */
export function validateSpecialProvisionsInput(input: SpecialProvisionsInput): void {
  const problems: InputProblem[] = [];
  const text = (path: string, value: unknown, maxLength = MAX_FIELD_LENGTH): void => {
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ path, problem: 'must be a non-empty string' });
    } else if (!value.isWellFormed()) {
      problems.push({ path, problem: 'contains a lone surrogate' });
    } else if (CONTROL_CHARACTERS.test(value)) {
      problems.push({ path, problem: 'contains a control character or line break' });
    } else if (value.length > maxLength) {
      problems.push({ path, problem: `is longer than ${maxLength} characters` });
    }
  };
  const date = (path: string, value: unknown): boolean => {
    try {
      formatWareki(value as string);
      return true;
    } catch (error) {
      problems.push({ path, problem: error instanceof Error ? error.message : 'is not a date' });
      return false;
    }
  };

  if (typeof input !== 'object' || input === null) {
    throw new InvalidInputError('DOCUMENT.INVALID_INPUT', '帳票の入力が正しくありません。', [
      { path: '', problem: 'must be an object' },
    ]);
  }
  text('orgName', input.orgName);
  if (typeof input.contractor !== 'object' || input.contractor === null) {
    problems.push({ path: 'contractor', problem: 'must be an object' });
  } else {
    text('contractor.name', input.contractor.name);
    text('contractor.representativeName', input.contractor.representativeName);
    text('contractor.address', input.contractor.address);
  }
  text('contractNumber', input.contractNumber);
  text('contractTitle', input.contractTitle);
  text('catalogueVersion', input.catalogueVersion);
  if (
    date('startDate', input.startDate) &&
    date('endDate', input.endDate) &&
    input.startDate > input.endDate
  ) {
    problems.push({ path: 'endDate', problem: 'is before startDate' });
  }
  if (typeof input.draft !== 'boolean') problems.push({ path: 'draft', problem: 'must be a boolean' });

  if (!Array.isArray(input.articles) || input.articles.length === 0 || input.articles.length > MAX_ARTICLES) {
    problems.push({ path: 'articles', problem: `must hold 1 to ${MAX_ARTICLES} articles` });
  } else {
    let previousNo = 0;
    input.articles.forEach((article, i) => {
      const at = `articles[${i}]`;
      if (typeof article !== 'object' || article === null) {
        problems.push({ path: at, problem: 'must be an object' });
        return;
      }
      if (!Number.isSafeInteger(article.articleNo) || article.articleNo <= previousNo) {
        problems.push({
          path: `${at}.articleNo`,
          problem: 'must be a positive integer, ascending and unique',
        });
      } else {
        previousNo = article.articleNo;
      }
      text(`${at}.title`, article.title);
      if (!Array.isArray(article.paragraphs) || article.paragraphs.length === 0) {
        problems.push({ path: `${at}.paragraphs`, problem: 'must hold at least one paragraph' });
      } else if (article.paragraphs.length > MAX_PARAGRAPHS) {
        problems.push({
          path: `${at}.paragraphs`,
          problem: `must hold at most ${MAX_PARAGRAPHS} paragraphs`,
        });
      } else {
        article.paragraphs.forEach((p, j) => text(`${at}.paragraphs[${j}]`, p, MAX_PARAGRAPH_LENGTH));
      }
    });
  }
  if (problems.length > 0) {
    throw new InvalidInputError('DOCUMENT.INVALID_INPUT', '帳票の入力が正しくありません。', problems);
  }
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
