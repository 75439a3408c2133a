import { Module } from '@nestjs/common';
import { ExternalServicesModule } from '../../external-services/external-services.module';
import { WebPage } from '../web-page';
import { ContractServicePages } from './contract-service.pages';
import { ExternalServicePageView } from './external-service-page.view';
import { ExternalServicePages } from './external-service.pages';

/** Web pages: 外部サービス, and the services a contract names. */
@Module({
  imports: [ExternalServicesModule],
  controllers: [ExternalServicePages, ContractServicePages],
  providers: [WebPage, ExternalServicePageView],
})
export class ExternalServicePagesModule {}
