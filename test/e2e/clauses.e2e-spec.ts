import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

interface Question {
  code: string;
  text: string;
  basis: number | null;
  advisory: boolean;
  requires: string[];
  crossCheck?: string;
}

interface Clause {
  code: string;
  title: string;
  paragraphs: string[];
  micItems: number[];
  mandatory: boolean;
  appliesWhen: Record<string, unknown>;
  questions: Question[];
  reportItems: Question[];
}

describe('GET /api/clauses', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(async () => ctx.close());

  it('should list the catalogue with its version and every MIC contract item covered', async () => {
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const res = await ctx
      .http()
      .get('/api/clauses')
      .set(...bearer(admin));
    expect(res.status).toBe(200);
    const body = res.body as { version: string; items: Clause[] };
    expect(body.version).toMatch(/^[0-9a-f]{64}$/);
    const covered = new Set(body.items.flatMap((c) => c.micItems));
    expect([...covered].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const confidentiality = body.items.find((c) => c.code === 'CONFIDENTIALITY');
    expect(confidentiality).toMatchObject({ title: '秘密の保持', mandatory: true, micItems: [7] });
    expect(confidentiality?.questions[0]).toMatchObject({
      code: 'CONFIDENTIALITY-01',
      basis: 2,
      advisory: false,
      requires: ['comment'],
    });
    expect(body.items).toHaveLength(35);
    // A clause that imposes no duty on 乙 has nothing to check (甲's rights on a breach, how the annex relates to
    // the 契約書 and 仕様書, settling by 協議); every other one asks.
    expect(body.items.filter((c) => c.questions.length === 0).map((c) => c.code)).toEqual([
      'BREACH_TERMINATION',
      'ANNEX_RELATION',
      'CONSULTATION',
    ]);
    // The general provisions close every 特記事項, 協議 last.
    expect(body.items.slice(-3).map((c) => [c.code, c.mandatory, c.appliesWhen])).toEqual([
      ['ANNEX_RELATION', true, { always: true }],
      ['ELECTRONIC_PROCEDURE', true, { always: true }],
      ['CONSULTATION', true, { always: true }],
    ]);
    // Items (号) travel inside their paragraph, numbered (1), (2), … after U+2028.
    const plan = body.items.find((c) => c.code === 'IMPROVEMENT_ORDER')?.paragraphs[1] ?? '';
    expect(plan.split('\u2028')).toEqual([
      expect.stringMatching(/次に掲げる事項を記載した改善計画書を甲に提出し/),
      '(1)不適合の原因',
      '(2)是正措置',
      '(3)再発防止策',
      '(4)完了予定日',
    ]);
    // Every question cites an existing paragraph of its clause, or is advisory and cites none.
    for (const clause of body.items) {
      for (const q of [...clause.questions, ...clause.reportItems]) {
        expect(q.code.startsWith(`${clause.code}-`)).toBe(true);
        if (q.advisory) expect(q.basis).toBeNull();
        else expect(q.basis).toEqual(expect.any(Number));
        if (q.basis !== null) {
          expect(q.basis).toBeGreaterThanOrEqual(1);
          expect(q.basis).toBeLessThanOrEqual(clause.paragraphs.length);
        }
      }
    }
    // The 定期報告 form lives on one clause, answered YES or NO item by item.
    expect(body.items.filter((c) => c.reportItems.length > 0).map((c) => c.code)).toEqual([
      'PERIODIC_REPORT',
    ]);
    const report = body.items.find((c) => c.code === 'PERIODIC_REPORT');
    expect(report?.reportItems.map((q) => q.code)).toEqual([
      'PERIODIC_REPORT-R01',
      'PERIODIC_REPORT-R02',
      'PERIODIC_REPORT-R03',
      'PERIODIC_REPORT-R04',
      'PERIODIC_REPORT-R05',
      'PERIODIC_REPORT-R06',
    ]);
    expect(report?.reportItems[0]).toMatchObject({ basis: 1, crossCheck: 'roster-changes' });
  });

  it('should be readable by a contractor user too, and not without signing in', async () => {
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const company = await createContractor(ctx, admin);
    const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    expect(
      (
        await ctx
          .http()
          .get('/api/clauses')
          .set(...bearer(contractor.token))
      ).status,
    ).toBe(200);
    expect((await ctx.http().get('/api/clauses')).status).toBe(401);
  });
});

describe('a broken clause catalogue', () => {
  it('should stop the app at start-up with a message naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itaku-clauses-'));
    cpSync(join(process.cwd(), 'templates/clauses'), dir, { recursive: true });
    const file = join(dir, '17-incident-report.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('    default: 2\n', '    default: 99\n'));
    await expect(startTestApp({ CLAUSES_DIR: dir })).rejects.toThrow(/17-incident-report\.yaml: params\[0\]/);
  });
});
