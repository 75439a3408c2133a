import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { addDays, isIsoDate } from '../../../common/clock';
import { AuditCheckpointsService } from '../../audit/audit-checkpoints.service';
import { AuditService } from '../../audit/audit.service';
import { ListAuditEventsQuery } from '../../audit/dto/audit.dto';
import { parseForm } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
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
  checkpoint:
    'チェックポイントと一致しません。記録がチェックポイントの番号まで存在しないか（最新の記録の削除）、その番号の記録のハッシュ値が異なります（それ以前の記録の書換え）。',
  'checkpoint-signature':
    'チェックポイントの署名が一致しません（チェックポイントのファイル又はデータベース上の記録が書き換えられています）。',
};

const CHECKPOINT_SOURCES: Record<string, string> = {
  table: 'システムに記録された最新のもの',
  file: '書出し先のフォルダにある最新のファイル',
  given: '指定されたもの',
};

const CHECKPOINT_KINDS: Record<string, string> = {
  SCHEDULED: '定時（毎日午前2時）',
  MANUAL: '管理者による作成',
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
  audit_checkpoint: '監査ログのチェックポイント',
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
    private readonly checkpoints: AuditCheckpointsService,
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
    const last = await this.checkpoints.latest();
    const extra = {
      filters,
      entityTypes: Object.entries(ENTITY_TYPES).map(([value, text]) => ({ value, text })),
      verification: verify ? await this.verification() : null,
      lastCheckpoint: last ? { ...last, kindText: CHECKPOINT_KINDS[last.kind] ?? last.kind } : null,
      canCheckpoint: actor.role === 'ADMIN',
      flash: flashOf(query),
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

  /** ADMIN: a checkpoint now (before maintenance, or to anchor what was just recorded). */
  @Post('checkpoints')
  @Roles('ADMIN')
  async checkpoint(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.checkpoints.create(actor);
    await reply.status(303).redirect('/audit?flash=checkpoint-created');
  }

  private async verification(): Promise<{
    ok: boolean;
    checked: number;
    at?: number;
    problem?: string;
    checkpoint?: { seq: number; at: string | null; source: string };
  }> {
    const result = await this.audit.verify();
    const checkpoint = result.checkpoint && {
      seq: result.checkpoint.seq,
      at: result.checkpoint.at,
      source: CHECKPOINT_SOURCES[result.checkpoint.source] ?? result.checkpoint.source,
    };
    return result.ok
      ? { ok: true, checked: result.checked, checkpoint }
      : {
          ok: false,
          checked: result.checked,
          at: result.firstBrokenSeq,
          problem: PROBLEMS[result.problem ?? ''] ?? result.problem,
          checkpoint,
        };
  }
}
