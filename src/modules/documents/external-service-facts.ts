import { formatWareki } from '../../common/dates/wareki';
import { type InputChecker, MAX_PARAGRAPH_LENGTH, toParagraphs } from './document-input';
import { BODY_SIZE, type DocumentComposer, STYLES } from './pdf-composer';

/**
 * What the 外部サービス利用申請書 and the 利用許可通知書 print about one external service (基本方針 第6条第6号イ),
 * fixed when the document is issued. Values are kept as printed (「SaaS」, 「約款による利用」, 「機密性2」): the
 * document records what it said, whatever the register's codes become later.
 */
export interface ExternalServiceFacts {
  name: string;
  provider: { name: string; corporateNumber: string | null };
  /** 「IaaS」「PaaS」「SaaS」「約款型サービス」. */
  model: string;
  /** 「個別契約」 or 「約款（利用規約）への同意」. */
  contractForm: string;
  department: string;
  purpose: string;
  /** 「機密性2」. */
  confidentiality: string;
  /** 「個人情報を取り扱う（特定個人情報を含む。）」, 「個人情報を取り扱わない」. */
  personalInformation: string;
  dataLocation: string | null;
  /** Governing law and the agreed court, as one line. */
  governingLaw: string | null;
  terms: {
    url: string | null;
    version: string | null;
    /** `YYYY-MM-DD`. */
    checkedDate: string | null;
    /** Each item of the 約款 checklist with 「適」「否」「未確認」. */
    checklist: { label: string; result: string }[];
  } | null;
  ismap: {
    /** 「ISMAP」 or 「ISMAP-LIU」. */
    kind: string;
    registrationNumber: string;
    scope: string | null;
    /** `YYYY-MM-DD`. */
    validUntil: string;
    checkedDate: string | null;
    sourceUrl: string | null;
    /** A renewal recorded as pending. */
    renewalPending: boolean;
  } | null;
  /** The evaluation recorded in place of ISMAP, if any. */
  alternativeEvaluation: string | null;
  otherCertifications: string | null;
  fallback: string | null;
  /** The 外部サービス管理者 (a user's name), if named. */
  managerName: string | null;
  /** Months between reviews. */
  reviewIntervalMonths: number;
}

const LONG = { maxLength: MAX_PARAGRAPH_LENGTH, multiline: true };
const MAX_CHECKLIST = 20;

export function checkExternalServiceFacts(check: InputChecker, path: string, s: ExternalServiceFacts): void {
  if (!check.object(path, s)) return;
  check.text(`${path}.name`, s.name, { maxLength: 200 });
  if (check.object(`${path}.provider`, s.provider)) {
    check.text(`${path}.provider.name`, s.provider.name, { maxLength: 200 });
    const number: unknown = s.provider.corporateNumber;
    if (number !== null && (typeof number !== 'string' || !/^\d{13}$/u.test(number)))
      check.add(`${path}.provider.corporateNumber`, 'must be 13 digits or null');
  }
  for (const field of [
    'model',
    'contractForm',
    'department',
    'confidentiality',
    'personalInformation',
  ] as const)
    check.text(`${path}.${field}`, s[field], { maxLength: 200 });
  check.text(`${path}.purpose`, s.purpose, LONG);
  for (const field of [
    'dataLocation',
    'governingLaw',
    'alternativeEvaluation',
    'otherCertifications',
    'fallback',
  ] as const)
    check.optionalText(`${path}.${field}`, s[field], LONG);
  check.optionalText(`${path}.managerName`, s.managerName, { maxLength: 100 });
  if (!Number.isSafeInteger(s.reviewIntervalMonths) || s.reviewIntervalMonths < 1)
    check.add(`${path}.reviewIntervalMonths`, 'must be a positive integer');
  if (s.terms !== null && check.object(`${path}.terms`, s.terms)) {
    const t = s.terms;
    check.optionalText(`${path}.terms.url`, t.url, { maxLength: 500 });
    check.optionalText(`${path}.terms.version`, t.version, { maxLength: 200 });
    if (t.checkedDate !== null) check.date(`${path}.terms.checkedDate`, t.checkedDate);
    if (!Array.isArray(t.checklist) || t.checklist.length > MAX_CHECKLIST) {
      check.add(`${path}.terms.checklist`, `must hold 0 to ${MAX_CHECKLIST} items`);
    } else {
      t.checklist.forEach((item, i) => {
        if (!check.object(`${path}.terms.checklist[${i}]`, item)) return;
        check.text(`${path}.terms.checklist[${i}].label`, item.label, { maxLength: 100 });
        check.text(`${path}.terms.checklist[${i}].result`, item.result, { maxLength: 20 });
      });
    }
  }
  if (s.ismap !== null && check.object(`${path}.ismap`, s.ismap)) {
    const m = s.ismap;
    check.text(`${path}.ismap.kind`, m.kind, { maxLength: 20 });
    check.text(`${path}.ismap.registrationNumber`, m.registrationNumber, { maxLength: 100 });
    check.optionalText(`${path}.ismap.scope`, m.scope, LONG);
    check.date(`${path}.ismap.validUntil`, m.validUntil);
    if (m.checkedDate !== null) check.date(`${path}.ismap.checkedDate`, m.checkedDate);
    check.optionalText(`${path}.ismap.sourceUrl`, m.sourceUrl, { maxLength: 500 });
    if (typeof m.renewalPending !== 'boolean') check.add(`${path}.ismap.renewalPending`, 'must be a boolean');
  }
}

