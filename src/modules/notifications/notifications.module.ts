import { Module } from '@nestjs/common';
import { NotificationMailer } from './notification-mailer.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { ReminderRegistry } from './reminder-registry';
import { RemindersService } from './reminders.service';

/**
 * Notifications in the app and by e-mail, and the daily reminders. Other modules import it to `notify` inside
 * their transactions (NotificationsService), to send right after their commit (NotificationMailer.flushSoon)
 * and to add reminder kinds (ReminderRegistry.register).
 */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationMailer, ReminderRegistry, RemindersService],
  exports: [NotificationsService, NotificationMailer, ReminderRegistry, RemindersService],
})
export class NotificationsModule {}
