import type { Page, Response } from 'playwright-core';
import {
  corporateNumber,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
  subcontractRequestBody,
} from '../factories';
import { routeInventory } from '../utils/route-inventory';
import { ADMIN, bearer, login } from '../utils/test-app';
import { apiContext, axeViolations, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * Every page of the web UI, found from the controllers (so a new page cannot be left out), opened in Chromium by
 * a user allowed to see it: each answers 200 with `Cache-Control: no-store` (a signed-in page must not come back
 * from the cache after sign-out) and axe-core finds no violation on it.
 */

const YONEZAWA = '乙の米沢開発センター（山形県米沢市）';

/** GET routes outside /api that are not HTML pages, with why. */
const NOT_PAGES: Record<string, string> = {
  'GET /health': 'the health check (JSON)',
  'GET /static/*': 'the style sheet and script',
};

describe('every page (browser)', () => {
  let ctx: BrowserContext;
  let ids: Record<string, string>;
  let contractorUser: { email: string; password: string };

  beforeAll(async () => {
    ctx = await startBrowserTest();
    const api = apiContext(ctx);
    const admin = await login(api, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(api, admin, 'OFFICER');
    const company = await createContractor(api, admin, { corporateNumber: corporateNumber() });
    const contractor = await createUserAndLogin(api, admin, 'CONTRACTOR', company.id);
    contractorUser = contractor;
    const contract = await createApprovedContract(api, officer.token, company.id, {
      workLocations: [YONEZAWA],
    });
    const finding = await reviewedFinding(
      api,
      { admin, officer: officer.token, contractor: contractor.token },
      contract.id,
    );
    const worker = await api
      .http()
      .post(`/api/contracts/${contract.id}/workers`)
      .set(...bearer(contractor.token))
      .send({
        name: '置賜 花子',
        employerContractorId: company.id,
        employmentType: 'EMPLOYEE',
        role: '運用担当',
        workLocation: YONEZAWA,
      });
    expect(worker.status).toBe(201);
    const subcontract = await api
      .http()
      .post(`/api/contracts/${contract.id}/subcontracts`)
      .set(...bearer(contractor.token))
      .send(subcontractRequestBody());
    expect(subcontract.status).toBe(201);
    const order = await issueOrder(api, admin, contract.id, { findingItemIds: [finding.item.id] });
    const incident = await api
      .http()
      .post('/api/incidents')
      .set(...bearer(contractor.token))
      .send({
        contractId: contract.id,
        kind: 'MISDELIVERY',
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: '通知書の電子データを誤った宛先に送信した。',
        informationInvolved: '住民3名分の氏名及び住所',
        personalInfo: { persons: 3, sensitive: true, myNumber: false },
      });
    expect(incident.status).toBe(201);
    // A planned 立入検査: its page shows the checklist form.
    const inspection = await api
      .http()
      .post('/api/inspections')
      .set(...bearer(officer.token))
      .send({
        contractId: contract.id,
        kind: 'ON_SITE',
        plannedOn: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10),
        announced: false,
        inspectors: [{ name: '長井 花子' }],
        place: YONEZAWA,
      });
    expect(inspection.status).toBe(201);
    // An external service applied for: its page shows the administrator's decision form beside the checklist.
    const service = await api
      .http()
      .post('/api/external-services')
      .set(...bearer(officer.token))
      .send({
        name: '電子申請受付サービス',
        providerName: '株式会社置賜クラウド',
        model: 'SAAS',
        contractForm: 'INDIVIDUAL',
        department: '総務課',
        purpose: '住民からの電子申請の受付',
        confidentialityClass: 2,
        personalInfo: true,
        specificPersonalInfo: false,
        dataLocation: '国内',
      });
    expect(service.status).toBe(201);
    const applied = await api
      .http()
      .post(`/api/external-services/${(service.body as { id: string }).id}/apply`)
      .set(...bearer(officer.token))
      .send({ version: 1 });
    expect(applied.status).toBe(200);
    // A contract still being drafted: its edit and clause pages exist only while it is a draft (and its selection
    // page shows the form then).
    const draft = await api
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `D-${Date.now()}`,
        title: '住民情報システム運用支援業務委託',
        contractorId: company.id,
        department: '総務課',
        startDate: '2027-04-01',
        endDate: '2028-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: false,
        assessmentFrequency: 'QUARTERLY',
      });
    expect(draft.status).toBe(201);
    // An ended contract whose 返還・廃棄報告 the contractor has submitted: its page shows the report and the
    // officer's confirm and send-back forms.
    const ended = await createApprovedContract(api, officer.token, company.id);
    await api
      .http()
      .post(`/api/contracts/${ended.id}/end`)
      .set(...bearer(officer.token))
      .send({ version: ended.version, reason: '委託期間の満了による。' })
      .expect(200);
    const owed = await api
      .http()
      .get(`/api/contracts/${ended.id}/close-out`)
      .set(...bearer(contractor.token))
      .expect(200);
    const certificate = await api
      .http()
      .post('/api/evidence')
      .set(...bearer(contractor.token))
      .field('closeOutId', (owed.body as { id: string }).id)
      .attach('file', Buffer.from('消去証明書\n', 'utf8'), {
        filename: 'certificate.txt',
        contentType: 'text/plain',
      })
      .expect(201);
    await api
      .http()
      .post(`/api/contracts/${ended.id}/close-out`)
      .set(...bearer(contractor.token))
      .send({
        version: (owed.body as { version: number }).version,
        sections: [
          {
            subcontractId: null,
            returned: [{ item: '住民記録データ（外付けハードディスク 1台）', returnedOn: '2027-04-02' }],
            erased: [
              {
                object: '作業用に複製した住民記録データ',
                method: '専用ソフトウェアによる上書き消去',
                media: '作業用ノートパソコンの内蔵 SSD',
                erasedOn: '2027-04-03',
                place: YONEZAWA,
                performedBy: '情報システム部 山田 太郎',
                witness: '情報セキュリティ責任者 佐藤 花子',
              },
            ],
            certificateEvidenceIds: [(certificate.body as { id: string }).id],
          },
        ],
      })
      .expect(200);
    // An active SNS account with a post waiting for approval: its page shows the decision form and the actions.
    const sns = await api
      .http()
      .post('/api/sns-accounts')
      .set(...bearer(officer.token))
      .send({
        platform: 'X',
        handle: '@okitama_koiki',
        url: 'https://x.com/okitama_koiki',
        displayName: '置賜広域行政事務組合',
        operatorName: '総務課広報係',
        purpose: '圏域の住民に行事及び防災の情報を届けるため',
        audience: '圏域の住民',
        allowedCategories: ['EVENTS'],
        forbiddenCategories: ['PERSONAL_INFO'],
        managerId: officer.id,
        posterIds: [officer.id],
        twoFactorEnabled: true,
        twoFactorMethod: 'AUTHENTICATOR_APP',
        verified: true,
        websiteListingUrl: 'https://www.okitama.example.lg.jp/sns.html',
      })
      .expect(201);
    const snsId = (sns.body as { id: string }).id;
    await api
      .http()
      .post(`/api/sns-accounts/${snsId}/activate`)
      .set(...bearer(officer.token))
      .send({ version: 1 })
      .expect(200);
    await api
      .http()
      .post(`/api/sns-accounts/${snsId}/posts`)
      .set(...bearer(officer.token))
      .send({ text: '夏の防災訓練を実施します。', informationClass: 1, submit: true })
      .expect(201);
    ids = {
      snsAccount: snsId,
      ended: ended.id,
      draft: (draft.body as { id: string }).id,
      contractor: company.id,
      user: officer.id,
      contract: contract.id,
      assessment: finding.assessmentId,
      order: order.id,
      worker: (worker.body as { id: string }).id,
      subcontract: (subcontract.body as { id: string }).id,
      incident: (incident.body as { id: string }).id,
      inspection: (inspection.body as { id: string }).id,
      externalService: (service.body as { id: string }).id,
    };
  });
  afterAll(async () => ctx.close());

  /** The address of a page route with its parameters filled in, or null when the route is not known here. */
  function urlOf(route: string): string | null {
    const path = route.replace(/^GET /u, '');
    const byPrefix: [RegExp, string][] = [
      [/^\/contracts\/:id\/close-out/u, ids.ended],
      [/^\/contracts\/:id\/(edit|clauses|selection)/u, ids.draft],
      [/^\/contractors\/:id/u, ids.contractor],
      [/^\/users\/:id/u, ids.user],
      [/^\/contracts\/:id/u, ids.contract],
      [/^\/assessments\/:id/u, ids.assessment],
      [/^\/orders\/:id/u, ids.order],
      [/^\/incidents\/:id/u, ids.incident],
      [/^\/inspections\/:id/u, ids.inspection],
      [/^\/external-services\/:id/u, ids.externalService],
      [/^\/sns-accounts\/:id/u, ids.snsAccount],
    ];
    let url = path;
    for (const [pattern, id] of byPrefix) if (pattern.test(url)) url = url.replace(':id', id);
    url = url.replace(':workerId', ids.worker).replace(':subcontractId', ids.subcontract);
    return url.includes(':') || url.includes('*') ? null : url;
  }

  async function visit(
    page: Page,
    url: string,
  ): Promise<{ response: Response | null; violations: string[] }> {
    const response = await page.goto(`${ctx.baseUrl}${url}`);
    const html = (response?.headers()['content-type'] ?? '').startsWith('text/html');
    return { response, violations: html ? await axeViolations(page) : [] };
  }

  it('should answer every page with no-store, and axe-core should find nothing on any of them', async () => {
    const inventory = routeInventory(ctx.app);
    // Pages only a contractor opens (the 事故報告 form): the administrator's 403 there is the rule, not a fault.
    const contractorOnly = new Set(
      inventory
        .filter((r) => r.rule?.kind === 'roles' && !r.rule.roles.includes('ADMIN'))
        .map((r) => r.route),
    );
    const pages = inventory
      .map((r) => r.route)
      .filter((route) => route.startsWith('GET ') && !route.startsWith('GET /api/') && !(route in NOT_PAGES))
      .sort();
    expect(pages.length).toBeGreaterThan(20);
    const unresolved = pages.filter((route) => urlOf(route) === null);
    expect({ unresolved }).toEqual({ unresolved: [] });

    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    const contractor = await signIn(ctx, contractorUser.email, contractorUser.password);
    const results: { route: string; status: number; cacheControl: string; violations: string[] }[] = [];
    for (const route of pages) {
      const url = urlOf(route) as string;
      // The administrator sees every staff page; the contractor's own pages are opened by the contractor too.
      for (const page of [admin, contractor]) {
        const { response, violations } = await visit(page, url);
        const status = response?.status() ?? 0;
        if (page === contractor && (status === 403 || status === 404)) continue;
        if (page === admin && status === 403 && contractorOnly.has(route)) continue;
        results.push({ route, status, cacheControl: response?.headers()['cache-control'] ?? '', violations });
      }
    }
    const wrong = results.filter(
      (r) => r.status !== 200 || r.cacheControl !== 'no-store' || r.violations.length > 0,
    );
    expect(wrong).toEqual([]);
    // Each page was seen by the administrator (the pages of the login flow too), or by the contractor it is for.
    expect(new Set(results.map((r) => r.route))).toEqual(new Set(pages));
  });

  it('should not show a signed-in page again from Back after signing out', async () => {
    const page = await signIn(ctx, contractorUser.email, contractorUser.password);
    await page.goto(`${ctx.baseUrl}/contractors/${ids.contractor}`);
    const before = await page.locator('main').innerText();
    expect(before).toContain('security');
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.waitForURL(/\/login/u);
    await page.goBack();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/\/login/u);
    expect(await page.locator('main').innerText()).not.toContain('security');
  });
});
