import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { SubcontractsController } from './subcontracts.controller';
import { SubcontractsService } from './subcontracts.service';
import { WorkersController } from './workers.controller';
import { WorkersService } from './workers.service';

/** 再委託 and the worker roster (従事者名簿) of a contract. */
@Module({
  imports: [ClausesModule],
  controllers: [SubcontractsController, WorkersController],
  providers: [SubcontractsService, WorkersService],
  exports: [SubcontractsService, WorkersService],
})
export class SubcontractsModule {}
