import { Module } from '@nestjs/common';
import { ClauseCatalogueService } from './clause-catalogue.service';
import { ClausesController } from './clauses.controller';

@Module({
  controllers: [ClausesController],
  providers: [ClauseCatalogueService],
  exports: [ClauseCatalogueService],
})
export class ClausesModule {}
