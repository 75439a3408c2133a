import { Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiExcludeController,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  OmitType,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../../common/auth/access.decorator';
import type { Actor } from '../../../common/auth/actor';
import { addDays, isIsoDate, todayInJapan } from '../../../common/clock';
import { ApiErrors } from '../../../common/http/api-errors.decorator';
import { attachment } from '../../../common/http/attachment';
import { AuditCheckpointsService } from '../../audit/audit-checkpoints.service';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../../audit/audit-labels';
import { AuditReader, type ReadableAuditEvent } from '../../audit/audit-reader';
import { AuditService } from '../../audit/audit.service';
import { ListAuditEventsQuery, type AuditEventResponse, type VerifyFrom } from '../../audit/dto/audit.dto';
import { toExcelCsv } from '../../dashboard/csv';
import { LABELS } from '../labels';
import { parseForm, type FormErrors } from '../web-forms';
import { flashOf, WebPage } from '../web-page';
import { pageLinks } from '../web-urls';
import { pick } from './admin-forms';

const FILTERS = ['entityType', 'entityId', 'action', 'actorId', 'from', 'to', 'limit', 'cursor'] as const;
/** The CSV takes the list's filters, and every row they select up to this many (newest first). */
const CSV_FILTERS = ['entityType', 'entityId', 'action', 'actorId', 'from', 'to'] as const;
const CSV_MAX_ROWS = 50_000;
const CSV_HEADER = [
  '番号',
  '日時（日本時間）',
  '操作者',
  '操作者の役割',
  '操作',
  '対象の種類',
  '対象',
  '対象のID',
  '内容',
  'IPアドレス',
  '操作の記録コード',
  '操作者のID',
] as const;

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

/** The list's filters without its paging: the CSV holds every row they select. */
class AuditCsvQuery extends OmitType(ListAuditEventsQuery, ['limit', 'cursor', 'withTotal'] as const) {}

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
    private readonly reader: AuditReader,
  ) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = pick(query, FILTERS);
    const form = await parseFilters(filters);
    // 1: the whole chain; checkpoint: from the last checkpoint (the everyday check).
    const verifyParam = (query as { verify?: unknown } | null)?.verify;
    const verify = verifyParam === '1' || verifyParam === 'checkpoint';
    const last = await this.checkpoints.latest();
    const people = await this.reader.people();
    const roleLabels = LABELS.role ?? {};
    // The CSV takes the API's query: the dates as the instants the list used (Japan time, "to" exclusive).
    const csvQuery = form.ok
      ? new URLSearchParams(
          Object.entries(form.value).filter(
            (entry): entry is [string, string] =>
              (CSV_FILTERS as readonly string[]).includes(entry[0]) && typeof entry[1] === 'string',
          ),
        ).toString()
      : '';
    const extra = {
      filters,
      entityTypes: Object.entries(AUDIT_ENTITY_LABELS).map(([value, text]) => ({ value, text })),
      actions: Object.entries(AUDIT_ACTION_LABELS).map(([value, text]) => ({ value, text })),
      people: people.map((p) => ({ value: p.id, text: `${p.name}（${roleLabels[p.role] ?? p.role}）` })),
      csvUrl: csvQuery ? `/api/audit-events.csv?${csvQuery}` : '/api/audit-events.csv',
      verification: verify
        ? await this.verification(verifyParam === 'checkpoint' ? 'checkpoint' : 'start')
        : null,
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
    const items = await this.reader.readable(page.items, LABELS);
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

  private async verification(from: VerifyFrom): Promise<{
    ok: boolean;
    checked: number;
    startSeq?: number;
    at?: number;
    problem?: string;
    checkpoint?: { seq: number; at: string | null; source: string };
  }> {
    const result = await this.audit.verify(undefined, { from });
    const checkpoint = result.checkpoint && {
      seq: result.checkpoint.seq,
      at: result.checkpoint.at,
      source: CHECKPOINT_SOURCES[result.checkpoint.source] ?? result.checkpoint.source,
    };
    return result.ok
      ? { ok: true, checked: result.checked, startSeq: result.startSeq, checkpoint }
      : {
          ok: false,
          checked: result.checked,
          startSeq: result.startSeq,
          at: result.firstBrokenSeq,
          problem: PROBLEMS[result.problem ?? ''] ?? result.problem,
          checkpoint,
        };
  }
}

/** The filter form's values as the API's query: the dates are whole days in Japan time; "to" includes its day. */
function parseFilters(
  filters: Record<string, string>,
): Promise<{ ok: true; value: ListAuditEventsQuery } | { ok: false; errors: FormErrors }> {
  return parseForm(ListAuditEventsQuery, {
    ...filters,
    from: filters.from && isIsoDate(filters.from) ? startOfDayInJapan(filters.from) : filters.from,
    to: filters.to && isIsoDate(filters.to) ? startOfDayInJapan(addDays(filters.to, 1)) : filters.to,
  });
}

/**
 * 監査ログのCSV (ADMIN, AUDITOR): the rows the list's filters select, in words (names, Japanese action names,
 * the details as 「項目：値」) with the codes and ids alongside for matching; UTF-8 with a BOM for Excel, like the
 * dashboard's CSV. An API route (documented, in the authorization matrix) that the 監査ログ page links to; it
 * lives with the page because it speaks the page's words.
 */
@ApiTags('audit')
@Controller('api')
@Roles('ADMIN', 'AUDITOR')
export class AuditCsvController {
  constructor(
    private readonly audit: AuditService,
    private readonly reader: AuditReader,
  ) {}

  @Get('audit-events.csv')
  @ApiOperation({
    summary: '監査ログを CSV で出力する（一覧と同じ絞り込み、新しい順、Excel 用の BOM 付き UTF-8）',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'UTF-8 with a byte-order mark, CRLF, Japanese header row: 番号, 日時, 操作者 (name), 操作者の役割, 操作 ' +
      '(Japanese action name), 対象の種類, 対象 (name), 対象のID, 内容 (「項目：値」 joined by ／), IPアドレス, ' +
      `操作の記録コード (action code), 操作者のID. At most ${CSV_MAX_ROWS} rows, newest first; ` +
      "formula-like cells prefixed with '",
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 403)
  async csv(@Query() query: AuditCsvQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const events: AuditEventResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.audit.list({ ...query, limit: 100, cursor });
      events.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && events.length < CSV_MAX_ROWS);
    const rows = (await this.reader.readable(events.slice(0, CSV_MAX_ROWS), LABELS)).map(csvRow);
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachment(`監査ログ_${todayInJapan()}.csv`));
    return toExcelCsv(CSV_HEADER, rows);
  }
}

function csvRow(e: ReadableAuditEvent): (string | number | null)[] {
  const roles = LABELS.role ?? {};
  return [
    e.seq,
    e.at === null ? null : japanTime(e.at),
    e.actorId === null ? 'システム又は未サインイン' : (e.actorName ?? '（不明な利用者）'),
    e.actorRole === null ? null : (roles[e.actorRole] ?? e.actorRole),
    e.actionLabel,
    e.entityLabel,
    e.object?.name ?? null,
    e.entityId,
    e.details.map((d) => `${d.key}：${d.value}`).join(' ／ '),
    e.ip,
    e.action,
    e.actorId,
  ];
}

/** An instant as Excel reads a time, in Japan time (UTC+9 all year): 2026-12-05 18:30:00. */
function japanTime(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
