import { Module } from '@nestjs/common';
import { ExternalServicesModule } from '../../external-services/external-services.module';
import { WebPage } from '../web-page';
import { ExternalServicePages } from './external-service.pages';

/** Web pages: 外部サービス. */
@Module({
  imports: [ExternalServicesModule],
  controllers: [ExternalServicePages],
  providers: [WebPage],
})
export class ExternalServicePagesModule {}
