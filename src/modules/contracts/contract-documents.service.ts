import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { type ContentStore, sha256Of } from '../../common/storage/content-store';
import { ContentStores } from '../../common/storage/content-stores';
import { TransactionService } from '../../database/transaction.service';
import { contractFacts, type CitedService } from '../clauses/catalogue';
import { assertNamedServicesApproved, citedServices } from '../external-services/contract-services';
import { toQuestionResponse } from '../clauses/clause.mapper';
import { ClauseCatalogueService } from '../clauses/clause-catalogue.service';
import { Contractor } from '../contractors/contractor.entity';
import { DocumentRenderer } from '../documents/document-renderer.service';
import {
  type SpecialProvisionsArticle,
  type SpecialProvisionsInput,
  specialProvisionsContentSha256,
} from '../documents/special-provisions';
import type { IssuerSettings } from '../settings/issuer-settings.entity';
import { IssuerSettingsService } from '../settings/issuer-settings.service';
import { SelectionService } from '../selection/selection.service';
import { todayInJapan } from '../../common/clock';
import { CONTRACT_TRANSITIONS } from './contract-lifecycle';
import { findVisibleContract } from './contract-access';
import { effectiveSelection } from './contract-clauses';
import { ContractClause, type FrozenQuestion } from './contract-clause.entity';
import type { Contract } from './contract.entity';
import { ContractErrors } from './contracts.errors';
import { ContractsService } from './contracts.service';
import type { VersionRequest } from './dto/contract.requests';
import type { ContractResponse } from './dto/contract.response';

export interface PdfDocument {
  bytes: Buffer;
  sha256: string;
  fileName: string;
  draft: boolean;
}

/**
 * The 情報セキュリティに関する特記事項 of a contract: rendered live (marked 案) while a draft; at approval,
 * rendered once from the frozen clause texts, the contractor and the issuer settings as they are that day, stamped
 * with the approval date and the hash of its content (contentSha256) on every page, stored by its SHA-256 and
 * served from there — so every download gives the same bytes, whatever is edited later, and a printed copy can be
 * checked against the record.
 */
