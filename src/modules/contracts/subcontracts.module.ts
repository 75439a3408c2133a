import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';
import { SubcontractDecisionsService } from './subcontract-decisions.service';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsService } from './subcontracts.service';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

/** 再委託 and the worker roster (従事者名簿) of a contract. */
@Module({
  imports: [ClausesModule, DocumentsModule, NotificationsModule, SettingsModule],
  controllers: [SubcontractsController, WorkersController, RosterController],
  providers: [
    SubcontractsService,
    SubcontractDecisionsService,
    IssuedDocuments,
    WorkersService,
    RosterService,
  ],
  exports: [SubcontractsService, SubcontractDecisionsService, WorkersService, RosterService],
})
export class SubcontractsModule {}