/** Every string the facts print, for the glyph check. */
export function printedExternalServiceFacts(s: ExternalServiceFacts): string[] {
  return [
    s.name,
    s.provider.name,
    s.provider.corporateNumber ?? '',
    s.model,
    s.contractForm,
    s.department,
    ...toParagraphs(s.purpose),
    s.confidentiality,
    s.personalInformation,
    s.dataLocation ?? '',
    s.governingLaw ?? '',
    s.terms?.url ?? '',
    s.terms?.version ?? '',
    ...(s.terms?.checklist ?? []).flatMap((i) => [i.label, i.result]),
    s.ismap?.kind ?? '',
    s.ismap?.registrationNumber ?? '',
    s.ismap?.scope ?? '',
    s.ismap?.sourceUrl ?? '',
    s.alternativeEvaluation ?? '',
    s.otherCertifications ?? '',
    s.fallback ?? '',
    s.managerName ?? '',
  ];
}

const EM = BODY_SIZE;
const BODY = STYLES.body;
export const FACT_FIELDS = { style: BODY, labelIndent: 2 * EM, indent: 13 * EM, align: 'left' as const };
const NONE = '記載なし';

function paragraphsOr(text: string | null, none = NONE): string[] {
  const lines = text ? toParagraphs(text) : [];
  return lines.length > 0 ? lines : [none];
}

/** 「ISMAP（登録番号 C22-0001、令和9年3月31日まで有効。令和8年5月1日確認）」. */
export function ismapLine(m: NonNullable<ExternalServiceFacts['ismap']>): string {
  const checked = m.checkedDate ? `。${formatWareki(m.checkedDate)}確認` : '';
  const pending = m.renewalPending ? '。更新申請中' : '';
  return `${m.kind}（登録番号 ${m.registrationNumber}、${formatWareki(m.validUntil)}まで有効${checked}${pending}）`;
}

/** The service's name, provider, model and form. */
export function printServiceOutline(c: DocumentComposer, s: ExternalServiceFacts): void {
  c.labelled('サービスの名称', [s.name], FACT_FIELDS);
  c.labelled('提供者', [s.provider.name], FACT_FIELDS);
  if (s.provider.corporateNumber) c.labelled('法人番号', [s.provider.corporateNumber], FACT_FIELDS);
  c.labelled('サービスの形態', [s.model], FACT_FIELDS);
  c.labelled('契約の形態', [s.contractForm], FACT_FIELDS);
}

/** Who uses it, for what, and the information it holds. */
export function printUse(c: DocumentComposer, s: ExternalServiceFacts): void {
  c.labelled('利用する課', [s.department], FACT_FIELDS);
  c.labelled('利用の目的', toParagraphs(s.purpose), { ...FACT_FIELDS, align: 'justify' });
  c.labelled('取り扱う情報の格付', [`${s.confidentiality}まで`], FACT_FIELDS);
  c.labelled('個人情報', [s.personalInformation], FACT_FIELDS);
}

/** Where the data is kept and under which law. */
export function printLocation(c: DocumentComposer, s: ExternalServiceFacts): void {
  c.labelled('データの保存場所', paragraphsOr(s.dataLocation), FACT_FIELDS);
  c.labelled('準拠法及び管轄裁判所', paragraphsOr(s.governingLaw), FACT_FIELDS);
}

/** The 約款 as checked, item by item. */
export function printTerms(c: DocumentComposer, s: ExternalServiceFacts): void {
  const t = s.terms;
  if (t === null) {
    c.labelled('約款', ['約款による利用ではない（個別契約による。）'], FACT_FIELDS);
    return;
  }
  if (t.url) c.labelled('約款の所在', [t.url], FACT_FIELDS);
  c.labelled('版又は改定日', [t.version ?? NONE], FACT_FIELDS);
  c.labelled('確認日', [t.checkedDate ? formatWareki(t.checkedDate) : '未確認'], FACT_FIELDS);
  t.checklist.forEach((item, i) =>
    c.labelled(i === 0 ? '確認の結果' : '', [`${item.label}：${item.result}`], FACT_FIELDS),
  );
}

/** ISMAP / ISMAP-LIU, the alternative evaluation, other certifications. */
export function printAssurance(c: DocumentComposer, s: ExternalServiceFacts): void {
  const m = s.ismap;
  if (m) {
    c.labelled('ISMAP等の登録', [ismapLine(m)], FACT_FIELDS);
    if (m.scope) c.labelled('登録の対象範囲', toParagraphs(m.scope), FACT_FIELDS);
    if (m.sourceUrl) c.labelled('確認に用いた資料', [m.sourceUrl], FACT_FIELDS);
  } else {
    c.labelled('ISMAP等の登録', ['登録なし'], FACT_FIELDS);
  }
  if (s.alternativeEvaluation)
    c.labelled('代替の評価', toParagraphs(s.alternativeEvaluation), { ...FACT_FIELDS, align: 'justify' });
  c.labelled('その他の認証', paragraphsOr(s.otherCertifications), FACT_FIELDS);
}

/** Fallback, the 外部サービス管理者 and the review interval. */
export function printManagement(c: DocumentComposer, s: ExternalServiceFacts): void {
  c.labelled('障害時の代替手段等', paragraphsOr(s.fallback), { ...FACT_FIELDS, align: 'justify' });
  c.labelled('外部サービス管理者', [s.managerName ?? '未指定'], FACT_FIELDS);
  c.labelled('見直しの間隔', [`${s.reviewIntervalMonths}か月`], FACT_FIELDS);
}
