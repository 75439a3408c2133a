import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/config/data-source';
import { parseDatabaseUrl } from '../../src/config/env';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';

/**
 * Contracts that ended or were terminated before the close-out existed (issue 16, item 4) owe their 返還・廃棄報告
 * like any other after the upgrade: otherwise nothing could ever make them CLOSED. Each gets an OWED report counted
 * from the day it was ended (its last change, in Japan time) with the days of its own signed clause.
 */
describe('upgrading to the close-out', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const ids = {
    contractor: randomUUID(),
    ended: randomUUID(),
    terminated: randomUUID(),
    active: randomUUID(),
    clause: randomUUID(),
  };
  // 2026-09-30 20:00 UTC is 2026-10-01 in Japan: the day the contract was ended there.
  const endedAt = '2026-09-30 20:00:00.000';
  const created = '2026-04-01 00:00:00.000';

  const open = async (migrations: typeof MIGRATIONS): Promise<DataSource> => {
    const options = buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir));
    const source = new DataSource({ ...options, migrations });
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    return source;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const closeOut = MIGRATIONS.findIndex((m) => m.name === 'CloseOut1795980000000');
    expect(closeOut).toBeGreaterThan(0);
    const before = await open(MIGRATIONS.slice(0, closeOut));
    const q = (sql: string, params: unknown[]) => before.query(sql, params);
    await q(
      `INSERT INTO contractor (id, name, address, representative_name, security_officer_name, security_officer_email,
         security_officer_phone, status, version, created_at, updated_at)
       VALUES (?, '株式会社置賜データ', '山形県長井市', '置賜 太郎', '米沢 次郎', 'sec@example.jp', '0238-00-0000',
         'ACTIVE', 1, ?, ?)`,
      [ids.contractor, created, created],
    );
    for (const [id, status] of [
      [ids.ended, 'ENDED'],
      [ids.terminated, 'TERMINATED'],
      [ids.active, 'ACTIVE'],
    ]) {
      await q(
        `INSERT INTO contract (id, contract_number, title, contractor_id, department, start_date, end_date,
           confidentiality_class, handles_personal_info, uses_cloud, assessment_frequency, status, version,
           created_at, updated_at, approved_at, work_locations)
         VALUES (?, ?, '保守業務委託', ?, '総務課', '2026-04-01', '2026-09-30', 2, 0, 0, 'QUARTERLY', ?, 3, ?, ?, ?, ?)`,
        [id, `OLD-${status}`, ids.contractor, status, created, endedAt, created, JSON.stringify(['本社'])],
      );
    }
    // The ended contract signed 30 days in its text (the parameter was left at its default, so none is stored).
    await q(
      `INSERT INTO contract_clause (id, contract_id, clause_code, params, article_no, title, rendered_text,
         catalogue_version) VALUES (?, ?, 'RETURN_ERASURE', ?, 22, '情報資産の返還及び消去', ?, 'old')`,
      [
        ids.clause,
        ids.ended,
        JSON.stringify({}),
        '乙は、本業務が終了し、又は本契約が解除されたときは、その日から３０日以内に、甲から提供を受けた情報資産を甲に返還しなければならない。',
      ],
    );
    await before.destroy();
    dataSource = await open(MIGRATIONS);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('should open an OWED report for each contract ended or terminated before, and none for an active one', async () => {
    const rows = await dataSource.query<
      {
        contract_id: string;
        contractor_id: string;
        status: string;
        basis: string;
        ended_on: unknown;
        return_days: number | string;
        due_date: unknown;
        submissions: number | string;
      }[]
    >(
      `SELECT contract_id, contractor_id, status, basis, ended_on, return_days, due_date, submissions
         FROM contract_close_out ORDER BY basis`,
    );
    const dateOf = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);
    expect(
      rows.map((r) => ({
        contractId: r.contract_id,
        contractorId: r.contractor_id,
        status: r.status,
        basis: r.basis,
        endedOn: dateOf(r.ended_on),
        returnDays: Number(r.return_days),
        dueDate: dateOf(r.due_date),
        submissions: Number(r.submissions),
      })),
    ).toEqual([
      {
        contractId: ids.ended,
        contractorId: ids.contractor,
        status: 'OWED',
        basis: 'ENDED',
        endedOn: '2026-10-01',
        returnDays: 30,
        dueDate: '2026-10-31',
        submissions: 0,
      },
      {
        contractId: ids.terminated,
        contractorId: ids.contractor,
        status: 'OWED',
        basis: 'TERMINATED',
        endedOn: '2026-10-01',
        returnDays: 14,
        dueDate: '2026-10-15',
        submissions: 0,
      },
    ]);
  });
});
