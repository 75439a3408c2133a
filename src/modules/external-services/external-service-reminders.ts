import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { formatWareki } from '../../common/dates/wareki';
import type { PlannedNotification } from '../notifications/notification.types';
import { findActiveUsers, unique } from '../notifications/recipients';
import { ReminderRegistry } from '../notifications/reminder-registry';
import { subjectOf } from '../notifications/reminder-messages';
import { daysUntil, reminderStep, type ReminderStep } from '../notifications/reminder-schedule';
import { IN_USE_STATUSES, termsRecheckDue } from './external-service-attention';
import { ISMAP_WORDS } from './external-service-documents';
import { ExternalService } from './external-service.entity';

/** ISMAP / ISMAP-LIU validity ending in 60 and 30 days. */
export const ISMAP_EXPIRY_STEPS = [60, 30] as const;
/** The 約款 re-check (a year after the last check) and the periodic review: 30 days before, and once overdue. */
export const TERMS_RECHECK_STEPS = [30] as const;
export const REVIEW_DUE_STEPS = [30] as const;
/** After the last day of use: once when the erasure is due, and once more this many days later if unconfirmed. */
export const ERASURE_OVERDUE_DAYS = 30;

export const EXTERNAL_SERVICE_REMINDER_KINDS = {
  ismap: 'external-service-ismap',
  terms: 'external-service-terms',
  review: 'external-service-review',
  erasure: 'external-service-erasure',
} as const;

/**
 * The daily reminders of external services, to the service's 外部サービス管理者 (while an active user) and every
 * active ADMIN: ISMAP validity ending (60/30 days; not while a renewal is recorded as pending), the 約款 re-check
 * due, the periodic review due, and the erasure of the body's data after the use ended. Each dedupe key names the
 * date it is about (the validity, the last check, the review date, the end), so a renewed registration or a new
 * check starts its reminders afresh, and the same occasion is sent once however often the job runs.
 */
@Injectable()
export class ExternalServiceReminderSource implements OnModuleInit {
  readonly name = 'external-services';

  constructor(private readonly registry: ReminderRegistry) {}

  onModuleInit(): void {
    this.registry.register({ name: this.name, collect: (manager, today) => this.collect(manager, today) });
  }

