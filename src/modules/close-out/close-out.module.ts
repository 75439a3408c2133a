import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CloseOutReminderSource } from './close-out-notices';
import { CloseOutController } from './close-out.controller';
import { CloseOutService } from './close-out.service';

/** 返還・廃棄報告 after a contract ends or is terminated, its reminders, and the closing of the contract. */
@Module({
  imports: [ContractsModule, NotificationsModule],
  controllers: [CloseOutController],
  providers: [CloseOutService, CloseOutReminderSource],
  exports: [CloseOutService],
})
export class CloseOutModule {}
