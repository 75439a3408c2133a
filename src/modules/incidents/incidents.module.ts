import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { ImprovementOrdersModule } from '../improvement-orders/improvement-orders.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { IncidentOrderOrigin } from './incident-order-origin';
import { IncidentStepsService } from './incident-steps.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/** 事故報告 and the body's reports to the 個人情報保護委員会. */
@Module({
  imports: [ClausesModule, NotificationsModule, ImprovementOrdersModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentStepsService, IncidentOrderOrigin],
  exports: [IncidentsService, IncidentStepsService],
})
export class IncidentsModule {}
