import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { fillOpenFindingCounts, fillOpenFindings } from '../../src/modules/assessments/open-findings';
import type { Period } from '../../src/modules/assessments/periods';
import {
  ASSESSMENT_COLUMNS,
  type FrozenClause,
  insertChunked,
  sqlTime,
  type SqlValue,
} from '../assessments/seed';

/**
 * The national scale on top of bench/assessments/seed.ts (contractors, users, contracts, clause rows): one
 * assessment per contract and period, ITEMS_PER_ASSESSMENT items each (the first questions of the frozen clauses,
 * written server-side with INSERT … SELECT from a small template table), and improvement orders citing FINDING
 * items, with their findings and timeline events. The rows are written directly, not through the review and order
 * steps, so `open_finding` is filled at the end with the same INSERT … SELECT as its migration.
 */

export const ITEMS_PER_ASSESSMENT = 20;
const PER_STATEMENT = 500;

export interface NationalRows {
  assessments: number;
  items: number;
  findingItems: number;
  orders: number;
  orderFindings: number;
  orderEvents: number;
  openFindings: number;
}

/** Older periods REVIEWED; the latest mostly OPEN, some SUBMITTED / RETURNED / REVIEWED. */
function statusOf(latest: boolean, i: number): 'OPEN' | 'SUBMITTED' | 'RETURNED' | 'REVIEWED' {
  if (!latest) return 'REVIEWED';
  const k = i % 10;
  return k === 0 ? 'RETURNED' : k < 3 ? 'SUBMITTED' : k < 5 ? 'REVIEWED' : 'OPEN';
}

