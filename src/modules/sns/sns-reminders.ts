import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { addDays, todayInJapan } from '../../common/clock';
import { fiscalYearOf, formatWareki } from '../../common/dates/wareki';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { IssuedDocument } from '../documents/issued-document.entity';
import type { PlannedNotification } from '../notifications/notification.types';
import { unique } from '../notifications/recipients';
import { ReminderRegistry } from '../notifications/reminder-registry';
import { User } from '../users/user.entity';
import { SnsAccount } from './sns-account.entity';
import { SnsPost } from './sns-post.entity';
import { SNS_POLICY_OWNER } from './sns-policy-record';

export const SNS_REMINDER_KINDS = {
  idle: 'sns-idle',
  review: 'sns-yearly-review',
  policyReview: 'sns-policy-review',
} as const;

/** The yearly review of 2FA, custodians and posters comes after April's personnel changes: from 1 May. */
export const SNS_REVIEW_FROM = '05-01';

/** The day (YYYY-MM-DD) `years` years after `date`; 29 February falls on 28 February. */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Daily reminders for the official SNS accounts (第6条第6号ウ), each planned once by its dedupe key:
 * - an ACTIVE account with no post recorded for SNS_IDLE_DAYS (since its last post, or its activation): to its
 *   責任者 and 発信担当, once per quiet spell;
 * - the yearly review of two-factor authentication, the credential custodian and the 発信担当, from 1 May (after
 *   April's personnel changes): to the 責任者, once per fiscal year;
 * - the yearly review of the 運用方針, on each anniversary of its issue: to the 責任者, once per anniversary.
 * An account without a 責任者 is reminded to the administrators.
 */
@Injectable()
export class SnsReminderSource implements OnModuleInit {
  readonly name = 'sns-accounts';

  constructor(
    private readonly registry: ReminderRegistry,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: this.name, collect: (manager, today) => this.collect(manager, today) });
  }

  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const accounts = await manager.find(SnsAccount, {
      where: { status: Not('CLOSED') },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (accounts.length === 0) return [];
    const ids = accounts.map((a) => a.id);
    const [lastPosts, policies, admins] = await Promise.all([
      manager.find(SnsPost, {
        select: { accountId: true, publishedAt: true },
        where: { accountId: In(ids), publishedAt: Not(IsNull()) },
      }),
      manager.find(IssuedDocument, {
        select: { ownerId: true, issuedAt: true, documentNumber: true },
        where: { ownerType: SNS_POLICY_OWNER, ownerId: In(ids), kind: 'SNS_POLICY' },
      }),
      manager.find(User, { select: { id: true }, where: { role: 'ADMIN', active: true } }),
    ]);
    const lastOf = new Map<string, Date>();
    for (const p of lastPosts) {
      const seen = lastOf.get(p.accountId);
      if (p.publishedAt && (!seen || p.publishedAt > seen)) lastOf.set(p.accountId, p.publishedAt);
    }
    const policyOf = new Map(policies.map((p) => [p.ownerId, p]));
    const adminIds = admins.map((a) => a.id);
    const planned: PlannedNotification[] = [];
    for (const a of accounts) {
      const managers = a.managerId ? [a.managerId] : adminIds;
      const title = `${a.displayName}（${a.handle}）`;
      const link = `/sns-accounts/${a.id}`;
      // No post for the configured period.
      const since = lastOf.get(a.id) ?? a.activatedAt;
      if (a.status === 'ACTIVE' && since) {
        const sinceDay = todayInJapan(since);
        if (addDays(sinceDay, this.config.snsIdleDays) <= today)
          planned.push({
            userIds: unique([...managers, ...a.posterIds]),
            kind: SNS_REMINDER_KINDS.idle,
            subject: `SNSアカウント ${title} の発信が${this.config.snsIdleDays}日以上ありません`,
            body:
              `公式SNSアカウント ${title} では、${formatWareki(sinceDay)}以降、投稿が記録されていません。` +
              '運用を続ける必要があるかを確認し、続けない場合は運用の停止又は廃止を検討してください。',
            link,
            dedupeKey: `${SNS_REMINDER_KINDS.idle}:${a.id}:${sinceDay}`,
          });
      }
      // The yearly review after April's personnel changes.
      const fiscalYear = fiscalYearOf(today);
      if (a.status !== 'DRAFT' && today.slice(5) >= SNS_REVIEW_FROM && today.slice(5) <= '12-31')
        planned.push({
          userIds: managers,
          kind: SNS_REMINDER_KINDS.review,
          subject: `SNSアカウント ${title} の年次確認（二要素認証・認証情報の管理者・発信担当）`,
          body:
            `4月の人事異動の後の年次確認として、公式SNSアカウント ${title} について、` +
            '二要素認証が有効であること、認証情報の管理者及びサインインに用いる端末、発信担当が現在の体制に合っていることを確認し、' +
            '必要に応じて登録内容を更新してください。異動した職員が認証情報を知っている場合は、パスワードを変更してください。',
          link,
          dedupeKey: `${SNS_REMINDER_KINDS.review}:${a.id}:${fiscalYear}`,
        });
      // The 運用方針's yearly review, on each anniversary of its issue.
      const policy = policyOf.get(a.id);
      if (policy) {
        const issued = todayInJapan(policy.issuedAt);
        let years = 0;
        while (addYears(issued, years + 1) <= today) years += 1;
        if (years > 0)
          planned.push({
            userIds: managers,
            kind: SNS_REMINDER_KINDS.policyReview,
            subject: `SNSアカウント ${title} の運用方針の見直し`,
            body:
              `公式SNSアカウント ${title} の運用方針（${policy.documentNumber ?? '文書番号なし'}、` +
              `${formatWareki(issued)}発行）は、発行から${years}年を経過しました。` +
              '運用方針第9条の規定により、内容を見直してください。',
            link,
            dedupeKey: `${SNS_REMINDER_KINDS.policyReview}:${a.id}:${years}`,
          });
      }
    }
    return planned;
  }
}
