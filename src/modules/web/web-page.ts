import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource, IsNull } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Notification } from '../notifications/notification.entity';
import { User } from '../users/user.entity';
import { csrfSessionBinding } from './csrf-binding';

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
    if (!actor) return { title, csrf, section, ...extra };
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
      ...extra,
    };
  }
}

/** Messages shown once after a redirect (Post/Redirect/Get), chosen by a short key in the query string. */
export const FLASH: Record<string, string> = {
  saved: '保存しました。',
  created: '登録しました。',
  approved: '承認しました。',
  submitted: '提出しました。',
  returned: '差し戻しました。',
  reviewed: '確認を完了しました。',
  issued: '改善指示を発出しました。',
  done: '処理しました。',
  requested: '自己点検票の提出を求めました。',
  acknowledged: '従事者名簿を受理しました。',
};

export function flashOf(query: unknown): string | null {
  const key = (query as { flash?: unknown } | null)?.flash;
  return typeof key === 'string' ? (FLASH[key] ?? null) : null;
}
