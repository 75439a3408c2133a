import { contractFacts, isApplicable } from '../clauses/catalogue';
import type {
  Catalogue,
  ContractAttributes,
  SelectedClause,
  SelectionError,
} from '../clauses/catalogue.types';
import type { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import type { Contract } from './contract.entity';
import type { ContractClause } from './contract-clause.entity';
import {
  joinedWorkLocations,
  type ContractClauseResponse,
  type MicCoverageResponse,
} from './dto/contract.response';
import { ContractErrors } from './contracts.errors';

/** What decides which clauses apply: the attributes the officer recorded on the contract. */
export function attributesOf(
  c: Pick<Contract, 'confidentialityClass' | 'handlesPersonalInfo' | 'usesCloud' | 'workLocations'>,
): ContractAttributes {
  return {
    confidentialityClass: c.confidentialityClass,
    handlesPersonalInfo: c.handlesPersonalInfo,
    usesCloud: c.usesCloud,
    // The WORK_LOCATION clause's {{workLocation}} defaults to the places the contract names, joined as printed.
    workLocation: joinedWorkLocations(c.workLocations),
  };
}

/** Default assessment frequency by confidentiality class (DESIGN.md). */
export function defaultFrequency(confidentialityClass: 1 | 2 | 3): Contract['assessmentFrequency'] {
  return confidentialityClass === 3 ? 'QUARTERLY' : confidentialityClass === 2 ? 'SEMIANNUAL' : 'ANNUAL';
}

/** A refused selection: 400 when any part is malformed, else 422 (a business rule). */
export function selectionFailure(errors: SelectionError[]): Error {
  const shown = errors.map(({ code, clauseCode, param, message }) => ({ code, clauseCode, param, message }));
  return errors.some((e) => e.kind === 'invalid')
    ? ContractErrors.clausesInvalid(shown)
    : ContractErrors.clausesRefused(shown);
}

/**
 * After the attributes of a draft change, keep the officer's choices that still apply and add the mandatory
 * clauses that now apply (unless an exclusive alternative was chosen), so the draft stays consistent.
 */
export function reconcileSelection(
  catalogue: Catalogue,
  attrs: ContractAttributes,
  current: ContractClause[],
): ContractClause['clauseCode'][] {
  const kept = current
    .map((c) => c.clauseCode)
    .filter((code) => {
      const def = catalogue.byCode.get(code);
      return def !== undefined && isApplicable(def, attrs);
    });
  for (const def of catalogue.clauses) {
    if (!def.mandatory || kept.includes(def.code) || !isApplicable(def, attrs)) continue;
    if (def.excludes.some((code) => kept.includes(code))) continue;
    kept.push(def.code);
  }
  return kept;
}

/**
 * The clause view of a contract: for a draft, the live catalogue text with the effective parameters; once
 * approved, the frozen snapshot (the signed text).
 */
export function clauseViews(
  catalogueService: ClauseCatalogueService,
  contract: Contract,
  rows: ContractClause[],
): ContractClauseResponse[] {
  if (contract.status !== 'DRAFT') {
    return rows
      .filter((r) => r.articleNo !== null)
      .sort((a, b) => (a.articleNo ?? 0) - (b.articleNo ?? 0))
      .map((r) => ({
        code: r.clauseCode,
        articleNo: r.articleNo ?? 0,
        title: r.title ?? '',
        params: r.params,
        paragraphs: (r.renderedText ?? '').split('\n'),
        mandatory: catalogueService.find(r.clauseCode)?.mandatory ?? false,
      }));
  }
  const selected = effectiveSelection(catalogueService, contract, rows);
  const numbers = new Map(
    catalogueService.articleNumbers(selected.map((s) => s.code)).map((n) => [n.code, n.articleNo]),
  );
  return selected
    .map((s) => {
      const rendered = catalogueService.renderClause(s.code, s.params, contractFacts(contract));
      return {
        code: s.code,
        articleNo: numbers.get(s.code) ?? 0,
        title: rendered.title,
        params: s.params,
        paragraphs: rendered.paragraphs,
        mandatory: catalogueService.find(s.code)?.mandatory ?? false,
      };
    })
    .sort((a, b) => a.articleNo - b.articleNo);
}

/** Which of the 13 MIC items the contract's clauses state, and by which clauses (the articles shown). */
export function micCoverageOf(
  catalogueService: ClauseCatalogueService,
  clauses: Pick<ContractClauseResponse, 'code'>[],
): MicCoverageResponse[] {
  return catalogueService.micCoverage(clauses.map((c) => c.code));
}

/**
 * The stored selection of a draft checked against today's catalogue, with every parameter filled. A mandatory
 * clause the catalogue gained after the draft was saved is added (with its defaults): the officer could never
 * have left it out, so its absence is no choice to report. A selection the catalogue no longer accepts otherwise
 * (a clause withdrawn, a parameter out of range) is reported to the caller as 422.
 */
export function effectiveSelection(
  catalogueService: ClauseCatalogueService,
  contract: Contract,
  rows: ContractClause[],
): SelectedClause[] {
  const attrs = attributesOf(contract);
  const stored = rows.map((r) => ({ code: r.clauseCode, params: r.params }));
  const codes = new Set(stored.map((s) => s.code));
  for (const def of catalogueService.catalogue.clauses) {
    if (!def.mandatory || codes.has(def.code) || !isApplicable(def, attrs)) continue;
    if (def.excludes.some((code) => codes.has(code))) continue;
    stored.push({ code: def.code, params: {} });
  }
  const result = catalogueService.validateSelection(attrs, stored);
  if (!result.ok) throw selectionFailure(result.errors.map((e) => ({ ...e, kind: 'rule' as const })));
  return result.clauses;
}
