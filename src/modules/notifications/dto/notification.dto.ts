import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Validate } from 'class-validator';
import { booleanQuery, PageQuery } from '../../../common/pagination/page.query';
import { IsoDateRule } from '../../contractors/dto/contractor.requests';
import type { Notification } from '../notification.entity';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread notifications; false: only read ones' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'assessment-due' }) kind!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Plain text' }) body!: string;
  @ApiProperty({ type: String, nullable: true, example: '/assessments/5f0c6f0e-3c1a-4a55-9a43-0d1c2f1b7c11' })
  link!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class NotificationPage {
  @ApiProperty({ type: NotificationResponse, isArray: true }) items!: NotificationResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiPropertyOptional() total?: number;
  @ApiProperty({ description: "The caller's unread notifications, whatever the filter" })
  unreadCount!: number;
}

export class ReadAllResponse {
  @ApiProperty({ description: 'Notifications marked as read now' }) updated!: number;
  @ApiProperty() unreadCount!: number;
}

export class RunRemindersRequest {
  @ApiPropertyOptional({ format: 'date', description: 'The day to remind for (default: today, Japan time)' })
  @IsOptional()
  @Validate(IsoDateRule)
  today?: string;
}

export class ReminderSourceResult {
  @ApiProperty({ example: 'assessments' }) name!: string;
  @ApiProperty({ description: 'Reminders due today (each to one or more users)' }) planned!: number;
  @ApiProperty({ description: 'Notifications created now (one per user; those sent before are skipped)' })
  created!: number;
}

export class ReminderRunResponse {
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty() created!: number;
  @ApiProperty({ type: ReminderSourceResult, isArray: true }) sources!: ReminderSourceResult[];
  @ApiProperty({ description: 'E-mails sent after the run (0 without SMTP_URL)' }) emailed!: number;
}

export function toNotificationResponse(n: Notification): NotificationResponse {
  return {
    id: n.id,
    kind: n.kind,
    subject: n.subject,
    body: n.body,
    link: n.link,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
  };
}
