import { Module } from '@nestjs/common';
import { ClauseCatalogueService } from './clause-catalogue.service';

@Module({
  providers: [ClauseCatalogueService],
  exports: [ClauseCatalogueService],
})
export class ClausesModule {}
