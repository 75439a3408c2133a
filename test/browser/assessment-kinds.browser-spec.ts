import type { Page } from 'playwright-core';
import { todayInJapan } from '../../src/common/clock';
import { acceptableAnswer, createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

interface ItemBody {
  id: string;
  advisory: boolean;
  requiresEvidence: boolean;
  crossCheck: string | null;
}

interface AssessmentBody {
  id: string;
  version: number;
  periodStart: string;
  periodEnd: string;
  items: ItemBody[];
}

/**
 * The pages of the two kinds of self-assessment (自己点検票 and 定期報告) and the contract page's MIC table and
 * on-demand checklist, in a real browser, each state checked with axe-core: the lists, the answer forms with
 * their errors, the reviewer's view with the roster check and the summary of はい, the graded result, and the
 * contract page with an uncovered MIC item and a refused approval.
 */
describe('自己点検票・定期報告 and the contract page in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let adminToken: string;
  let officer: { email: string; password: string; token: string };
  let contractor: { email: string; password: string; token: string };
  let companyId: string;
  let contractId: string;
  let checklist: AssessmentBody;
  let report: AssessmentBody;

  async function get(path: string, token: string): Promise<unknown> {
    const res = await api
      .http()
      .get(path)
      .set(...bearer(token));
    expect(res.status).toBe(200);
    return res.body;
  }

  async function saveAndSubmit(a: AssessmentBody, answers: object[]): Promise<void> {
    const saved = await api
      .http()
      .put(`/api/assessments/${a.id}/items`)
      .set(...bearer(contractor.token))
      .send({ version: a.version, items: answers });
    expect(saved.status).toBe(200);
    const submitted = await api
      .http()
      .post(`/api/assessments/${a.id}/submit`)
      .set(...bearer(contractor.token))
      .send({ version: (saved.body as { version: number }).version });
    expect(submitted.status).toBe(200);
  }

  const go = async (page: Page, path: string): Promise<void> => {
    await page.goto(`${ctx.baseUrl}${path}`);
  };

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    adminToken = await login(api, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    const company = await createContractor(api, adminToken, { name: '株式会社置賜アクセシブル' });
    companyId = company.id;
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    contractId = (await createApprovedContract(api, officer.token, company.id)).id;
    for (const body of [{ asOf: '2026-04-01' }, {}]) {
      await api
        .http()
        .post('/api/assessments/generate')
        .set(...bearer(adminToken))
        .send(body)
        .expect(200);
    }
    const list = async (kind: string) =>
      (
        (await get(`/api/assessments?contractId=${contractId}&kind=${kind}`, contractor.token)) as {
          items: AssessmentBody[];
        }
      ).items;
    const checklistId = (await list('CHECKLIST'))[0].id;
    const today = todayInJapan();
    const reportId = (await list('REPORT')).find((r) => r.periodStart <= today && today <= r.periodEnd)?.id;
    checklist = (await get(`/api/assessments/${checklistId}`, contractor.token)) as AssessmentBody;
    report = (await get(`/api/assessments/${reportId}`, contractor.token)) as AssessmentBody;
    // A worker without a training date, added in the current report's period: both roster checks apply.
    await api
      .http()
      .post(`/api/contracts/${contractId}/workers`)
      .set(...bearer(contractor.token))
      .send({
        name: '佐藤 未受講',
        employerContractorId: company.id,
        role: '運用担当',
        workLocation: '受託者本社（山形県長井市）',
      })
      .expect(201);
  });
  afterAll(async () => ctx.close());

  it('should let the contractor use the list, the checklist and the report forms, errors included', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await expectAccessible(page, 'home-contractor-kinds');
    await go(page, '/assessments');
    await expectAccessible(page, 'assessments-contractor');
    await page.getByLabel('種別').selectOption('REPORT');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('tbody td:nth-child(2)').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['定期報告']),
    );
    expect(await page.locator('tbody td:nth-child(2)', { hasText: '自己点検票' }).count()).toBe(0);

    await go(page, `/assessments/${checklist.id}`);
    await expectAccessible(page, 'checklist-answering');
    // An answer other than 実施している without its explanation: the error beside the item, and the summary.
    const first = page.locator('form[action*="/answers?"] .item').first();
    await first.getByLabel('一部実施', { exact: true }).check();
    await first.locator('textarea').fill('');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('状況の説明');
    await expect(page.locator('#problems-heading').textContent()).resolves.toBe('確認が必要な設問');
    await expectAccessible(page, 'checklist-answer-error');

    // Submitting answers that need evidence without it: the items are listed and linked.
    const answers = checklist.items.map((i) =>
      i.requiresEvidence
        ? { itemId: i.id, answer: 'IMPLEMENTED', comment: '記録を保管しています。' }
        : acceptableAnswer(i),
    );
    const saved = await api
      .http()
      .put(`/api/assessments/${checklist.id}/items`)
      .set(...bearer(contractor.token))
      .send({ version: checklist.version, items: answers });
    expect(saved.status).toBe(200);
    await go(page, `/assessments/${checklist.id}`);
    await page.getByRole('button', { name: '提出する' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('根拠資料');
    await expect(page.locator('.problems a').count()).resolves.toBe(
      checklist.items.filter((i) => i.requiresEvidence).length,
    );
    await expectAccessible(page, 'checklist-evidence-required');

    await go(page, `/assessments/${report.id}`);
    await expectAccessible(page, 'report-answering');
    const item = page.locator('form[action*="/answers?"] .item').first();
    await item.getByLabel('はい', { exact: true }).check();
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.field .error').first().textContent()).resolves.toBe(
      '「はい」と回答した項目には、詳細を記入してください。',
    );
    await expectAccessible(page, 'report-answer-error');
  });

  it("should show the officer the report's はい at a glance and the roster checks beside their items", async () => {
    // The checklist goes in with every answer the API takes; the report with its first item はい.
    checklist = (await get(`/api/assessments/${checklist.id}`, contractor.token)) as AssessmentBody;
    await saveAndSubmit(
      checklist,
      checklist.items.map((i) => acceptableAnswer(i)),
    );
    report = (await get(`/api/assessments/${report.id}`, contractor.token)) as AssessmentBody;
    await saveAndSubmit(
      report,
      report.items.map((i, n) =>
        n === 0 && i.crossCheck !== 'roster-changes'
          ? { itemId: i.id, answer: 'YES', comment: '10月15日に従事者1名が離任し、後任を配置しました。' }
          : { itemId: i.id, answer: 'NO' },
      ),
    );
    const page = await signIn(ctx, officer.email, officer.password);
    await go(page, '/assessments');
    await expectAccessible(page, 'assessments-officer');
    await go(page, `/assessments/${report.id}`);
    await expect(page.locator('#report-yes').textContent()).resolves.toContain('「はい」と回答された項目');
    await expect(page.locator('.item .notice').first().textContent()).resolves.toContain('佐藤 未受講');
    await expectAccessible(page, 'report-review');
    await go(page, `/assessments/${checklist.id}`);
    await expect(page.locator('#cross-checks').textContent()).resolves.toContain('従事者名簿');
    await expectAccessible(page, 'checklist-review');
    // Leaving the review incomplete: the missing verdicts beside their items.
    await page.getByRole('button', { name: '確認を完了する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#problems-heading').textContent()).resolves.toBe('確認が必要な設問');
    await expectAccessible(page, 'checklist-review-error');
  });

  it('should show the graded checklist and the order form without the 推奨事項', async () => {
    checklist = (await get(`/api/assessments/${checklist.id}`, adminToken)) as AssessmentBody;
    const advisory = checklist.items.find((i) => i.advisory);
    const required = checklist.items.find((i) => !i.advisory) as ItemBody;
    const verdicts = checklist.items.map((i) =>
      i === required || i === advisory
        ? {
            itemId: i.id,
            verdict: 'FINDING',
            note: '是正を求めます。',
            severity: i === required ? 'MEDIUM' : 'LOW',
          }
        : { itemId: i.id, verdict: 'ACCEPTED' },
    );
    const reviewed = await api
      .http()
      .post(`/api/assessments/${checklist.id}/review`)
      .set(...bearer(officer.token))
      .send({ version: checklist.version, items: verdicts, complete: true });
    expect(reviewed.status).toBe(200);
    const page = await signIn(ctx, contractor.email, contractor.password);
    await go(page, `/assessments/${checklist.id}`);
    await expect(page.locator('.grade').textContent()).resolves.toMatch(/^[A-D]$/);
    await expectAccessible(page, 'checklist-reviewed');
    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await expectAccessible(admin, 'home-staff-kinds');
    await go(admin, `/orders/new?assessmentId=${checklist.id}`);
    await expect(admin.locator('input[name="findingItemIds"]').count()).resolves.toBe(1);
    await expectAccessible(admin, 'order-new-from-checklist');
  });

  it('should show the MIC table, refuse an approval naming the uncovered item, and ask for a checklist on demand', async () => {
    const draft = await api
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: 'R8-MIC-0001',
        title: '証明書発行システム保守業務委託',
        contractorId: companyId,
        department: '市民課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      })
      .expect(201);
    const body = (await get(`/api/contracts/${(draft.body as { id: string }).id}`, officer.token)) as {
      id: string;
      version: number;
      clauses: { code: string }[];
      micCoverage: { item: number; clauses: string[] }[];
    };
    const catalogue = (
      (await get('/api/clauses', officer.token)) as { items: { code: string; mandatory: boolean }[] }
    ).items;
    const optional = new Set(catalogue.filter((c) => !c.mandatory).map((c) => c.code));
    const alone = body.micCoverage.find((m) => m.clauses.every((code) => optional.has(code)));
    expect(alone).toBeDefined();
    await api
      .http()
      .put(`/api/contracts/${body.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: body.version,
        clauses: body.clauses.filter((c) => !alone?.clauses.includes(c.code)).map((c) => ({ code: c.code })),
      })
      .expect(200);

    const page = await signIn(ctx, officer.email, officer.password);
    await go(page, `/contracts/${body.id}`);
    await expect(page.locator('tr.uncovered').textContent()).resolves.toContain('未対応');
    await expectAccessible(page, 'contract-draft-mic');
    await page.getByRole('button', { name: 'この契約を承認する' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(`${alone?.item}　`);
    await expectAccessible(page, 'contract-approval-refused');

    await go(page, `/contracts/${contractId}`);
    await expectAccessible(page, 'contract-active');
    await page.getByLabel('提出期限').fill('2026-01-05');
    await page.getByRole('button', { name: '自己点検票の提出を求める' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#checklist-dueDate-error').textContent()).resolves.toBe(
      '提出期限には本日以降の日付を指定してください。',
    );
    await expectAccessible(page, 'contract-request-error');
    await page.getByLabel('提出期限').fill('');
    await page.getByRole('button', { name: '自己点検票の提出を求める' }).click();
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}\?flash=requested/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('自己点検票の提出を求めました。');
    await expectAccessible(page, 'checklist-requested');
  });
});
