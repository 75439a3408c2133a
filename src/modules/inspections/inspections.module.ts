import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { ImprovementOrdersModule } from '../improvement-orders/improvement-orders.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { InspectionOrderOrigin } from './inspection-order-origin';
import { InspectionsController } from './inspections.controller';
import { InspectionsService } from './inspections.service';

/** 立入検査・書面監査, and the inspection as the source of an improvement order. */
@Module({
  imports: [DocumentsModule, SettingsModule, ImprovementOrdersModule, NotificationsModule],
  controllers: [InspectionsController],
  providers: [InspectionsService, InspectionOrderOrigin, IssuedDocuments],
  exports: [InspectionsService],
})
export class InspectionsModule {}
