import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { DocumentsModule } from '../documents/documents.module';
import { SettingsModule } from '../settings/settings.module';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsService } from './subcontracts.service';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

/** 再委託 and the worker roster (従事者名簿) of a contract. */
@Module({
  imports: [ClausesModule, DocumentsModule, SettingsModule],
  controllers: [SubcontractsController, WorkersController, RosterController],
  providers: [SubcontractsService, WorkersService, RosterService],
  exports: [SubcontractsService, WorkersService, RosterService],
})
export class SubcontractsModule {}