export async function seedNational(
  ds: DataSource,
  contracts: { id: string; contractorId: string }[],
  clauses: FrozenClause[],
  periods: Period[],
  orderCount: number,
): Promise<NationalRows> {
  const mysql = ds.options.type !== 'better-sqlite3';
  const uuid = mysql ? 'UUID()' : 'lower(hex(randomblob(16)))';
  let assessments = 0;
  for (const [p, period] of periods.entries()) {
    const created = new Date(`${period.start}T01:30:00+09:00`).getTime();
    const rows = contracts.map((c, i): SqlValue[] => {
      const status = statusOf(p === periods.length - 1, i);
      const submitted = status === 'OPEN' ? null : sqlTime(new Date(`${period.due}T10:00:00+09:00`));
      const reviewed = status === 'REVIEWED' ? sqlTime(new Date(`${period.due}T15:00:00+09:00`)) : null;
      const at = sqlTime(new Date(created + i));
      return [
        randomUUID(),
        c.id,
        c.contractorId,
        period.start,
        period.end,
        period.due,
        status,
        status === 'RETURNED' ? null : submitted,
        null,
        status === 'RETURNED' ? submitted : reviewed,
        null,
        status === 'RETURNED' ? '証跡（研修記録）を添付してください。' : null,
        status === 'REVIEWED' ? 70 + ((i * 7 + p) % 31) : null,
        status === 'OPEN' ? 1 : 3,
        at,
        at,
      ];
    });
    for (let i = 0; i < rows.length; i += 5_000) {
      const part = rows.slice(i, i + 5_000);
      await ds.transaction((m) => insertChunked(m, 'assessment', ASSESSMENT_COLUMNS, part, PER_STATEMENT));
    }
    assessments += rows.length;
  }

  // Items: the first ITEMS_PER_ASSESSMENT questions, answered once submitted; in a REVIEWED assessment the first
  // (100 − score) / 5 items are FINDING (0–6 per assessment), the others ACCEPTED.
  const template = clauses
    .flatMap((c) => c.questions.map((q) => ({ c, q })))
    .slice(0, ITEMS_PER_ASSESSMENT)
    .map(({ c, q }, k): SqlValue[] => [k + 1, c.code, c.articleNo, c.title, q.code, q.text]);
  await ds.query<unknown>('DROP TABLE IF EXISTS bench_item_template');
  await ds.query<unknown>(
    'CREATE TABLE bench_item_template (position INT, clause_code VARCHAR(60), article_no INT, ' +
      'clause_title VARCHAR(200), question_code VARCHAR(60), question TEXT)',
  );
  await insertChunked(
    ds.manager,
    'bench_item_template',
    ['position', 'clause_code', 'article_no', 'clause_title', 'question_code', 'question'],
    template,
    PER_STATEMENT,
  );
  const finding = 't.position <= (100 - a.score) / 5';
  for (const period of periods) {
    await ds.transaction(async (m) => {
      if (mysql) await m.query<unknown>('SET SESSION foreign_key_checks = 0');
      await m.query<unknown>(
        'INSERT INTO assessment_item (id, assessment_id, position, clause_code, article_no, clause_title, ' +
          'question_code, question, answer, comment, answered_at, answered_by, verdict, review_note, severity) ' +
          `SELECT ${uuid}, a.id, t.position, t.clause_code, t.article_no, t.clause_title, t.question_code, ` +
          `t.question, CASE WHEN a.status = 'OPEN' THEN NULL WHEN a.status = 'REVIEWED' AND ${finding} ` +
          "THEN 'PARTIAL' ELSE 'IMPLEMENTED' END, NULL, a.submitted_at, NULL, " +
          `CASE WHEN a.status <> 'REVIEWED' THEN NULL WHEN ${finding} THEN 'FINDING' ELSE 'ACCEPTED' END, NULL, ` +
          `CASE WHEN a.status = 'REVIEWED' AND ${finding} THEN 'MEDIUM' ELSE NULL END ` +
          'FROM assessment a CROSS JOIN bench_item_template t WHERE a.period_start = ?',
        [period.start],
      );
      if (mysql) await m.query<unknown>('SET SESSION foreign_key_checks = 1');
    });
  }
  await ds.query<unknown>('DROP TABLE bench_item_template');

  // Orders: one per FINDING assessment, citing its first one or two findings.
  const [admin] = await ds.query<{ id: string }[]>("SELECT id FROM `user` WHERE role = 'ADMIN' LIMIT 1");
  const found = await ds.query<
    {
      item_id: string;
      assessment_id: string;
      contract_id: string;
      contractor_id: string;
      clause_code: string;
    }[]
  >(
    'SELECT i.id AS item_id, i.assessment_id, a.contract_id, a.contractor_id, i.clause_code FROM assessment_item i ' +
      "INNER JOIN assessment a ON a.id = i.assessment_id WHERE i.verdict = 'FINDING' AND i.position <= 2 " +
      'ORDER BY i.assessment_id, i.position',
  );
  const orderRows: SqlValue[][] = [];
  const findingRows: SqlValue[][] = [];
  const eventRows: SqlValue[][] = [];
  const base = Date.parse('2023-04-10T00:00:00Z');
  const statuses = [
    'CLOSED',
    'CLOSED',
    'ISSUED',
    'IN_PROGRESS',
    'CLOSED',
    'PLAN_SUBMITTED',
    'WITHDRAWN',
    'IN_PROGRESS',
    'CLOSED',
    'COMPLETION_REPORTED',
  ] as const;
  for (let r = 0; r < found.length && orderRows.length < orderCount; r++) {
    const f = found[r];
    const n = orderRows.length;
    const id = randomUUID();
    const created = new Date(base + n * 9_000_000); // every 2.5 h over ~2.9 years
    const at = (days: number): string => sqlTime(new Date(created.getTime() + days * 86_400_000));
    const status = statuses[n % statuses.length];
    const closed = status === 'CLOSED' || status === 'WITHDRAWN' ? at(45) : null;
    orderRows.push([
      id,
      `R${created.getUTCFullYear() - 2018}-改善-${String(n + 1).padStart(5, '0')}`,
      created.getUTCFullYear(),
      f.contract_id,
      f.contractor_id,
      null,
      `点検指摘に基づく改善指示（${f.clause_code}）`,
      '自己点検の指摘事項について、是正計画を提出のうえ改善してください。',
      n % 5 === 0 ? 'HIGH' : 'MEDIUM',
      at(30).slice(0, 10),
      status,
      admin.id,
      at(0),
      closed,
      null,
      null,
      status === 'ISSUED' ? 1 : 3,
      at(0),
      closed ?? at(1),
    ]);
    const held = (item: string): string | null => (status === 'WITHDRAWN' ? null : item);
    findingRows.push([randomUUID(), id, f.item_id, held(f.item_id)]);
    if (found[r + 1]?.assessment_id === f.assessment_id) {
      r += 1;
      findingRows.push([randomUUID(), id, found[r].item_id, held(found[r].item_id)]);
    }
    const types: string[] = ['ISSUED'];
    if (status === 'WITHDRAWN') types.push('WITHDRAWN');
    else if (status !== 'ISSUED') types.push('PLAN_SUBMITTED');
    if (['IN_PROGRESS', 'COMPLETION_REPORTED', 'CLOSED'].includes(status)) types.push('PLAN_ACCEPTED');
    if (status === 'COMPLETION_REPORTED' || status === 'CLOSED') types.push('COMPLETION_REPORTED');
    if (status === 'CLOSED') types.push('VERIFIED_ACCEPTED');
    types.forEach((type, k) =>
      eventRows.push([
        randomUUID(),
        id,
        type,
        type === 'PLAN_SUBMITTED' || type === 'COMPLETION_REPORTED' ? null : admin.id,
        type === 'PLAN_SUBMITTED' || type === 'COMPLETION_REPORTED' ? 'CONTRACTOR' : 'ADMIN',
        type === 'PLAN_SUBMITTED' ? '是正計画を提出します。' : null,
        type === 'PLAN_SUBMITTED' ? '手順書の周知不足' : null,
        type === 'PLAN_SUBMITTED' ? '手順書を改訂し全員に再教育した。' : null,
        type === 'PLAN_SUBMITTED' ? '年次研修に組み込む。' : null,
        type === 'PLAN_SUBMITTED' ? at(25).slice(0, 10) : null,
        null,
        null,
        at(k * 10),
      ]),
    );
  }
  await ds.transaction(async (m) => {
    await insertChunked(m, 'improvement_order', ORDER_COLUMNS, orderRows, PER_STATEMENT);
    await insertChunked(
      m,
      'improvement_order_finding',
      ['id', 'order_id', 'assessment_item_id', 'held_item_id'],
      findingRows,
      PER_STATEMENT,
    );
    await insertChunked(m, 'improvement_order_event', EVENT_COLUMNS, eventRows, PER_STATEMENT);
  });
  await fillOpenFindings(ds, 'current');
  await fillOpenFindingCounts(ds);
  const [{ n }] = await ds.query<{ n: number | string }[]>(
    "SELECT COUNT(*) AS n FROM assessment_item WHERE verdict = 'FINDING'",
  );
  const [open] = await ds.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM open_finding');
  return {
    assessments,
    items: assessments * template.length,
    findingItems: Number(n),
    orders: orderRows.length,
    orderFindings: findingRows.length,
    orderEvents: eventRows.length,
    openFindings: Number(open.n),
  };
}

const ORDER_COLUMNS = [
  'id',
  'order_number',
  'fiscal_year',
  'contract_id',
  'contractor_id',
  'clause_code',
  'title',
  'description',
  'severity',
  'due_date',
  'status',
  'issued_by',
  'issued_at',
  'closed_at',
  'overdue_at',
  'escalated_at',
  'version',
  'created_at',
  'updated_at',
] as const;

const EVENT_COLUMNS = [
  'id',
  'order_id',
  'type',
  'actor_id',
  'actor_role',
  'body',
  'root_cause',
  'corrective_action',
  'preventive_action',
  'planned_completion_date',
  'effectiveness_note',
  'evidence_ids',
  'created_at',
] as const;
