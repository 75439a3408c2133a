import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { EvidenceModule } from '../evidence/evidence.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { OrderNoticeService } from './order-notice.service';
import { OrderOrigins } from './order-origin';
import { OrderReminderSource } from './order-notifications';
import { OrderOverdueService } from './order-overdue.service';
import { OrderTransitionsService } from './order-transitions.service';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [EvidenceModule, DocumentsModule, NotificationsModule, SettingsModule],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    OrderTransitionsService,
    OrderOverdueService,
    OrderNoticeService,
    OrderReminderSource,
    IssuedDocuments,
    OrderOrigins,
  ],
  exports: [OrdersService, OrderTransitionsService, OrderNoticeService, OrderOrigins],
})
export class ImprovementOrdersModule {}
