import { Global, Inject, Injectable, Module, Optional, type DynamicModule } from '@nestjs/common';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import * as path from 'path';
import {
  articleNumbers,
  defaultSelection,
  forbidsSubcontracting,
  micCoverage,
  type MicCoverage,
  renderClause,
} from './catalogue';
import { loadCatalogue } from './catalogue.loader';
import {
  Catalogue,
  ClauseDefinition,
  ClauseParamValue,
  ClauseSelectionItem,
  ContractAttributes,
  ContractFacts,
  NumberedClause,
  RenderedClause,
  SelectionResult,
} from './catalogue.types';
import { toClauseResponse, ClauseResponse } from './clause.mapper';
import { validateSelection } from './clause-selection';

/**
 * The catalogue loaded by createApp before anything else starts (a broken catalogue stops the app before the
 * database is even opened), provided to every ClauseCatalogueService.
 */
export const CLAUSE_CATALOGUE = Symbol('CLAUSE_CATALOGUE');

@Global()
@Module({})
export class ClauseCatalogueModule {
  static forRoot(catalogue: Catalogue): DynamicModule {
    return {
      module: ClauseCatalogueModule,
      providers: [{ provide: CLAUSE_CATALOGUE, useValue: catalogue }],
      exports: [CLAUSE_CATALOGUE],
    };
  }
}

export function clausesDir(): string {
  return path.resolve(process.env.CLAUSES_DIR ?? path.join(process.cwd(), 'templates/clauses'));
}

/**
 * The clause catalogue, loaded and validated once when the application starts: a broken catalogue
 * stops the start-up (CatalogueError) instead of failing contract by contract.
 */
@Injectable()
export class ClauseCatalogueService {
  readonly catalogue: Catalogue;

  constructor(
    @Optional() @Inject(CLAUSE_CATALOGUE) preloaded?: Catalogue | null,
    @Optional() @InjectConfig() config?: AppConfig | null,
  ) {
    this.catalogue = preloaded ?? loadCatalogue(config?.clausesDir ?? clausesDir());
  }

  get version(): string {
    return this.catalogue.version;
  }

  find(code: string): ClauseDefinition | undefined {
    return this.catalogue.byCode.get(code);
  }

  list(): ClauseResponse[] {
    return this.catalogue.clauses.map(toClauseResponse);
  }

  defaultSelection(attrs: ContractAttributes): string[] {
    return defaultSelection(this.catalogue, attrs);
  }

  validateSelection(attrs: ContractAttributes, selection: readonly ClauseSelectionItem[]): SelectionResult {
    return validateSelection(this.catalogue, attrs, selection);
  }

  /** Throws for a code the catalogue lacks: callers render only validated selections. */
  renderClause(
    code: string,
    params: Readonly<Record<string, ClauseParamValue>> | undefined,
    facts: ContractFacts,
  ): RenderedClause {
    const def = this.find(code);
    if (!def) throw new Error(`renderClause: unknown clause code ${code}`);
    return renderClause(def, params ?? {}, facts);
  }

  micCoverage(codes: readonly string[]): MicCoverage[] {
    return micCoverage(this.catalogue, codes);
  }

  articleNumbers(codes: readonly string[]): NumberedClause[] {
    return articleNumbers(this.catalogue, codes);
  }

  forbidsSubcontracting(codes: readonly string[]): boolean {
    return forbidsSubcontracting(this.catalogue, codes);
  }
}
