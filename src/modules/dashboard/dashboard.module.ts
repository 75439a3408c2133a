import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { PendingWorkService } from './pending-work.service';

@Module({
  controllers: [DashboardController],
  providers: [DashboardService, PendingWorkService],
  exports: [DashboardService, PendingWorkService],
})
export class DashboardModule {}
