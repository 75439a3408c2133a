import { assertInputObject, InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';

/**
 * 改善指示書: the written order to a contractor whose measures fall short of the 情報セキュリティに関する特記事項
 * (基本方針 6条(6)(ア), act under the contract; DESIGN.md, Documents: number, date, addressee, basis, findings,
 * due date, contact).
 */
export interface ImprovementNoticeInput {
  /** The order's own number, e.g. `R8-改善-0001`: the reference the contractor answers under. */
  orderNumber: string;
  /**
   * 文書番号 from the issuer's 文書記号 (e.g. 置広情第12号), printed at the top right. Absent in notices recorded
   * before numbers were kept: the order number prints there instead.
   */
  documentNumber?: string | null;
  /** `YYYY-MM-DD`, printed in 和暦 at the top right. */
  issuedDate: string;
  /** The issuer (甲), e.g. 置賜広域行政事務組合. */
  orgName: string;
  /** The signer's 職名 (the official the 専決規程 names), e.g. 情報セキュリティ管理者. */
  issuerTitle: string;
  /** The signer's 氏名 as at issue; absent or blank: the 職名 alone. */
  issuerName?: string | null;
  /** 公印省略 printed under the signer. */
  sealOmitted?: boolean;
  /** The addressee as at issue: 「{name}」 and 「{representativeName}　様」. */
  contractor: { name: string; representativeName: string };
  /**
   * The article that empowers 甲 to order improvement (the 改善の指示 clause as signed, 第n条第1項), cited
   * apart from the paragraphs not met; with it the plan deadline prints as that clause words it. Absent in
   * notices recorded before it was kept.
   */
  authority?: ImprovementNoticeAuthority | null;
  /** How the findings were found: the assessments they come from. */
  sources?: ImprovementNoticeSource[];
  /**
   * How and when the facts were found, one paragraph each, printed first under 「確認した事実」: an inspection
   * (「令和8年7月1日に実施した立入検査において、次の事実を認めた。」), an incident and its report date, or the
   * day and the way the administrator found them. Absent for assessment findings (`sources` says how) and in
   * notices recorded before orders stated their source.
   */
  factsHow?: string[];
  /** The source's items the order cites (an inspection's nonconformities), after `factsHow`. */
  sourceItems?: ImprovementNoticeSourceItem[];
  /** The facts the administrator found and how, stated in the order; line breaks separate paragraphs. */
  facts?: string | null;
  contract: { contractNumber: string; title: string };
  /** The order's title. */
  title: string;
  /** What is required (改善を求める事項); line breaks separate paragraphs. */
  description: string;
  severity: ImprovementSeverity;
  /** `YYYY-MM-DD`, printed in 和暦: the date by which the improvement must be completed. */
  dueDate: string;
  /** Days from the notice's date within which the 改善計画書 must be submitted. */
  planDueDays: number;
  /** The breached articles of the 特記事項, printed in article order. */
  basis: ImprovementNoticeBasis[];
  /** The assessment findings the order cites, in the order given; empty for a free-standing order. */
  findings: ImprovementNoticeFinding[];
  /** 問い合わせ先. */
  contact: { department: string; name: string; email?: string; phone?: string };
}

export type ImprovementSeverity = 'LOW' | 'MEDIUM' | 'HIGH';

export interface ImprovementNoticeAuthority {
  /** The 改善の指示 clause's article number in the signed 特記事項. */
  articleNo: number;
  title: string;
  /** The paragraph that gives 甲 the power to order (第1項). */
  paragraph: number;
  /** The paragraph that sets the 改善計画書 deadline (第2項); null when the signed text has none. */
  planParagraph: number | null;
  /** The paragraph on the completion report (第4項); null when the signed text has none. */
  completionParagraph: number | null;
}

/** An assessment the findings come from: 「令和8年度の自己点検（…提出）」. */
export interface ImprovementNoticeSource {
  kind: 'CHECKLIST' | 'REPORT';
  /** `YYYY-MM-DD`: the period the assessment covers. */
  periodStart: string;
  periodEnd: string;
  /** `YYYY-MM-DD`: the day the contractor submitted it; null if never submitted. */
  submittedDate: string | null;
}

/** A nonconformity found at an inspection: 「(1) 第10条第2項（…）」 with the item checked and what was found. */
export interface ImprovementNoticeSourceItem {
  articleNo: number;
  basis?: number | null;
  clauseTitle: string;
  question: string;
  /** What the inspector found; line breaks separate paragraphs. */
  note: string | null;
}

export interface ImprovementNoticeBasis {
  articleNo: number;
  title: string;
  /** The paragraphs (第n項) not met, when the findings name them; empty or absent: the article as a whole. */
  paragraphs?: number[];
}

export interface ImprovementNoticeFinding {
  /** One of the basis articles. */
  articleNo: number;
  /** The paragraph (第n項) the question checks; null or absent when the signed question named none. */
  basis?: number | null;
  clauseTitle: string;
  question: string;
  /** IMPLEMENTED / PARTIAL / NOT_IMPLEMENTED / NOT_APPLICABLE (a checklist), YES / NO (a report), or null. */
  answer: string | null;
  /** The contractor's comment; line breaks separate paragraphs. */
  comment: string | null;
  /** The reviewer's note; line breaks separate paragraphs. */
  reviewNote: string | null;
  /** LOW / MEDIUM / HIGH, or null. */
  severity: string | null;
}

export const IMPROVEMENT_SEVERITIES: readonly ImprovementSeverity[] = ['LOW', 'MEDIUM', 'HIGH'];

/** The one word for severity in the UI, the API's labels and the documents. */
export const SEVERITY_WORD = '重要度';

export const SEVERITY_LABELS: Readonly<Record<ImprovementSeverity, string>> = {
  LOW: '軽微',
  MEDIUM: '中程度',
  HIGH: '重大',
};

export const ANSWER_LABELS: Readonly<Record<string, string>> = {
  IMPLEMENTED: '実施している',
  PARTIAL: '一部実施',
  NOT_IMPLEMENTED: '実施していない',
  NOT_APPLICABLE: '該当しない',
  YES: 'はい',
  NO: 'いいえ',
};
const ANSWERS = Object.keys(ANSWER_LABELS);

/** How an unanswered item prints. */
export const NO_ANSWER_LABEL = '未回答';

const MAX_BASIS = 50;
const MAX_SOURCES = 20;
const SOURCE_KINDS = ['CHECKLIST', 'REPORT'];
const MAX_FINDINGS = 200;
const MAX_FACTS_HOW = 5;
const MAX_PLAN_DUE_DAYS = 365;
const MAX_CONTACT_LENGTH = 100;
const DAY_MS = 86_400_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const PHONE = /^[0-9０-９()（）\-－‐ \u3000+＋]+$/u;

/**
 * Checks the input before any rendering; throws InvalidInputError (`DOCUMENT.INVALID_INPUT`) listing every
 * problem. Runs in the caller's thread too, so bad input never takes a place in the render queue.
 */
export function validateImprovementNoticeInput(input: ImprovementNoticeInput): void {
  assertInputObject(input);
  const check = new InputChecker();
  const long = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };

  check.text('orderNumber', input.orderNumber, { maxLength: 50 });
  check.text('orgName', input.orgName);
  check.text('issuerTitle', input.issuerTitle);
  if (!isBlank(input.documentNumber)) check.text('documentNumber', input.documentNumber, { maxLength: 50 });
  if (!isBlank(input.issuerName)) check.text('issuerName', input.issuerName, { maxLength: 100 });
  if (input.sealOmitted !== undefined && typeof input.sealOmitted !== 'boolean') {
    check.add('sealOmitted', 'must be a boolean');
  }
  if (!isBlank(input.facts)) check.text('facts', input.facts, long);
  if (input.factsHow !== undefined) {
    if (!Array.isArray(input.factsHow) || input.factsHow.length > MAX_FACTS_HOW) {
      check.add('factsHow', `must hold 0 to ${MAX_FACTS_HOW} paragraphs`);
    } else {
      input.factsHow.forEach((text, i) =>
        check.text(`factsHow[${i}]`, text, { maxLength: MAX_PARAGRAPH_LENGTH }),
      );
    }
  }
  if (
    input.authority !== undefined &&
    input.authority !== null &&
    check.object('authority', input.authority)
  ) {
    const a = input.authority;
    for (const field of ['articleNo', 'paragraph'] as const) {
      if (!isArticleNo(a[field])) check.add(`authority.${field}`, 'must be a positive integer');
    }
    for (const field of ['planParagraph', 'completionParagraph'] as const) {
      if (a[field] !== null && !isArticleNo(a[field])) {
        check.add(`authority.${field}`, 'must be a positive integer or null');
      }
    }
    check.text('authority.title', a.title);
  }
  if (input.sources !== undefined) {
    if (!Array.isArray(input.sources) || input.sources.length > MAX_SOURCES) {
      check.add('sources', `must hold 0 to ${MAX_SOURCES} assessments`);
    } else {
      input.sources.forEach((source, i) => {
        const at = `sources[${i}]`;
        if (!check.object(at, source)) return;
        check.oneOf(`${at}.kind`, source.kind, SOURCE_KINDS);
        const start = check.date(`${at}.periodStart`, source.periodStart);
        const end = check.date(`${at}.periodEnd`, source.periodEnd);
        if (start && end && source.periodEnd < source.periodStart)
          check.add(`${at}.periodEnd`, 'is before periodStart');
        if (source.submittedDate !== null) check.date(`${at}.submittedDate`, source.submittedDate);
      });
    }
  }
  if (check.object('contractor', input.contractor)) {
    check.text('contractor.name', input.contractor.name);
    check.text('contractor.representativeName', input.contractor.representativeName);
  }
  if (check.object('contract', input.contract)) {
    check.text('contract.contractNumber', input.contract.contractNumber);
    check.text('contract.title', input.contract.title);
  }
  check.text('title', input.title);
  check.text('description', input.description, long);
  check.oneOf('severity', input.severity, IMPROVEMENT_SEVERITIES);

  const issued = check.date('issuedDate', input.issuedDate);
  const due = check.date('dueDate', input.dueDate);
  if (issued && due && input.dueDate < input.issuedDate) check.add('dueDate', 'is before issuedDate');
  if (
    !Number.isSafeInteger(input.planDueDays) ||
    input.planDueDays < 1 ||
    input.planDueDays > MAX_PLAN_DUE_DAYS
  ) {
    check.add('planDueDays', `must be an integer from 1 to ${MAX_PLAN_DUE_DAYS}`);
  } else if (issued && due && dayNumber(input.issuedDate) + input.planDueDays > dayNumber(input.dueDate)) {
    // The plan says how the improvement will be made: it cannot be due after the improvement itself.
    check.add('planDueDays', 'puts the plan after dueDate');
  }

  const basisNos = new Set<number>();
  if (!Array.isArray(input.basis) || input.basis.length === 0 || input.basis.length > MAX_BASIS) {
    check.add('basis', `must hold 1 to ${MAX_BASIS} articles`);
  } else {
    input.basis.forEach((article, i) => {
      const at = `basis[${i}]`;
      if (!check.object(at, article)) return;
      if (!isArticleNo(article.articleNo)) {
        check.add(`${at}.articleNo`, 'must be a positive integer');
      } else if (basisNos.has(article.articleNo)) {
        check.add(`${at}.articleNo`, 'cites the same article twice');
      } else {
        basisNos.add(article.articleNo);
      }
      check.text(`${at}.title`, article.title);
      const paragraphs: unknown = article.paragraphs;
      if (paragraphs !== undefined && (!Array.isArray(paragraphs) || !paragraphs.every(isArticleNo))) {
        check.add(`${at}.paragraphs`, 'must be a list of positive integers');
      }
    });
  }

  if (!Array.isArray(input.findings) || input.findings.length > MAX_FINDINGS) {
    check.add('findings', `must hold 0 to ${MAX_FINDINGS} findings`);
  } else {
    input.findings.forEach((finding, i) => {
      const at = `findings[${i}]`;
      if (!check.object(at, finding)) return;
      if (!isArticleNo(finding.articleNo)) {
        check.add(`${at}.articleNo`, 'must be a positive integer');
      } else if (basisNos.size > 0 && !basisNos.has(finding.articleNo)) {
        check.add(`${at}.articleNo`, 'is not one of the basis articles');
      }
      if (finding.basis !== undefined && finding.basis !== null && !isArticleNo(finding.basis)) {
        check.add(`${at}.basis`, 'must be a positive integer or null');
      }
      check.text(`${at}.clauseTitle`, finding.clauseTitle);
      check.text(`${at}.question`, finding.question, { maxLength: MAX_PARAGRAPH_LENGTH });
      if (finding.answer !== null) check.oneOf(`${at}.answer`, finding.answer, ANSWERS);
      // A blank comment or note (a cleared text box) prints as none, like null.
      if (!isBlank(finding.comment)) check.text(`${at}.comment`, finding.comment, long);
      if (!isBlank(finding.reviewNote)) check.text(`${at}.reviewNote`, finding.reviewNote, long);
      if (finding.severity !== null) check.oneOf(`${at}.severity`, finding.severity, IMPROVEMENT_SEVERITIES);
    });
  }

  if (input.sourceItems !== undefined) {
    if (!Array.isArray(input.sourceItems) || input.sourceItems.length > MAX_FINDINGS) {
      check.add('sourceItems', `must hold 0 to ${MAX_FINDINGS} items`);
    } else {
      input.sourceItems.forEach((item, i) => {
        const at = `sourceItems[${i}]`;
        if (!check.object(at, item)) return;
        if (!isArticleNo(item.articleNo)) {
          check.add(`${at}.articleNo`, 'must be a positive integer');
        } else if (basisNos.size > 0 && !basisNos.has(item.articleNo)) {
          check.add(`${at}.articleNo`, 'is not one of the basis articles');
        }
        if (item.basis !== undefined && item.basis !== null && !isArticleNo(item.basis)) {
          check.add(`${at}.basis`, 'must be a positive integer or null');
        }
        check.text(`${at}.clauseTitle`, item.clauseTitle);
        check.text(`${at}.question`, item.question, { maxLength: MAX_PARAGRAPH_LENGTH });
        if (!isBlank(item.note)) check.text(`${at}.note`, item.note, long);
      });
    }
  }

  if (check.object('contact', input.contact)) {
    const contact = input.contact;
    check.text('contact.department', contact.department, { maxLength: MAX_CONTACT_LENGTH });
    check.text('contact.name', contact.name, { maxLength: MAX_CONTACT_LENGTH });
    // Optional: absent, null or blank all print nothing.
    const optionalField = (
      field: 'email' | 'phone',
      maxLength: number,
      pattern: RegExp,
      problem: string,
    ): void => {
      const value: unknown = contact[field];
      if (isBlank(value)) return;
      if (
        check.text(`contact.${field}`, value, { maxLength }) &&
        typeof value === 'string' &&
        !pattern.test(value)
      ) {
        check.add(`contact.${field}`, problem);
      }
    };
    optionalField('email', 254, EMAIL, 'is not an e-mail address');
    optionalField('phone', 30, PHONE, 'is not a telephone number');
  }
  check.throwIfAny();
}

