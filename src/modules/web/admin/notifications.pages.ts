import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, SignedIn } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { UuidPipe } from '../../../common/validation/uuid.pipe';
import { ListNotificationsQuery } from '../../notifications/dto/notification.dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { pageLinks } from '../web-urls';
import { pick } from './admin-forms';

/** A link stored with a notification is followed only when it stays on this site. */
const sitePath = (link: string | null): string | null => (link && /^\/(?!\/)/.test(link) ? link : null);

/** 通知: each user's own notifications (reminders, decisions, orders), newest first. */
@ApiExcludeController()
@Controller('notifications')
export class NotificationPages {
  constructor(
    private readonly page: WebPage,
    private readonly notifications: NotificationsService,
  ) {}

  @Get()
  @SignedIn()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = pick(query, ['unread', 'limit', 'cursor']);
    const extra = { flash: flashOf(query), filters };
    const form = await parseForm(ListNotificationsQuery, filters);
    if (!form.ok) {
      const model = await this.page.model(actor, reply, '通知', { ...extra, ...form.errors, items: [] });
      await reply.status(400).view('admin/notifications', model);
      return;
    }
    const page = await this.notifications.list(actor, form.value);
    const items = page.items.map((n) => ({
      ...n,
      href: sitePath(n.link),
      paragraphs: n.body.split(/\r?\n/).filter((line) => line.trim() !== ''),
    }));
    const links = pageLinks('/notifications', filters, page.nextCursor);
    await reply.view(
      'admin/notifications',
      await this.page.model(actor, reply, '通知', {
        ...extra,
        ...links,
        items,
        unreadCount: page.unreadCount,
      }),
    );
  }

  @Post('read-all')
  @SignedIn()
  async readAll(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.notifications.markAllRead(actor);
    await reply.status(303).redirect('/notifications?flash=notifications-read');
  }

  @Post(':id/read')
  @SignedIn()
  async read(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.notifications.markRead(actor, id);
    await reply.status(303).redirect('/notifications?flash=notification-read');
  }
}
