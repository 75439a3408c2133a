import { Module } from '@nestjs/common';
import { IssuerSettingsService } from './issuer-settings.service';
import { SettingsController } from './settings.controller';

@Module({
  controllers: [SettingsController],
  providers: [IssuerSettingsService],
  exports: [IssuerSettingsService],
})
export class SettingsModule {}
