import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { SettingsModule } from '../settings/settings.module';
import { SelectionController } from './selection.controller';
import { SelectionService } from './selection.service';

/** 委託先の選定 (MIC guideline): the record kept before a contract, checked at its approval. */
@Module({
  imports: [DocumentsModule, SettingsModule],
  controllers: [SelectionController],
  providers: [SelectionService, IssuedDocuments],
  exports: [SelectionService],
})
export class SelectionModule {}
