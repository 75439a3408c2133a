import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { addDays, isIsoDate } from '../../../common/clock';
import { AuditService } from '../../audit/audit.service';
import { ListAuditEventsQuery } from '../../audit/dto/audit.dto';
import { parseForm } from '../web-forms';
import { WebPage } from '../web-page';
import { pageLinks } from '../web-urls';
import { pick } from './admin-forms';

const FILTERS = ['entityType', 'action', 'actorId', 'from', 'to', 'limit', 'cursor'] as const;

/** What the chain check found, in words an auditor can act on. */
const PROBLEMS: Record<string, string> = {
  hash: '記録の内容が書き換えられています（ハッシュ値が一致しません）。',
  link: '前の記録とのつながりが一致しません（記録の差替え又は並べ替え）。',
  gap: '記録が欠落しています（途中の記録の削除）。',
  head: '最新の記録が削除されているか、チェーンの末尾の情報が一致しません。',
  unreadable: '記録の値が読み取れません（データベース上で直接書き換えられた可能性があります）。',
};

const ENTITY_TYPES: Record<string, string> = {
  contractor: '委託先',
  contract: '契約',
  subcontract: '再委託',
  assessment: '自己点検',
  improvement_order: '改善指示',
  evidence: '証跡',
  user: '利用者',
  notification: '通知',
  route: '画面・API',
};

/** A day in Japan ('YYYY-MM-DD', as a date input sends it) as the instant it starts. */
const startOfDayInJapan = (date: string): string => `${date}T00:00:00+09:00`;

/** 監査ログ (ADMIN, AUDITOR): the hash-chained audit trail, newest first, and its tamper check. */
@ApiExcludeController()
@Controller('audit')
@Roles('ADMIN', 'AUDITOR')
export class AuditPages {
  constructor(
    private readonly page: WebPage,
    private readonly audit: AuditService,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = pick(query, FILTERS);
    // The filter's dates are whole days in Japan time; "to" includes its day.
    const form = await parseForm(ListAuditEventsQuery, {
      ...filters,
      from: filters.from && isIsoDate(filters.from) ? startOfDayInJapan(filters.from) : filters.from,
      to: filters.to && isIsoDate(filters.to) ? startOfDayInJapan(addDays(filters.to, 1)) : filters.to,
    });
    const verify = (query as { verify?: unknown } | null)?.verify === '1';
    const extra = {
      filters,
      entityTypes: Object.entries(ENTITY_TYPES).map(([value, text]) => ({ value, text })),
      verification: verify ? await this.verification() : null,
    };
    if (!form.ok) {
      const model = await this.page.model(actor, reply, '監査ログ', { ...extra, ...form.errors, items: [] });
      await reply.status(400).view('admin/audit', model);
      return;
    }
    const page = await this.audit.list(form.value);
    const items = page.items.map((e) => ({
      ...e,
      entityLabel: ENTITY_TYPES[e.entityType] ?? e.entityType,
      summaryText: JSON.stringify(e.summary),
    }));
    const links = pageLinks('/audit', filters, page.nextCursor);
    await reply.view(
      'admin/audit',
      await this.page.model(actor, reply, '監査ログ', { ...extra, ...links, items }),
    );
  }

  private async verification(): Promise<{ ok: boolean; checked: number; at?: number; problem?: string }> {
    const result = await this.audit.verify();
    return result.ok
      ? { ok: true, checked: result.checked }
      : {
          ok: false,
          checked: result.checked,
          at: result.firstBrokenSeq,
          problem: PROBLEMS[result.problem ?? ''] ?? result.problem,
        };
  }
}
