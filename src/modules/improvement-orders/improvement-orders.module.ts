import { Module } from '@nestjs/common';
import { EvidenceModule } from '../evidence/evidence.module';
import { OrderOverdueService } from './order-overdue.service';
import { OrderTransitionsService } from './order-transitions.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [EvidenceModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderTransitionsService, OrderOverdueService],
  exports: [OrdersService],
})
export class ImprovementOrdersModule {}
