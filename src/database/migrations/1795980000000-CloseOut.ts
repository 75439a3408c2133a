import { randomUUID } from 'node:crypto';
import { type MigrationInterface, type QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

// The contractor's 返還・廃棄報告 after a contract ends or is terminated (issue 16, item 4). A contract that ended or
// was terminated before this migration owes it too: it gets an OWED report, counted from the day it was ended (its
// last change, in Japan time) with the days its signed clause grants, so it can reach CLOSED the same way as every
// other (the contractor files the report, a paper certificate scanned, and the officer confirms it).
const DAY_MS = 86_400_000;
const JAPAN_OFFSET_MS = 9 * 3_600_000;
const FALLBACK_RETURN_DAYS = 14;

/** A stored UTC timestamp (a Date from mysql2, a string from SQLite) as the date in Japan. */
function japanDateOf(value: unknown): string {
  const utc = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  return new Date(utc.getTime() + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The days of 情報資産の返還及び消去 第1項: the contract's own parameter, else the number its signed text states. */
function returnDaysOf(params: unknown, renderedText: unknown): number {
  let own: unknown;
  try {
    own = typeof params === 'string' ? (JSON.parse(params) as Record<string, unknown>).returnDays : undefined;
  } catch {
    own = undefined;
  }
  if (typeof own === 'number' && Number.isSafeInteger(own) && own > 0) return own;
  const signed = /その日から([0-9]+)日以内/u.exec(
    typeof renderedText === 'string' ? renderedText.normalize('NFKC') : '',
  );
  return signed ? Number(signed[1]) : FALLBACK_RETURN_DAYS;
}

export class CloseOut1795980000000 implements MigrationInterface {
  name = 'CloseOut1795980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contract_close_out',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'contract_id', type: 'varchar', length: '36' },
          { name: 'contractor_id', type: 'varchar', length: '36' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'basis', type: 'varchar', length: '20' },
          { name: 'ended_on', type: 'date' },
          { name: 'return_days', type: 'integer' },
          { name: 'due_date', type: 'date' },
          { name: 'sections', type: 'text', isNullable: true },
          { name: 'submissions', type: 'integer' },
          { name: 'submitted_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'submitted_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'return_reason', type: 'text', isNullable: true },
          { name: 'confirmation_note', type: 'text', isNullable: true },
          { name: 'decided_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'decided_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'updated_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({
            name: 'uq_contract_close_out_contract',
            columnNames: ['contract_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_contract_close_out_status_due', columnNames: ['status', 'due_date'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'fk_contract_close_out_contract',
            columnNames: ['contract_id'],
            referencedTableName: 'contract',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
          new TableForeignKey({
            name: 'fk_contract_close_out_contractor',
            columnNames: ['contractor_id'],
            referencedTableName: 'contractor',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
            onUpdate: 'RESTRICT',
          }),
        ],
      }),
    );
    const ended = (await q.query(
      `SELECT k.id, k.contractor_id, k.status, k.updated_at, c.params, c.rendered_text
         FROM contract k LEFT JOIN contract_clause c ON c.contract_id = k.id AND c.clause_code = 'RETURN_ERASURE'
        WHERE k.status IN ('ENDED', 'TERMINATED')`,
    )) as {
      id: string;
      contractor_id: string;
      status: string;
      updated_at: unknown;
      params: unknown;
      rendered_text: unknown;
    }[];
    const now = new Date().toISOString().replace('T', ' ').slice(0, 23);
    for (const k of ended) {
      const endedOn = japanDateOf(k.updated_at);
      const returnDays = returnDaysOf(k.params, k.rendered_text);
      const dueDate = new Date(Date.parse(`${endedOn}T00:00:00Z`) + returnDays * DAY_MS)
        .toISOString()
        .slice(0, 10);
      await q.query(
        `INSERT INTO contract_close_out (id, contract_id, contractor_id, status, basis, ended_on, return_days, due_date,
           submissions, version, created_at, updated_at)
         VALUES (?, ?, ?, 'OWED', ?, ?, ?, ?, 0, 1, ?, ?)`,
        [randomUUID(), k.id, k.contractor_id, k.status, endedOn, returnDays, dueDate, now, now],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contract_close_out');
  }
}
