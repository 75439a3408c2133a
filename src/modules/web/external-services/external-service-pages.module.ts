import { Module } from '@nestjs/common';
import { ExternalServicesModule } from '../../external-services/external-services.module';
import { WebPage } from '../web-page';
import { ContractServicePages } from './contract-service.pages';
import { ExternalServicePages } from './external-service.pages';

/** Web pages: 外部サービス, and the services a contract names. */
@Module({
  imports: [ExternalServicesModule],
  controllers: [ExternalServicePages, ContractServicePages],
  providers: [WebPage],
})
export class ExternalServicePagesModule {}