  async collect(manager: EntityManager, today: string): Promise<PlannedNotification[]> {
    const services = await manager.find(ExternalService, {
      where: { status: In([...IN_USE_STATUSES, 'ENDING']) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (services.length === 0) return [];
    const admins = (await findActiveUsers(manager, { roles: ['ADMIN'] })).map((u) => u.id);
    const managerIds = unique(services.flatMap((s) => (s.managerUserId ? [s.managerUserId] : [])));
    const activeManagers = new Set(
      (await findActiveUsers(manager, { ids: managerIds, roles: ['OFFICER', 'ADMIN'] })).map((u) => u.id),
    );
    const planned: PlannedNotification[] = [];
    for (const s of services) {
      const userIds = unique([
        ...(s.managerUserId && activeManagers.has(s.managerUserId) ? [s.managerUserId] : []),
        ...admins,
      ]);
      if (userIds.length === 0) continue;
      planned.push(...remindersOf(s, today).map((r) => ({ ...r, userIds })));
    }
    return planned;
  }
}

type Planned = Omit<PlannedNotification, 'userIds'>;

/** What is due for one service on `today`. */
export function remindersOf(s: ExternalService, today: string): Planned[] {
  const out: Planned[] = [];
  const link = `/external-services/${s.id}`;
  const head = [`外部サービス：${s.name}（${s.providerName}）`, `所管課　　　：${s.department}`];
  const K = EXTERNAL_SERVICE_REMINDER_KINDS;
  if (s.status === 'ENDING') {
    if (!s.endedOn) return out;
    const since = -daysUntil(today, s.endedOn);
    if (since < 0) return out;
    const step = since >= ERASURE_OVERDUE_DAYS ? 'overdue' : 'due';
    out.push({
      kind: K.erasure,
      dedupeKey: `${K.erasure}:${s.id}:${s.endedOn}:${step}`,
      link,
      subject: subjectOf(
        step === 'overdue'
          ? `外部サービスのデータ消去が確認されていません（${s.name}）`
          : `外部サービスのデータ消去を確認してください（${s.name}）`,
      ),
      body: [
        step === 'overdue'
          ? `次の外部サービスは、利用を終了してから${since}日を経過しましたが、データの消去がまだ確認されていません。`
          : '次の外部サービスの利用を終了しました。提供者における本組合のデータの消去を確認し、その結果を記録してください。',
        '',
        ...head,
        `利用終了日　：${formatWareki(s.endedOn)}`,
      ].join('\n'),
    });
    return out;
  }
  if (s.ismapKind && s.ismapValidUntil && !s.ismapRenewalPending) {
    const daysLeft = daysUntil(today, s.ismapValidUntil);
    const step = reminderStep(daysLeft, ISMAP_EXPIRY_STEPS);
    if (step !== null) {
      const kind = ISMAP_WORDS[s.ismapKind];
      out.push({
        kind: K.ismap,
        dedupeKey: `${K.ismap}:${s.id}:${s.ismapValidUntil}:${step}`,
        link,
        subject: subjectOf(`${kind}の登録の有効期限が${daysLeft}日後です（${s.name}）`),
        body: [
          `次の外部サービスの${kind}の登録は、${daysLeft}日後（${formatWareki(s.ismapValidUntil)}）に有効期限を迎えます。` +
            '登録の更新の状況を確認し、更新を申請中であればその旨を、更新されたときは新しい有効期限を記録してください。',
          '',
          ...head,
          `登録番号　　：${s.ismapNumber ?? ''}`,
        ].join('\n'),
      });
    }
  }
  const recheck = termsRecheckDue(s);
  if (recheck !== null) {
    const daysLeft = daysUntil(today, recheck);
    const step = reminderStep(daysLeft, TERMS_RECHECK_STEPS, { overdue: true });
    if (step !== null)
      out.push({
        kind: K.terms,
        dedupeKey: `${K.terms}:${s.id}:${s.termsCheckedOn}:${step}`,
        link,
        subject: subjectOf(dueSubject('約款の再確認', step, daysLeft, s.name)),
        body: [
          `次の外部サービスの約款は、${formatWareki(s.termsCheckedOn as string)}に確認してから1年を迎える` +
            `${step === 'overdue' ? '日を過ぎました' : '時期です'}。現在の約款を読み、秘密の保持、目的外利用の禁止、` +
            '一方的な変更及び利用終了時の消去について確認した結果を記録してください。',
          '',
          ...head,
          `再確認の期限：${formatWareki(recheck)}`,
        ].join('\n'),
      });
  }
  if (s.nextReviewOn) {
    const daysLeft = daysUntil(today, s.nextReviewOn);
    const step = reminderStep(daysLeft, REVIEW_DUE_STEPS, { overdue: true });
    if (step !== null)
      out.push({
        kind: K.review,
        dedupeKey: `${K.review}:${s.id}:${s.nextReviewOn}:${step}`,
        link,
        subject: subjectOf(dueSubject('定期見直し', step, daysLeft, s.name)),
        body: [
          `次の外部サービスの定期見直しの期限${step === 'overdue' ? 'を過ぎています' : 'が近づいています'}。` +
            '利用の状況、ISMAP等の登録及び約款を確認し、利用の継続又は停止を決定してください。',
          '',
          ...head,
          `見直しの期限：${formatWareki(s.nextReviewOn)}`,
        ].join('\n'),
      });
  }
  return out;
}

function dueSubject(what: string, step: ReminderStep, daysLeft: number, name: string): string {
  if (step === 'overdue') return `${what}の期限を過ぎています（${name}）`;
  if (daysLeft === 0) return `${what}の期限は本日です（${name}）`;
  return `${what}の期限が${daysLeft}日後です（${name}）`;
}
