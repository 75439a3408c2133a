import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { ExternalServiceDocuments } from './external-service-documents.service';
import { ExternalServiceExportsController } from './external-service-exports.controller';
import { ExternalServiceRegister } from './external-service-register.csv';
import { ExternalServiceReminderSource } from './external-service-reminders';
import { ContractServicesController } from './contract-services.controller';
import { ContractServicesService } from './contract-services.service';
import { ExternalServicesController } from './external-services.controller';
import { ExternalServicesService } from './external-services.service';

/** 外部サービス (Article 6(6)(イ)): the register, its approval, review and end. */
@Module({
  imports: [DocumentsModule, SettingsModule, NotificationsModule],
  controllers: [ExternalServicesController, ExternalServiceExportsController, ContractServicesController],
  providers: [
    ExternalServicesService,
    ContractServicesService,
    ExternalServiceDocuments,
    ExternalServiceRegister,
    ExternalServiceReminderSource,
    IssuedDocuments,
  ],
  exports: [ExternalServicesService, ContractServicesService],
})
export class ExternalServicesModule {}
