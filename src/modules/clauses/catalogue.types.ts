/**
 * The security clause catalogue (templates/clauses/*.yaml) as typed data. One catalogue drives the
 * 特記事項 text, the self-assessment questions and the articles an improvement order cites (DESIGN.md,
 * "The chain"). Definitions are frozen after loading: they are shared by every request.
 */

export type ConfidentialityClass = 1 | 2 | 3;

/** What the officer recorded on the contract; decides which clauses apply. */
export interface ContractAttributes {
  confidentialityClass: ConfidentialityClass;
  handlesPersonalInfo: boolean;
  usesCloud: boolean;
  workLocation: string | null;
}

/**
 * Values a clause text takes from the contract itself, never from a clause parameter, so the printed text
 * cannot disagree with the contract: `{{reportInterval}}` is the contract's assessment frequency (「3か月」).
 */
export interface ContractFacts {
  reportInterval: string;
  /**
   * `{{cloudServices}}`: the registered external services the contract names (「A」（B提供）及び「C」（D提供）), or
   * 「甲が書面により承認したもの」 while it names none.
   */
  cloudServices?: string;
}
export const CONTRACT_FACT_NAMES: readonly (keyof ContractFacts)[] = ['reportInterval', 'cloudServices'];

/** Contract attributes a parameter may take its value from when the officer sets none. */
export type ParamDefaultSource = 'workLocation';

interface ClauseParamBase {
  readonly name: string;
  readonly label: string;
  readonly unit?: string;
}

export interface IntegerClauseParam extends ClauseParamBase {
  readonly type: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

export interface TextClauseParam extends ClauseParamBase {
  readonly type: 'text';
  /** Optional only when `defaultFrom` is set. */
  readonly default?: string;
  readonly maxLength: number;
  readonly defaultFrom?: ParamDefaultSource;
}

export interface EnumClauseParam extends ClauseParamBase {
  readonly type: 'enum';
  readonly default: string;
  readonly values: readonly string[];
}

export type ClauseParam = IntegerClauseParam | TextClauseParam | EnumClauseParam;
export type ClauseParamType = ClauseParam['type'];
export type ClauseParamValue = number | string;
export type ClauseParams = Readonly<Record<string, ClauseParamValue>>;

export type AppliesWhen =
  | { readonly always: true }
  | { readonly personalInfo: true }
  | { readonly cloud: true }
  | { readonly minClass: ConfidentialityClass };

export interface ClauseEffects {
  /** The clause forbids re-contracting altogether (再委託の禁止). */
  readonly subcontracting?: 'forbidden';
}

/** What a contractor must give with an answer even when it is 「実施している」. */
export const ANSWER_REQUIREMENTS = ['comment', 'evidence'] as const;
export type AnswerRequirement = (typeof ANSWER_REQUIREMENTS)[number];

/**
 * Answers the review page compares with the worker roster: `roster-training` on the checklist question that
 * every worker was trained, `roster-changes` on the report item on staff changes in the period.
 */
export const CROSS_CHECKS = ['roster-training', 'roster-changes'] as const;
export type CrossCheck = (typeof CROSS_CHECKS)[number];

export interface ClauseQuestion {
  readonly code: string;
  readonly text: string;
  /**
   * The paragraph (第n項, 1-based) of the clause that imposes the duty the question checks; null only for an
   * advisory question, which checks good practice the text does not require.
   */
  readonly basis: number | null;
  /** A finding on it is a recommendation (推奨事項), never cited as a breach and never lowering the score. */
  readonly advisory: boolean;
  readonly requires: readonly AnswerRequirement[];
  readonly crossCheck?: CrossCheck;
}

export interface ClauseDefinition {
  readonly code: string;
  readonly order: number;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly params: readonly ClauseParam[];
  /** Items 1–13 of the MIC model guideline's list of what an outsourcing contract states. */
  readonly micItems: readonly number[];
  /** ISO/IEC 27001:2022 Annex A controls, e.g. "5.20". */
  readonly isoControls: readonly string[];
  readonly appliesWhen: AppliesWhen;
  readonly mandatory: boolean;
  readonly defaultSelected: boolean;
  /** Clauses that cannot be picked together with this one; symmetric after loading, in catalogue order. */
  readonly excludes: readonly string[];
  readonly effects: ClauseEffects;
  /** The annual self-assessment checklist's questions (may be empty: a clause that puts no duty on 乙). */
  readonly questions: readonly ClauseQuestion[];
  /**
   * The 定期報告 form (what happened in the period, answered yes or no): exactly one clause of the catalogue,
   * mandatory and always applicable, carries it; empty elsewhere.
   */
  readonly reportItems: readonly ClauseQuestion[];
}

export interface Catalogue {
  /** SHA-256 (hex) of the canonical content: YAML layout and comments do not change it, any text does. */
  readonly version: string;
  /** Sorted by `order`. */
  readonly clauses: readonly ClauseDefinition[];
  readonly byCode: ReadonlyMap<string, ClauseDefinition>;
}

export interface ClauseSelectionItem {
  code: string;
  params?: Record<string, unknown>;
}

export interface SelectedClause {
  code: string;
  /** Every declared parameter, normalised, defaults filled. */
  params: Record<string, ClauseParamValue>;
}

export type SelectionErrorCode =
  | 'CLAUSE.UNKNOWN'
  | 'CLAUSE.DUPLICATE'
  | 'CLAUSE.PARAM_UNKNOWN'
  | 'CLAUSE.PARAM_INVALID'
  | 'CLAUSE.PARAM_REQUIRED'
  | 'CLAUSE.NOT_APPLICABLE'
  | 'CLAUSE.MANDATORY_MISSING'
  | 'CLAUSE.EXCLUSIVE';

/** `invalid`: malformed input (the caller answers 400); `rule`: a business rule refused it (422). */
export type SelectionErrorKind = 'invalid' | 'rule';

export interface SelectionError {
  code: SelectionErrorCode;
  kind: SelectionErrorKind;
  clauseCode: string;
  param?: string;
  /** Japanese, for the officer. */
  message: string;
}

export type SelectionResult =
  { ok: true; clauses: SelectedClause[] } | { ok: false; errors: SelectionError[] };

export interface RenderedClause {
  title: string;
  paragraphs: string[];
}

export interface NumberedClause {
  code: string;
  articleNo: number;
}

export const MIC_ITEM_MIN = 1;
export const MIC_ITEM_MAX = 13;

/**
 * The 13 items an outsourcing contract states (総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」,
 * 業務委託), as the officer reads them in a refusal.
 */
export const MIC_ITEM_LABELS: Readonly<Record<number, string>> = {
  1: '情報セキュリティポリシー及び実施手順の遵守',
  2: '責任者、委託内容、作業者の所属及び作業場所の特定',
  3: '提供されるサービスレベルの保証',
  4: 'アクセスできる情報の種類と範囲及びアクセス方法',
  5: '従業員に対する教育の実施',
  6: '提供された情報の目的外利用及び第三者への提供の禁止',
  7: '業務上知り得た情報の守秘義務',
  8: '再委託に関する制限事項の遵守',
  9: '委託業務終了時の情報資産の返還、廃棄等',
  10: '委託業務の定期報告及び緊急時報告義務',
  11: '地方公共団体による監査、検査',
  12: '地方公共団体による事故時等の公表',
  13: '情報セキュリティポリシーが遵守されなかった場合の規定（損害賠償等）',
};

/** `{{name}}` with a lowerCamel name; anything else between braces is a malformed placeholder. */
export const PLACEHOLDER_PATTERN = /\{\{([a-z][A-Za-z0-9]*)\}\}/g;
