/**
 * When the body itself must report a leak to the 個人情報保護委員会, and when its reports are due: every threshold in
 * one place, to be checked against the rules in force (DOMAIN.md marks them unverified) and changed here only.
 *
 * 個人情報の保護に関する法律 第68条第1項 (行政機関等の長の報告義務) and its 施行規則 (the 事態 of the 行政機関等, 規則第43条;
 * the 速報 and 確報, 規則第44条): a leak, loss or damage of 保有個人情報 is reported where it
 *   (1) involves 要配慮個人情報,
 *   (2) may cause financial harm through misuse (不正に利用されることにより財産的被害が生じるおそれ),
 *   (3) may have been done with an unlawful purpose (不正の目的をもって行われたおそれ — unauthorised access included),
 *   (4) concerns more than 100 persons (規則第43条第4号, the figure for 行政機関等; 1,000 for businesses).
 * 特定個人情報 (マイナンバー) has its own report under 番号法 第29条の4 and the commission's 特定個人情報の漏えい等に
 * 関する報告等に関する規則, whose triggers are narrower than "it is involved" (information-network cases, an unlawful
 * purpose, publication, more than 100 persons). Issue 16 asks that an incident naming 特定個人情報 still create the
 * tasks, so the officer decides on it with the task in front of them; its label asks them to confirm the rule.
 *
 * The body's duty runs from when the body learned of the incident (the contractor's report, `reportedAt`), not from
 * when the contractor learned of it. The commission counts its periods with the day the body learned as day 1
 * (土日・祝日を含む), so a period of n days ends on that day + (n − 1).
 */
export const COMMISSION_RULES = {
  /** (4): reportable when the persons concerned are MORE than this. */
  personsThreshold: 100,
  /** Kinds of incident that are themselves a suspected unlawful purpose (3): 不正アクセス, マルウェア. */
  unlawfulKinds: ['UNAUTHORIZED_ACCESS', 'MALWARE'] as readonly string[],
  /** 速報: 「速やかに」, taken in practice as within about 3–5 days. */
  promptReportDays: 5,
  /** 確報: within 30 days… */
  finalReportDays: 30,
  /** …or 60 where an unlawful purpose is suspected (3). */
  finalReportDaysUnlawful: 60,
} as const;

/** Why an incident is reportable to the commission, as stored on the incident (in this order). */
export const COMMISSION_GROUNDS = [
  'SENSITIVE',
  'FINANCIAL_HARM',
  'UNLAWFUL_PURPOSE',
  'OVER_THRESHOLD',
  'MY_NUMBER',
] as const;
export type CommissionGround = (typeof COMMISSION_GROUNDS)[number];

/** Where each ground's rule is, so a legal officer sees what to confirm (each label stands alone on the page). */
const PIPA_RULE = '個人情報の保護に関する法律第68条第1項、同法施行規則第43条';
export const MY_NUMBER_RULE_CHECK =
  '番号法及び特定個人情報の漏えい等に関する報告等に関する規則に該当するかを確認してください';

export const COMMISSION_GROUND_LABELS: Readonly<Record<CommissionGround, string>> = {
  SENSITIVE: `要配慮個人情報が含まれる（${PIPA_RULE}第1号）`,
  FINANCIAL_HARM: `不正に利用されることにより財産的被害が生じるおそれがある（${PIPA_RULE}第2号）`,
  UNLAWFUL_PURPOSE: `不正の目的をもって行われたおそれがある（${PIPA_RULE}第3号）`,
  OVER_THRESHOLD: `本人の数が${COMMISSION_RULES.personsThreshold}人を超える（${PIPA_RULE}第4号）`,
  MY_NUMBER: `特定個人情報が含まれる（${MY_NUMBER_RULE_CHECK}。）`,
};

export const COMMISSION_REPORT_KINDS = ['PROMPT', 'FINAL'] as const;
export type CommissionReportKind = (typeof COMMISSION_REPORT_KINDS)[number];

export const COMMISSION_REPORT_LABELS: Readonly<Record<CommissionReportKind, string>> = {
  PROMPT: '速報',
  FINAL: '確報',
};

/** What the rules look at. */
export interface PersonalInfoFacts {
  kind: string;
  persons: number;
  sensitive: boolean;
  myNumber: boolean;
  financialHarm: boolean;
  unlawfulPurpose: boolean;
}

/** The grounds that make the incident reportable to the commission; none: the body need not report. */
export function commissionGrounds(facts: PersonalInfoFacts | null): CommissionGround[] {
  if (!facts) return [];
  const grounds: CommissionGround[] = [];
  if (facts.sensitive) grounds.push('SENSITIVE');
  if (facts.financialHarm) grounds.push('FINANCIAL_HARM');
  if (unlawfulPurposeSuspected(facts)) grounds.push('UNLAWFUL_PURPOSE');
  if (facts.persons > COMMISSION_RULES.personsThreshold) grounds.push('OVER_THRESHOLD');
  if (facts.myNumber) grounds.push('MY_NUMBER');
  return grounds;
}

export function unlawfulPurposeSuspected(
  facts: Pick<PersonalInfoFacts, 'kind' | 'unlawfulPurpose'>,
): boolean {
  return facts.unlawfulPurpose || COMMISSION_RULES.unlawfulKinds.includes(facts.kind);
}

/**
 * The due dates of the body's 速報 and 確報, from the Japan date the body learned of it (day 1).
 */
export function commissionDueDates(
  learnedOn: string,
  grounds: readonly CommissionGround[],
): Record<CommissionReportKind, string> {
  const finalDays = grounds.includes('UNLAWFUL_PURPOSE')
    ? COMMISSION_RULES.finalReportDaysUnlawful
    : COMMISSION_RULES.finalReportDays;
  return {
    PROMPT: dayN(learnedOn, COMMISSION_RULES.promptReportDays),
    FINAL: dayN(learnedOn, finalDays),
  };
}

/** The n-th day counting `first` as day 1. */
function dayN(first: string, n: number): string {
  const date = new Date(`${first}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n - 1);
  return date.toISOString().slice(0, 10);
}
