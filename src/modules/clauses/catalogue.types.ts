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

export interface ClauseQuestion {
  readonly code: string;
  readonly text: string;
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
  readonly questions: readonly ClauseQuestion[];
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

/** `{{name}}` with a lowerCamel name; anything else between braces is a malformed placeholder. */
export const PLACEHOLDER_PATTERN = /\{\{([a-z][A-Za-z0-9]*)\}\}/g;
