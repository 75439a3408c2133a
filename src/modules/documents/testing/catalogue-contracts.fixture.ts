import {
  articleNumbers,
  contractFacts,
  defaultSelection,
  isApplicable,
  renderClause,
} from '../../clauses/catalogue';
import { loadCatalogue } from '../../clauses/catalogue.loader';
import { clausesDir } from '../../clauses/clause-catalogue.service';
import type { Catalogue, ContractAttributes } from '../../clauses/catalogue.types';
import type { SpecialProvisionsArticle, SpecialProvisionsInput } from '../special-provisions';
import { approvedSpecialProvisionsInput, sampleSpecialProvisionsInput } from './special-provisions.fixture';

/**
 * 特記事項 built from the real clause catalogue (templates/clauses), as contracts get them: the fixture set the
 * page-by-page tests read back. `short`: 機密性1, no personal information, no cloud, the default clauses. `long`:
 * 機密性3 with personal information and cloud, every clause that applies (the sub-contracting prohibition left out:
 * it excludes the approval clause).
 */
let cached: Catalogue | undefined;
/** The catalogue the application loads (CLAUSES_DIR, else templates/clauses under the working directory). */
export function realCatalogue(): Catalogue {
  cached ??= loadCatalogue(clausesDir());
  return cached;
}

export type CatalogueContractKind = 'short' | 'long';

const ATTRIBUTES: Record<CatalogueContractKind, ContractAttributes> = {
  short: { confidentialityClass: 1, handlesPersonalInfo: false, usesCloud: false, workLocation: null },
  long: {
    confidentialityClass: 3,
    handlesPersonalInfo: true,
    usesCloud: true,
    workLocation: '置賜広域行政事務組合本庁舎3階情報政策係執務室及び乙の米沢開発センター（山形県米沢市）',
  },
};

const WORK_LOCATION = '甲の指定する場所';

/** The articles of a contract of that kind, numbered and rendered as approval would freeze them. */
export function catalogueArticles(kind: CatalogueContractKind): SpecialProvisionsArticle[] {
  const catalogue = realCatalogue();
  const attrs = ATTRIBUTES[kind];
  let codes: string[];
  if (kind === 'short') {
    codes = defaultSelection(catalogue, attrs);
  } else {
    codes = [];
    for (const def of catalogue.clauses) {
      if (!isApplicable(def, attrs) || def.effects.subcontracting === 'forbidden') continue;
      if (def.excludes.some((code) => codes.includes(code))) continue;
      codes.push(def.code);
    }
  }
  const facts = contractFacts({ assessmentFrequency: kind === 'long' ? 'QUARTERLY' : 'ANNUAL' });
  return articleNumbers(catalogue, codes).map(({ code, articleNo }) => {
    const def = catalogue.byCode.get(code);
    if (!def) throw new Error(`unknown clause ${code}`);
    const params: Record<string, string> = def.params.some((p) => p.name === 'workLocation')
      ? { workLocation: attrs.workLocation ?? WORK_LOCATION }
      : {};
    const rendered = renderClause(def, params, facts);
    return { articleNo, title: rendered.title, paragraphs: rendered.paragraphs };
  });
}

/** A draft or approved 特記事項 of that kind, with the sample parties. */
export function catalogueSpecialProvisionsInput(
  kind: CatalogueContractKind,
  approved: boolean,
): SpecialProvisionsInput {
  const overrides: Partial<SpecialProvisionsInput> = {
    articles: catalogueArticles(kind),
    catalogueVersion: realCatalogue().version,
    ...(kind === 'short' ? { contractNumber: '置広第8-0031号', contractTitle: '広報紙印刷業務委託' } : {}),
  };
  return approved ? approvedSpecialProvisionsInput(overrides) : sampleSpecialProvisionsInput(overrides);
}
