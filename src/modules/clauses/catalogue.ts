import {
  type Catalogue,
  type ClauseDefinition,
  type ClauseParam,
  type ClauseParamValue,
  type ContractAttributes,
  type ContractFacts,
  MIC_ITEM_LABELS,
  MIC_ITEM_MAX,
  MIC_ITEM_MIN,
  type NumberedClause,
  type RenderedClause,
} from './catalogue.types';
import { substitutePlaceholders } from './clause-text';

export function isApplicable(def: ClauseDefinition, attrs: ContractAttributes): boolean {
  const when = def.appliesWhen;
  if ('always' in when) return true;
  if ('personalInfo' in when) return attrs.handlesPersonalInfo;
  if ('cloud' in when) return attrs.usesCloud;
  return attrs.confidentialityClass >= when.minClass;
}

/** Codes, in catalogue order, of the applicable clauses that are mandatory or pre-selected. */
export function defaultSelection(catalogue: Catalogue, attrs: ContractAttributes): string[] {
  return catalogue.clauses
    .filter((def) => isApplicable(def, attrs) && (def.mandatory || def.defaultSelected))
    .map((def) => def.code);
}

/** True when a clause among `codes` forbids re-contracting altogether; codes the catalogue lacks count as not. */
export function forbidsSubcontracting(catalogue: Catalogue, codes: readonly string[]): boolean {
  return codes.some((code) => catalogue.byCode.get(code)?.effects.subcontracting === 'forbidden');
}

/** The selected codes in catalogue order, numbered 第1条… as the 特記事項 prints them. */
export function articleNumbers(catalogue: Catalogue, codes: readonly string[]): NumberedClause[] {
  const defs = codes.map((code) => {
    const def = catalogue.byCode.get(code);
    if (!def) throw new Error(`articleNumbers: unknown clause code ${code}`);
    return def;
  });
  if (new Set(codes).size !== codes.length) throw new Error('articleNumbers: a clause code is given twice');
  return defs.sort((a, b) => a.order - b.order).map((def, i) => ({ code: def.code, articleNo: i + 1 }));
}

export type ReportFrequency = 'MONTHLY' | 'QUARTERLY' | 'SEMIANNUAL' | 'ANNUAL';

const REPORT_INTERVALS: Readonly<Record<ReportFrequency, string>> = {
  MONTHLY: '1か月',
  QUARTERLY: '3か月',
  SEMIANNUAL: '6か月',
  ANNUAL: '1年',
};

/** Names in a clause: 「A」、「B」及び「C」 (公用文: the last pair joined by 及び). */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join('、')}及び${names[names.length - 1]}`;
}

/** A registered external service as a clause cites it. */
export interface CitedService {
  name: string;
  providerName: string;
}

/**
 * The values a clause text takes from the contract: `{{reportInterval}}` is its assessment frequency;
 * `{{cloudServices}}` the registered external services it names (the cloud clause cites them).
 */
export function contractFacts(
  contract: { assessmentFrequency: ReportFrequency },
  services: readonly CitedService[] = [],
): ContractFacts {
  return {
    reportInterval: REPORT_INTERVALS[contract.assessmentFrequency],
    cloudServices: services.length
      ? joinNames(services.map((s) => `${s.providerName}が提供する「${s.name}」`))
      : FACT_DEFAULTS.cloudServices,
  };
}

/** What a fact prints when the facts given lack it: no service named yet. */
const FACT_DEFAULTS: Readonly<Required<Pick<ContractFacts, 'cloudServices'>>> = {
  cloudServices: '甲が書面により承認したもの',
};

export interface MicCoverage {
  item: number;
  label: string;
  /** Codes of the given clauses that state it, in the order given; empty when uncovered. */
  clauses: string[];
}

/**
 * Which of the 13 MIC items a contract's clauses state. Every item must be covered by the clauses of each
 * contract, not merely somewhere in the catalogue: approval refuses a contract that leaves one out.
 */
export function micCoverage(catalogue: Catalogue, codes: readonly string[]): MicCoverage[] {
  const coverage: MicCoverage[] = [];
  for (let item = MIC_ITEM_MIN; item <= MIC_ITEM_MAX; item++) {
    const clauses = codes.filter((code) => catalogue.byCode.get(code)?.micItems.includes(item));
    coverage.push({ item, label: MIC_ITEM_LABELS[item], clauses });
  }
  return coverage;
}

/**
 * The article's text with parameters substituted: the given value, else the parameter's default; contract
 * facts from the contract itself. Expects values already checked by validateSelection; integers print as
 * Arabic digits. Plain text — the PDF layer lays it out, nothing here is HTML.
 */
export function renderClause(
  def: ClauseDefinition,
  params: Readonly<Record<string, ClauseParamValue>>,
  facts: ContractFacts,
): RenderedClause {
  const byName = new Map<string, ClauseParam>(def.params.map((p) => [p.name, p]));
  const valueOf = (name: string): string => {
    if (Object.hasOwn(facts, name)) return facts[name as keyof ContractFacts] ?? '';
    if (Object.hasOwn(FACT_DEFAULTS, name)) return FACT_DEFAULTS[name as keyof typeof FACT_DEFAULTS];
    const given = Object.hasOwn(params, name) ? params[name] : undefined;
    const value = given ?? byName.get(name)?.default;
    if (value === undefined) throw new Error(`renderClause: ${def.code}: no value for {{${name}}}`);
    return String(value);
  };
  return { title: def.title, paragraphs: def.paragraphs.map((p) => substitutePlaceholders(p, valueOf)) };
}
