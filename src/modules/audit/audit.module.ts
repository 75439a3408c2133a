import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditReader } from './audit-reader';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  imports: [NotificationsModule],
  controllers: [AuditController],
  providers: [AuditService, AuditCheckpointsService, AuditReader],
  exports: [AuditService, AuditCheckpointsService, AuditReader],
})
export class AuditModule {}
