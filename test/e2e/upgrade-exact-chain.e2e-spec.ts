import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/config/data-source';
import { parseDatabaseUrl } from '../../src/config/env';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';

/**
 * Existing data survives the exact-chain migration (issue 11, item 7): rows written under the schema before it —
 * an approved contract with its frozen text and questions, an assessment with answers, a finding and a score, and a
 * draft whose 定期報告 clause still has the old interval parameter — are carried over as they were.
 */
describe('upgrading to the exact chain', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const ids = {
    contractor: randomUUID(),
    active: randomUUID(),
    draft: randomUUID(),
    clause: randomUUID(),
    draftClause: randomUUID(),
    assessment: randomUUID(),
    finding: randomUUID(),
    accepted: randomUUID(),
  };
  const signedText =
    '乙は、6か月ごとに、この特記事項の遵守状況を、甲が定める様式により甲に報告しなければならない。';
  const at = '2026-04-01 00:00:00.000';

  const open = async (migrations: typeof MIGRATIONS): Promise<DataSource> => {
    const options = buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir));
    const source = new DataSource({ ...options, migrations });
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    return source;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const exactChain = MIGRATIONS.findIndex((m) => m.name === 'ExactChain1795860000000');
    expect(exactChain).toBeGreaterThan(0);
    const before = await open(MIGRATIONS.slice(0, exactChain));
    const q = (sql: string, params: unknown[]) => before.query(sql, params);
    await q(
      `INSERT INTO contractor (id, name, address, representative_name, security_officer_name, security_officer_email,
         security_officer_phone, status, version, created_at, updated_at)
       VALUES (?, '株式会社置賜データ', '山形県長井市', '置賜 太郎', '米沢 次郎', 'sec@example.jp', '0238-00-0000',
         'ACTIVE', 1, ?, ?)`,
      [ids.contractor, at, at],
    );
    for (const [id, status] of [
      [ids.active, 'ACTIVE'],
      [ids.draft, 'DRAFT'],
    ]) {
      await q(
        `INSERT INTO contract (id, contract_number, title, contractor_id, department, start_date, end_date,
           confidentiality_class, handles_personal_info, uses_cloud, assessment_frequency, status, version,
           created_at, updated_at, approved_at)
         VALUES (?, ?, '保守業務委託', ?, '総務課', '2026-04-01', '2027-03-31', 2, 0, 0, 'QUARTERLY', ?, 1, ?, ?, ?)`,
        [id, `OLD-${status}`, ids.contractor, status, at, at, status === 'ACTIVE' ? at : null],
      );
    }
    await q(
      `INSERT INTO contract_clause (id, contract_id, clause_code, params, article_no, title, rendered_text,
         catalogue_version, questions) VALUES (?, ?, 'PERIODIC_REPORT', ?, 18, '定期報告', ?, 'old', ?)`,
      [
        ids.clause,
        ids.active,
        JSON.stringify({ reportIntervalMonths: 6 }),
        signedText,
        JSON.stringify([{ code: 'PERIODIC_REPORT-01', text: '定期報告の期限を管理していますか。' }]),
      ],
    );
    await q(
      `INSERT INTO contract_clause (id, contract_id, clause_code, params) VALUES (?, ?, 'PERIODIC_REPORT', ?)`,
      [ids.draftClause, ids.draft, JSON.stringify({ reportIntervalMonths: 6 })],
    );
    await q(
      `INSERT INTO assessment (id, contract_id, contractor_id, period_start, period_end, due_date, status,
         reviewed_at, score, version, created_at, updated_at)
       VALUES (?, ?, ?, '2026-04-01', '2026-06-30', '2026-07-14', 'REVIEWED', ?, 50, 3, ?, ?)`,
      [ids.assessment, ids.active, ids.contractor, at, at, at],
    );
    for (const [id, position, answer, verdict, severity] of [
      [ids.finding, 1, 'NOT_IMPLEMENTED', 'FINDING', 'HIGH'],
      [ids.accepted, 2, 'IMPLEMENTED', 'ACCEPTED', null],
    ] as const) {
      await q(
        `INSERT INTO assessment_item (id, assessment_id, position, clause_code, article_no, clause_title,
           question_code, question, answer, comment, verdict, review_note, severity)
         VALUES (?, ?, ?, 'PERIODIC_REPORT', 18, '定期報告', ?, '定期報告の期限を管理していますか。', ?, '説明', ?, '所見', ?)`,
        [id, ids.assessment, position, `PERIODIC_REPORT-0${position}`, answer, verdict, severity],
      );
    }
    await before.destroy();
    dataSource = await open(MIGRATIONS);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('should keep the existing assessment as a checklist, with its answers, finding and score', async () => {
    const [assessment] = await dataSource.query<
      { kind: string; status: string; score: number | string; grade: string | null }[]
    >('SELECT kind, status, score, grade FROM assessment WHERE id = ?', [ids.assessment]);
    expect({ ...assessment, score: Number(assessment.score) }).toEqual({
      kind: 'CHECKLIST',
      status: 'REVIEWED',
      score: 50,
      grade: null,
    });
    const items = await dataSource.query<
      {
        id: string;
        answer: string;
        verdict: string;
        severity: string | null;
        basis: number | null;
        advisory: unknown;
      }[]
    >(
      'SELECT id, answer, verdict, severity, basis, advisory FROM assessment_item WHERE assessment_id = ? ORDER BY position',
      [ids.assessment],
    );
    expect(items.map((i) => [i.id, i.answer, i.verdict, i.severity, i.basis, Number(i.advisory)])).toEqual([
      [ids.finding, 'NOT_IMPLEMENTED', 'FINDING', 'HIGH', null, 0],
      [ids.accepted, 'IMPLEMENTED', 'ACCEPTED', null, null, 0],
    ]);
  });

  it('should never rewrite a signed clause, and drop the old interval parameter from drafts only', async () => {
    const rows = await dataSource.query<{ id: string; params: string; rendered_text: string | null }[]>(
      'SELECT id, params, rendered_text FROM contract_clause ORDER BY contract_id',
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.clause)?.rendered_text).toBe(signedText);
    expect(JSON.parse(byId.get(ids.clause)?.params ?? '')).toEqual({ reportIntervalMonths: 6 });
    expect(JSON.parse(byId.get(ids.draftClause)?.params ?? '')).toEqual({});
  });

  it('should take a REPORT beside the old checklist for the same period, but never a second checklist', async () => {
    const insert = (kind: string) =>
      dataSource.query(
        `INSERT INTO assessment (id, contract_id, contractor_id, kind, period_start, period_end, due_date, status,
           version, created_at, updated_at) VALUES (?, ?, ?, ?, '2026-04-01', '2026-06-30', '2026-07-14', 'OPEN', 1, ?, ?)`,
        [randomUUID(), ids.active, ids.contractor, kind, at, at],
      );
    await insert('REPORT');
    await expect(insert('CHECKLIST')).rejects.toThrow();
  });
});
