import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { IssuedDocuments } from '../documents/issued-documents.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { SettingsModule } from '../settings/settings.module';
import { SnsAccountsController } from './sns-accounts.controller';
import { SnsPostsController } from './sns-posts.controller';
import { SnsIncidentsService } from './sns-incidents.service';
import { SnsPostsService } from './sns-posts.service';
import { SnsReminderSource } from './sns-reminders';
import { SnsService } from './sns.service';

/** Social-media accounts (情報セキュリティポリシー 第6条第6号ウ): the register, posts and incidents. */
@Module({
  imports: [DocumentsModule, SettingsModule, NotificationsModule],
  controllers: [SnsAccountsController, SnsPostsController],
  providers: [SnsService, SnsPostsService, SnsIncidentsService, SnsReminderSource, IssuedDocuments],
  exports: [SnsService, SnsPostsService],
})
export class SnsModule {}
