import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { SettingsModule } from '../settings/settings.module';
import { DocumentsModule } from '../documents/documents.module';
import { SelectionModule } from '../selection/selection.module';
import { ContractDocumentsService } from './contract-documents.service';
import { ContractsController } from './contracts.controller';
import { ContractsService } from './contracts.service';

@Module({
  imports: [ClausesModule, DocumentsModule, SettingsModule, SelectionModule],
  controllers: [ContractsController],
  providers: [ContractsService, ContractDocumentsService],
  exports: [ContractsService, ContractDocumentsService],
})
export class ContractsModule {}
