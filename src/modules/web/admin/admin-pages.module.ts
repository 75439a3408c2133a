import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { CloseOutModule } from '../../close-out/close-out.module';
import { ContractorsModule } from '../../contractors/contractors.module';
import { DashboardModule } from '../../dashboard/dashboard.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { SettingsModule } from '../../settings/settings.module';
import { UsersModule } from '../../users/users.module';
import { WebPage } from '../web-page';
import { AdminPageReads } from './admin-page-reads';
import { AuditCsvController, AuditPages } from './audit.pages';
import { ContractorPages } from './contractors.pages';
import { DashboardPages } from './dashboard.pages';
import { NotificationPages } from './notifications.pages';
import { SettingsPages } from './settings.pages';
import { UserPages } from './users.pages';

/** Web pages: 委託先・ユーザー・監査ログ・通知・状況一覧・発信者の設定. */
@Module({
  imports: [
    ContractorsModule,
    UsersModule,
    AuditModule,
    NotificationsModule,
    DashboardModule,
    SettingsModule,
    CloseOutModule,
  ],
  controllers: [
    ContractorPages,
    UserPages,
    AuditPages,
    AuditCsvController,
    NotificationPages,
    DashboardPages,
    SettingsPages,
  ],
  providers: [WebPage, AdminPageReads],
})
export class AdminPagesModule {}
