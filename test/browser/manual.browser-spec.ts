import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readSources, referencedScreenshots } from '../../src/cli/manual-docs';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import {
  acceptableAnswer,
  contractorInput,
  corporateNumber,
  createApprovedContract,
  japanDatePlus,
  reviewedFinding,
  subcontractRequestBody,
} from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, axeViolations, startBrowserTest, type BrowserContext } from './support';

/**
 * The screenshots of the 操作手順書 (docs/manual): each role signs in and walks its main pages and forms, and every
 * page shown passes axe-core. `npm run docs` runs this with MANUAL_SCREENSHOTS_DIR=docs/manual/images and then
 * writes the manual from docs/manual/src; otherwise (npm run test:browser, CI) the screenshots go to
 * test-artifacts/manual and the tree is left alone. Either way the walk must take exactly the screenshots the
 * manual's sources name.
 */
const OUT = process.env.MANUAL_SCREENSHOTS_DIR
  ? join(process.cwd(), process.env.MANUAL_SCREENSHOTS_DIR)
  : join(process.cwd(), 'test-artifacts', 'manual');
const VIEWPORT = { width: 1280, height: 800 };

describe('the 操作手順書: each role walks its main pages, every page accessible', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  const taken: string[] = [];

  const officer = { email: 'keiyaku@example.lg.jp', password: 'officer password 2026', name: '置賜 花子' };
  const contractorUser = {
    email: 'tanto@okitama-data.example.jp',
    password: 'contractor password 2026',
    name: '長井 次郎',
  };
  const auditor = { email: 'kansa@example.lg.jp', password: 'auditor password 2026', name: '監査 三郎' };
  const tokens = { admin: '', officer: '', contractor: '', auditor: '' };
  let companyId = '';
  let contract1 = '';
  let contract2 = '';
  let reviewed = { assessmentId: '', item: { id: '' } };
  let checklist2 = '';
  let subcontractId = '';
  let issuedOrder = '';
  let plannedOrder = '';

  const post = async <T>(token: string, url: string, body: object): Promise<T> => {
    const res = await api
      .http()
      .post(url)
      .set(...bearer(token))
      .send(body);
    if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const get = async <T>(token: string, url: string): Promise<T> =>
    (
      await api
        .http()
        .get(url)
        .set(...bearer(token))
        .expect(200)
    ).body as T;
  const createUser = async (
    user: { email: string; password: string; name: string },
    role: string,
    contractorId?: string,
  ): Promise<string> => {
    await post(tokens.admin, '/api/users', {
      email: user.email,
      displayName: user.name,
      password: user.password,
      role,
      ...(contractorId ? { contractorId } : {}),
    });
    return login(api, user.email, user.password);
  };
  const issueOrder = (body: object) =>
    post<OrderResponse>(tokens.admin, '/api/improvement-orders', {
      severity: 'HIGH',
      dueDate: japanDatePlus(30),
      ...body,
    });

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    // Only the PNG files this test writes: a screenshot the manual no longer names must not stay behind.
    mkdirSync(OUT, { recursive: true });
    for (const file of readdirSync(OUT)) if (file.endsWith('.png')) rmSync(join(OUT, file));

    // What the pages show: a company with two contracts (one with a reviewed checklist and its finding, one with
    // a checklist to answer), a 再委託 request, a worker, and improvement orders before and after the plan.
    tokens.admin = await login(api, ADMIN.email, ADMIN.password);
    tokens.officer = await createUser(officer, 'OFFICER');
    tokens.auditor = await createUser(auditor, 'AUDITOR');
    companyId = (
      await post<{ id: string }>(
        tokens.officer,
        '/api/contractors',
        contractorInput({
          name: '株式会社置賜データサービス',
          nameKana: 'カブシキガイシャオキタマデータサービス',
          securityOfficer: {
            name: '山﨑 花子',
            email: 'security@okitama-data.example.jp',
            phone: '0238-88-1234',
          },
        }),
      )
    ).id;
    await post(tokens.officer, `/api/contractors/${companyId}/certifications`, {
      type: 'ISMS',
      registrationNumber: 'IS 123456',
      issuer: '一般財団法人日本品質保証機構',
      validFrom: '2025-04-01',
      validUntil: '2028-03-31',
    });
    tokens.contractor = await createUser(contractorUser, 'CONTRACTOR', companyId);
    contract1 = (
      await createApprovedContract(api, tokens.officer, companyId, {
        contractNumber: 'R8-情政-0001',
        title: '住民情報システム運用保守業務委託',
        department: '総務課情報政策係',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        workLocations: ['受託者本社（山形県長井市）'],
        assessmentFrequency: 'SEMIANNUAL',
      })
    ).id;
    reviewed = await reviewedFinding(
      api,
      { admin: tokens.admin, officer: tokens.officer, contractor: tokens.contractor },
      contract1,
    );
    contract2 = (
      await createApprovedContract(
        api,
        tokens.officer,
        companyId,
        {
          contractNumber: 'R8-情政-0002',
          title: '窓口業務支援システム保守業務委託',
          department: '市民課',
          workLocations: ['受託者本社（山形県長井市）'],
          assessmentFrequency: 'ANNUAL',
        },
        { approvedToday: true },
      )
    ).id;
    await post(tokens.admin, '/api/assessments/generate', {});
    checklist2 = (
      await get<{ items: { id: string }[] }>(
        tokens.contractor,
        `/api/assessments?contractId=${contract2}&kind=CHECKLIST`,
      )
    ).items[0].id;
    subcontractId = (
      await post<{ id: string }>(
        tokens.contractor,
        `/api/contracts/${contract1}/subcontracts`,
        subcontractRequestBody(),
      )
    ).id;
    await post(tokens.contractor, `/api/contracts/${contract1}/workers`, {
      name: '長井 次郎',
      employerContractorId: companyId,
      role: '業務責任者',
      workLocation: '受託者本社（山形県長井市）',
      trainingDate: '2026-04-10',
      pledgeDate: '2026-04-01',
    });
    issuedOrder = (
      await issueOrder({
        contractId: contract1,
        findingItemIds: [reviewed.item.id],
        title: '持出し媒体の暗号化の徹底',
        description: '持出しに用いる外部記録媒体をすべて暗号化し、管理台帳を整備すること。',
      })
    ).id;
    const planned = await issueOrder({
      contractId: contract1,
      clauseCode: 'CONFIDENTIALITY',
      facts: '令和8年11月20日の立入検査において、業務資料が施錠されない書棚に保管されていることを確認した。',
      foundOn: '2026-11-20',
      foundHow: '甲の職員による現地確認',
      title: '業務資料の施錠保管',
      description: '業務資料を施錠できる書庫に保管し、鍵の管理者を定めること。',
      severity: 'MEDIUM',
    });
    plannedOrder = planned.id;
    await post(tokens.contractor, `/api/improvement-orders/${plannedOrder}/plan`, {
      version: planned.version,
      rootCause: '書庫の鍵の管理者が定められていなかった。',
      correctiveAction: '業務資料を施錠できる書庫に移し、鍵の管理者を定める。',
      preventiveAction: '毎月末に保管状況を点検し、記録する。',
      plannedCompletionDate: japanDatePlus(20),
    });
  });
  afterAll(async () => ctx?.close());

  /** A browser session of its own, signed in through the form, at the manual's screen size. */
  async function signIn(email: string, password: string, shotOfForm?: string): Promise<Page> {
    const page = await (await ctx.browser.newContext({ locale: 'ja-JP', viewport: VIEWPORT })).newPage();
    await page.goto(`${ctx.baseUrl}/login`);
    await page.locator('[name="email"]').fill(email);
    await page.locator('[name="password"]').fill(password);
    if (shotOfForm) await shoot(page, shotOfForm);
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForURL(`${ctx.baseUrl}/`);
    return page;
  }
  const go = async (page: Page, path: string): Promise<void> => {
    const res = await page.goto(`${ctx.baseUrl}${path}`);
    expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
  };
  /**
   * The page passes axe-core, and its visible part (1280×800) is kept as the screenshot `name`: from the top, or
   * from the element `scrollTo` names (a form's heading), without a focus ring on the field filled last.
   */
  async function shoot(page: Page, name: string, scrollTo?: string): Promise<void> {
    await page.waitForLoadState('load');
    type Element = { scrollIntoView(options: object): void; blur(): void };
    const focused = page.locator('*:focus');
    if ((await focused.count()) > 0)
      await focused.first().evaluate((el) => (el as unknown as Element).blur());
    if (scrollTo) {
      await page
        .locator(scrollTo)
        .first()
        .evaluate((el) => (el as unknown as Element).scrollIntoView({ block: 'start' }));
    } else {
      // A filled form scrolled to its last field: the screenshot shows the page from its top.
      await page.evaluate(() =>
        (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
      );
    }
    expect({ name, violations: await axeViolations(page) }).toEqual({ name, violations: [] });
    await page.screenshot({ path: join(OUT, `${name}.png`), type: 'png' });
    taken.push(name);
  }
  const submitted = async (page: Page, button: string): Promise<void> => {
    await page.locator(button).first().click();
    await page.waitForLoadState('load');
  };

  it('契約担当者: sign in, register a contractor, draft a contract, choose its clauses, decide 再委託, read the roster', async () => {
    const page = await signIn(officer.email, officer.password, 'common-sign-in');
    await shoot(page, 'officer-home');

    await go(page, '/contractors/new');
    await page.locator('[name="corporateNumber"]').fill(corporateNumber());
    await page.locator('[name="name"]').fill('米沢システム開発株式会社');
    await page.locator('[name="nameKana"]').fill('ヨネザワシステムカイハツカブシキガイシャ');
    await page.locator('[name="address"]').fill('山形県米沢市金池五丁目2番25号');
    await page.locator('[name="representativeName"]').fill('代表取締役 髙橋 一郎');
    await page.locator('[name="securityOfficer.name"]').fill('米沢 明子');
    await page.locator('[name="securityOfficer.email"]').fill('security@yonezawa-dev.example.jp');
    await page.locator('[name="securityOfficer.phone"]').fill('0238-22-0000');
    await shoot(page, 'officer-contractor-new');
    await submitted(page, 'main form button[type="submit"]');
    expect(page.url()).toMatch(/\/contractors\/[0-9a-f-]{36}/);
    await go(page, `/contractors/${companyId}`);
    await shoot(page, 'officer-contractor');

    await go(page, '/contracts/new');
    await page.locator('[name="contractNumber"]').fill('R8-情政-0003');
    await page.locator('[name="title"]').fill('庁内ネットワーク運用管理業務委託');
    await page.locator('[name="contractorId"]').selectOption({ label: '株式会社置賜データサービス' });
    await page.locator('[name="department"]').fill('総務課情報政策係');
    await page.locator('[name="startDate"]').fill('2027-04-01');
    await page.locator('[name="endDate"]').fill('2028-03-31');
    await page.locator('[name="confidentialityClass"][value="2"]').check();
    await page.locator('[name="handlesPersonalInfo"][value="true"]').check();
    await page.locator('[name="usesCloud"][value="false"]').check();
    await page.locator('[name="workLocations"]').fill('受託者本社（山形県長井市）');
    await shoot(page, 'officer-contract-new');
    await submitted(page, 'main form button[type="submit"]');
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}/);
    const draft = new URL(page.url()).pathname;
    await shoot(page, 'officer-contract-draft');
    await go(page, `${draft}/clauses`);
    await shoot(page, 'officer-contract-clauses');

    await go(page, `/contracts/${contract1}`);
    await shoot(page, 'officer-contract-approved');
    await go(page, `/contracts/${contract1}/subcontracts/${subcontractId}`);
    await shoot(page, 'officer-subcontract');
    await go(page, `/contracts/${contract1}/workers`);
    await shoot(page, 'officer-workers');
  });

  it('受託者: see what to do, answer a checklist, request 再委託, keep the roster, answer an improvement order', async () => {
    const page = await signIn(contractorUser.email, contractorUser.password);
    await shoot(page, 'contractor-home');
    await go(page, `/assessments/${checklist2}`);
    await shoot(page, 'contractor-assessment');
    const first = page.locator('.answer-form .item').first();
    await first.locator('input[type="radio"]').first().check();
    await first
      .locator('textarea')
      .first()
      .fill('情報セキュリティ基本方針を全従事者に配布し、毎年度説明しています。');
    await shoot(page, 'contractor-assessment-answer', '.answer-form .article');
    await go(page, `/contracts/${contract1}`);
    await shoot(page, 'contractor-subcontract-request', '#request');
    await go(page, `/contracts/${contract1}/workers`);
    await shoot(page, 'contractor-workers');
    await go(page, `/orders/${issuedOrder}`);
    await page.locator('[name="rootCause"]').fill('持出し媒体の暗号化を確認する手順がなかった。');
    await page.locator('[name="correctiveAction"]').fill('全ての USB メモリを暗号化製品に交換する。');
    await page.locator('[name="preventiveAction"]').fill('持出し簿に暗号化の確認欄を設ける。');
    await page.locator('[name="plannedCompletionDate"]').fill(japanDatePlus(21));
    await shoot(page, 'contractor-order-plan', '#plan-form');
    await go(page, '/notifications');
    await shoot(page, 'contractor-notifications');

    // What the administrator reviews next: the second contract's checklist, answered and submitted.
    const detail = await get<{ version: number; items: { id: string; requiresEvidence: boolean }[] }>(
      tokens.contractor,
      `/api/assessments/${checklist2}`,
    );
    const saved = await api
      .http()
      .put(`/api/assessments/${checklist2}/items`)
      .set(...bearer(tokens.contractor))
      .send({ version: detail.version, items: detail.items.map((item) => acceptableAnswer(item)) })
      .expect(200);
    await post(tokens.contractor, `/api/assessments/${checklist2}/submit`, {
      version: (saved.body as { version: number }).version,
    });
  });

  it('情報セキュリティ管理者: users, review a checklist, issue and follow improvement orders, the dashboard, the audit log', async () => {
    const page = await signIn(ADMIN.email, ADMIN.password);
    await shoot(page, 'admin-home');
    await go(page, '/users');
    await shoot(page, 'admin-users');
    await go(page, '/users/new');
    await page.locator('[name="email"]').fill('tanto2@okitama-data.example.jp');
    await page.locator('[name="displayName"]').fill('白鷹 四郎');
    await page.locator('[name="role"]').selectOption('CONTRACTOR');
    await page.locator('[name="contractorId"]').selectOption({ label: '株式会社置賜データサービス' });
    await shoot(page, 'admin-user-new');
    await go(page, `/assessments/${checklist2}`);
    await shoot(page, 'admin-assessment-review', '.review-form .article');
    await go(page, `/orders/new?assessmentId=${reviewed.assessmentId}`);
    await page.locator('[name="title"]').fill('持出し媒体の管理台帳の整備');
    await page
      .locator('[name="description"]')
      .fill('外部記録媒体の管理台帳を整備し、貸出しの都度記録すること。');
    await page.locator('[name="dueDate"]').fill(japanDatePlus(30));
    await shoot(page, 'admin-order-new');
    await go(page, `/orders/${plannedOrder}`);
    await shoot(page, 'admin-order-plan-review', '#decide-form');
    await go(page, '/dashboard');
    await shoot(page, 'admin-dashboard');
    await go(page, '/settings');
    await shoot(page, 'admin-settings');
    // A checkpoint (made each night by the daily job), then 「検証する」, which asks for the page with verify=1.
    await post(tokens.admin, '/api/audit-events/checkpoints', {});
    await go(page, '/audit?verify=1');
    await shoot(page, 'admin-audit');
  });

  it('監査担当者: read contracts, orders and the dashboard, and verify the audit log', async () => {
    const page = await signIn(auditor.email, auditor.password);
    await shoot(page, 'auditor-home');
    await go(page, '/contracts');
    await shoot(page, 'auditor-contracts');
    await go(page, `/contracts/${contract1}`);
    await shoot(page, 'auditor-contract');
    await go(page, `/orders/${plannedOrder}`);
    await shoot(page, 'auditor-order');
    await go(page, '/dashboard');
    await shoot(page, 'auditor-dashboard');
    // 「検証する」 asks for the page with verify=1.
    await go(page, '/audit?verify=1');
    await shoot(page, 'auditor-audit');
  });

  it('should take exactly the screenshots the manual names, each once', () => {
    expect([...taken].sort()).toEqual(referencedScreenshots(readSources()).sort());
    expect(new Set(taken).size).toBe(taken.length);
  });
});