/** The basis in article order (the caller's order does not matter). */
export function sortedBasis(input: ImprovementNoticeInput): ImprovementNoticeBasis[] {
  return [...input.basis].sort((a, b) => a.articleNo - b.articleNo);
}

/**
 * The day the 改善計画書 is due: `planDueDays` after the notice's date, the date itself not counted (民法
 * 第140条), e.g. 14 days from 2026-06-15 → 2026-06-29. Only for validated input.
 */
export function planDueDate(input: ImprovementNoticeInput): string {
  return new Date((dayNumber(input.issuedDate) + input.planDueDays) * DAY_MS).toISOString().slice(0, 10);
}

/** `comment` / `reviewNote` / `description` as paragraphs; none for null. */
export function paragraphsOf(text: string | null | undefined): string[] {
  return typeof text === 'string' ? toParagraphs(text) : [];
}

function isArticleNo(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** An optional field as printed: its trimmed text, or null when absent or blank. */
export function optional(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** 軽微 / 中程度 / 重大 for a validated severity code. */
export function severityLabel(code: string): string {
  return (SEVERITY_LABELS as Readonly<Record<string, string>>)[code] ?? code;
}

/** Days since 1970-01-01 of a validated `YYYY-MM-DD` date (UTC, so no time zone enters). */
function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}