@Injectable()
export class ContractDocumentsService {
  private readonly store: ContentStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: TransactionService,
    private readonly catalogue: ClauseCatalogueService,
    private readonly renderer: DocumentRenderer,
    private readonly contracts: ContractsService,
    private readonly settings: IssuerSettingsService,
    private readonly selection: SelectionService,
    stores: ContentStores,
  ) {
    this.store = stores.documents;
  }

  /** DRAFT → ACTIVE: freezes each clause's article number and text with the catalogue version, stores the PDF. */
  async approve(actor: Actor, id: string, input: VersionRequest): Promise<ContractResponse> {
    const manager = this.dataSource.manager;
    const approve = CONTRACT_TRANSITIONS.approve;
    const contract = await this.contracts.loadForChange(
      manager,
      actor,
      id,
      input.version,
      [...approve.from],
      approve.label,
    );
    const contractor = await this.contractorOf(manager, contract);
    if (contractor.status !== 'ACTIVE') throw ContractErrors.contractorUnavailable();
    const rows = await manager.findBy(ContractClause, { contractId: id });
    const articles = this.articles(contract, rows, await citedServices(manager, contract));
    // Every MIC item must be stated by this contract's own clauses (Policy 6(6)(ア): the contract states
    // the security requirements), not merely somewhere in the catalogue.
    const uncovered = this.catalogue
      .micCoverage([...articles.codes.values()])
      .filter((c) => !c.clauses.length);
    if (uncovered.length) {
      throw ContractErrors.micItemsUncovered(uncovered.map(({ item, label }) => ({ item, label })));
    }
    // The contractor must have been chosen on the record (委託先の選定) before the contract binds it.
    await this.selection.assertComplete(manager, contract);
    // The external services it names must be approved for use (Article 6(6)(イ)); the cloud clause cites them.
    await assertNamedServicesApproved(manager, contract);
    const version = this.catalogue.version;
    const approvedAt = new Date();
    // What the approved copy prints is fixed here: the parties as they are today, the approval date, and the
    // hash of that content, printed in the footer of every page (a PDF cannot print its own SHA-256).
    const annex = this.input(contract, contractor, articles.list, await this.settings.current(manager));
    annex.draft = false;
    annex.approval = { date: todayInJapan(approvedAt), contentSha256: '' };
    annex.approval.contentSha256 = specialProvisionsContentSha256(annex);
    const contentSha256 = annex.approval.contentSha256;
    // Rendered before the transaction (the pool works off the main thread); the file is stored under its
    // hash, so a losing concurrent approval leaves nothing inconsistent behind.
    const bytes = await this.renderer.renderSpecialProvisions(annex);
    const sha256 = await this.store.put(bytes);
    return this.tx.run(async (t) => {
      for (const article of articles.list) {
        await t.manager.update(
          ContractClause,
          { contractId: id, clauseCode: articles.codes.get(article.articleNo) },
          {
            articleNo: article.articleNo,
            title: article.title,
            renderedText: article.paragraphs.join('\n'),
            params: articles.params.get(article.articleNo),
            catalogueVersion: version,
            questions: this.questionsOf(articles.codes.get(article.articleNo)),
          },
        );
      }
      const updated = await this.contracts.bump(t.manager, contract, {
        status: 'ACTIVE',
        approvedAt,
        approvedBy: actor.userId,
        documentSha256: sha256,
        contentSha256,
        catalogueVersion: version,
      });
      // The 委託先選定調書 is fixed with the approval: the selection stops being editable at this moment.
      const selection = await this.selection.issueAtApproval(
        t.manager,
        updated,
        contractor,
        actor,
        approvedAt,
      );
      await t.audit({
        actor,
        action: 'contract.approve',
        entityType: 'contract',
        entityId: id,
        summary: {
          status: 'ACTIVE',
          documentSha256: sha256,
          contentSha256,
          catalogueVersion: version,
          articles: articles.list.length,
          selectionDocument: selection.documentNumber ?? selection.id,
        },
      });
      return this.contracts.respond(t.manager, updated);
    });
  }

  /** The PDF to download: the stored, hash-checked file of an approved contract, or a live draft. */
  async specialProvisions(actor: Actor, id: string): Promise<PdfDocument> {
    const manager = this.dataSource.manager;
    const contract = await findVisibleContract(manager, actor, id);
    const fileName = `tokkijiko-${contract.contractNumber}.pdf`;
    if (contract.status === 'DRAFT') {
      const contractor = await this.contractorOf(manager, contract);
      const rows = await manager.findBy(ContractClause, { contractId: id });
      // A draft preview is the caller's own: queued fairly with other users' drafts, behind every record.
      const bytes = await this.renderer.renderSpecialProvisions(
        this.input(
          contract,
          contractor,
          this.articles(contract, rows, await citedServices(manager, contract)).list,
          await this.settings.current(manager),
        ),
        { owner: actor.userId },
      );
      return { bytes, sha256: sha256Of(bytes), fileName, draft: true };
    }
    const bytes = contract.documentSha256 ? await this.store.get(contract.documentSha256) : null;
    if (!bytes || !contract.documentSha256) throw ContractErrors.documentMissing();
    return { bytes, sha256: contract.documentSha256, fileName, draft: false };
  }

  private articles(
    contract: Contract,
    rows: ContractClause[],
    services: readonly CitedService[],
  ): {
    list: SpecialProvisionsArticle[];
    codes: Map<number, string>;
    params: Map<number, Record<string, number | string>>;
  } {
    const selected = effectiveSelection(this.catalogue, contract, rows);
    const numbers = this.catalogue.articleNumbers(selected.map((s) => s.code));
    const byCode = new Map(selected.map((s) => [s.code, s.params]));
    const list: SpecialProvisionsArticle[] = [];
    const codes = new Map<number, string>();
    const params = new Map<number, Record<string, number | string>>();
    for (const { code, articleNo } of numbers) {
      const rendered = this.catalogue.renderClause(code, byCode.get(code), contractFacts(contract, services));
      list.push({ articleNo, title: rendered.title, paragraphs: rendered.paragraphs });
      codes.set(articleNo, code);
      params.set(articleNo, byCode.get(code) ?? {});
    }
    return { list, codes, params };
  }

  /**
   * The clause's checklist questions and report items, frozen with its text: later assessments ask what was
   * signed, and a finding cites the paragraph as signed.
   */
  private questionsOf(code: string | undefined): FrozenQuestion[] {
    const def = code === undefined ? undefined : this.catalogue.find(code);
    if (!def) return [];
    return [
      ...def.questions.map(toQuestionResponse),
      ...def.reportItems.map((q) => ({ ...toQuestionResponse(q), form: 'REPORT' as const })),
    ];
  }

  /** The draft's input; approval turns it into the approved copy's. */
  private input(
    contract: Contract,
    contractor: Contractor,
    articles: SpecialProvisionsArticle[],
    issuer: IssuerSettings,
  ): SpecialProvisionsInput {
    return {
      issuer: {
        name: issuer.orgName,
        address: issuer.orgAddress,
        representativeTitle: issuer.representativeTitle,
        representativeName: issuer.representativeName,
      },
      contractor: {
        name: contractor.name,
        representativeName: contractor.representativeName,
        address: contractor.address,
      },
      contractNumber: contract.contractNumber,
      contractTitle: contract.title,
      startDate: contract.startDate,
      endDate: contract.endDate,
      draft: true,
      catalogueVersion: this.catalogue.version,
      articles,
      approval: null,
    };
  }

  private async contractorOf(manager: EntityManager, contract: Contract): Promise<Contractor> {
    return manager.findOneByOrFail(Contractor, { id: contract.contractorId });
  }
}
