import { Module } from '@nestjs/common';
import { ExternalServicesController } from './external-services.controller';
import { ExternalServicesService } from './external-services.service';

/** 外部サービス (Article 6(6)(イ)): the register, its approval, review and end. */
@Module({
  controllers: [ExternalServicesController],
  providers: [ExternalServicesService],
  exports: [ExternalServicesService],
})
export class ExternalServicesModule {}
