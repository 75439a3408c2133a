import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource, IsNull } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Notification } from '../notifications/notification.entity';
import { User } from '../users/user.entity';
import { csrfSessionBinding } from './csrf-binding';
import { errorSummaryOf } from './error-summary';
import { flashMessage } from './glossary';

export interface PageModel extends Record<string, unknown> {
  title: string;
  me?: { displayName: string; role: string; unread: number };
  csrf: string;
  flash?: string | null;
}

/** The parts every page shares: who is signed in, their unread notices, and the form's CSRF token. */
@Injectable()
export class WebPage {
  constructor(private readonly dataSource: DataSource) {}

  async model(
    actor: Actor | null,
    reply: FastifyReply,
    title: string,
    extra: Record<string, unknown> = {},
  ): Promise<PageModel> {
    const csrf = reply.generateCsrf({ userInfo: csrfSessionBinding(reply.request) });
    // The navigation marks the section the page belongs to (aria-current): /contracts/… → contracts.
    const section = /^\/([a-z-]*)/u.exec(reply.request.url)?.[1] ?? '';
    // A refused form is summed up at the top of the page, its fields linked (partials/form-errors.hbs).
    const errorSummary = errorSummaryOf(extra);
    const flashAt = flashAtOf(reply.request.query);
    if (!actor) return { title, csrf, section, errorSummary, flashAt, ...extra };
    const [user, unread] = await Promise.all([
      this.dataSource.manager.findOne(User, {
        select: { id: true, displayName: true, role: true },
        where: { id: actor.userId },
      }),
      this.dataSource.manager.count(Notification, { where: { userId: actor.userId, readAt: IsNull() } }),
    ]);
    return {
      title,
      csrf,
      section,
      me: { displayName: user?.displayName ?? '', role: actor.role, unread },
      errorSummary,
      flashAt,
      ...extra,
    };
  }
}

/**
 * Where a redirect to an anchor (`#item-<id>`) shows its flash: `?at=item-<id>` names the anchor, whose place in
 * the page shows the message (partials/flash-at.hbs) instead of the top of the page, which the jump scrolls away.
 */
function flashAtOf(query: unknown): string | null {
  const at = (query as { at?: unknown } | null)?.at;
  return typeof at === 'string' && /^(?:item|article)-[0-9a-z-]{1,40}$/u.test(at) ? at : null;
}

/** Messages shown once after a redirect (Post/Redirect/Get): the glossary's FLASH, chosen by the query's key. */
export { FLASH } from './glossary';

/**
 * The message of the query's `flash` key, naming what it concerns (`name`: the company, contract or person the
 * page shows) where the page knows it.
 */
export function flashOf(query: unknown, name?: string | null): string | null {
  const key = (query as { flash?: unknown } | null)?.flash;
  return typeof key === 'string' ? flashMessage(key, name) : null;
}
