import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { CloseOutModule } from '../../close-out/close-out.module';
import { EvidenceModule } from '../../evidence/evidence.module';
import { ClausesModule } from '../../clauses/clauses.module';
import { ContractorsModule } from '../../contractors/contractors.module';
import { ContractsModule } from '../../contracts/contracts.module';
import { SubcontractsModule } from '../../contracts/subcontracts.module';
import { SelectionModule } from '../../selection/selection.module';
import { WebPage } from '../web-page';
import { ContractActionsPages } from './contract-actions.pages';
import { ContractCloseOutPages } from './contract-close-out.pages';
import { ContractClausesPages } from './contract-clauses.pages';
import { ContractSelectionPages } from './contract-selection.pages';
import { ContractSubcontractsPages } from './contract-subcontracts.pages';
import { ContractViews } from './contract-views';
import { ContractWorkersPages } from './contract-workers.pages';
import { ContractsPages } from './contracts.pages';

/** Web pages: 契約・条項・特記事項・再委託・従事者名簿・返還・廃棄報告, and asking a contract's 自己点検票 on demand. */
@Module({
  imports: [
    ContractsModule,
    SubcontractsModule,
    ClausesModule,
    ContractorsModule,
    AssessmentsModule,
    CloseOutModule,
    EvidenceModule,
    SelectionModule,
  ],
  controllers: [
    ContractsPages,
    ContractActionsPages,
    ContractClausesPages,
    ContractSelectionPages,
    ContractWorkersPages,
    ContractSubcontractsPages,
    ContractCloseOutPages,
  ],
  providers: [WebPage, ContractViews],
})
export class ContractPagesModule {}
