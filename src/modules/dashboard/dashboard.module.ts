import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { ExternalServicesOverview } from './external-services-overview';
import { PendingWorkService } from './pending-work.service';

@Module({
  controllers: [DashboardController],
  providers: [DashboardService, PendingWorkService, ExternalServicesOverview],
  exports: [DashboardService, PendingWorkService, ExternalServicesOverview],
})
export class DashboardModule {}
