import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, SignedIn } from '../../common/auth/access.decorator';
import type { Actor } from '../../common/auth/actor';
import { todayInJapan } from '../../common/clock';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { UuidPipe } from '../../common/validation/uuid.pipe';
import {
  ListNotificationsQuery,
  NotificationPage,
  NotificationResponse,
  ReadAllResponse,
  ReminderRunResponse,
  RunRemindersRequest,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { RemindersService } from './reminders.service';

@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
  ) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: '自分宛ての通知の一覧（新しい順、未読件数つき）' })
  @ApiOkResponse({ type: NotificationPage })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.notifications.list(actor, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: '自分宛ての通知をすべて既読にする' })
  @ApiOkResponse({ type: ReadAllResponse })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResponse> {
    return this.notifications.markAllRead(actor);
  }

  @Post('run-reminders')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOperation({
    summary: '期限のリマインダーを作成し、未送信の通知をメールで送る（何度実行しても重複しない）',
  })
  @ApiOkResponse({ type: ReminderRunResponse })
  @ApiErrors(400, 409)
  runReminders(
    @CurrentActor() actor: Actor,
    @Body() body: RunRemindersRequest,
  ): Promise<ReminderRunResponse> {
    return this.reminders.runReminders(body.today ?? todayInJapan(), actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: '通知を既読にする（自分宛てのもののみ）' })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiErrors(400, 404)
  markRead(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<NotificationResponse> {
    return this.notifications.markRead(actor, id);
  }
}
