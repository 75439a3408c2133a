import { Module } from '@nestjs/common';
import { ClausesModule } from '../clauses/clauses.module';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { ImprovementOrdersModule } from '../improvement-orders/improvement-orders.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { IncidentOrderOrigin } from './incident-order-origin';
import { IncidentReminderSource } from './incident-reminders';
import { IncidentStepsService } from './incident-steps.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

/** 事故報告 and the body's reports to the 個人情報保護委員会. */
@Module({
  imports: [ClausesModule, NotificationsModule, ImprovementOrdersModule, DocumentsModule, SettingsModule],
  controllers: [IncidentsController],
  providers: [
    IncidentsService,
    IncidentStepsService,
    IncidentOrderOrigin,
    IncidentReminderSource,
    IssuedDocuments,
  ],
  exports: [IncidentsService, IncidentStepsService],
})
export class IncidentsModule {}
