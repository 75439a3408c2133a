import { createContractor, createUserAndLogin, japanDatePlus } from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * 外部サービス in a real browser, each page checked with axe-core: an officer registers a 機密性2 SaaS and applies;
 * the administrator sees the rules' verdicts beside the application (ISMAP missing), is refused, records the ISMAP
 * registration the officer found, and approves with conditions after the confirmation step.
 */
describe('外部サービス in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string; token: string };
  let contractId: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    const company = await createContractor(api, adminToken, { name: '株式会社長井データ' });
    const draft = await api
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `ES-${Date.now()}`,
        title: '電子申請システム運用業務委託',
        contractorId: company.id,
        department: '総務課',
        startDate: '2027-04-01',
        endDate: '2028-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: true,
      });
    expect(draft.status).toBe(201);
    contractId = (draft.body as { id: string }).id;
  });
  afterAll(async () => ctx.close());

  it('should walk one application from the officer’s registration to the administrator’s approval', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/`);
    await page.getByRole('link', { name: '外部サービス' }).click();
    await page.waitForURL(/\/external-services$/u);
    await expectAccessible(page, 'external-services-empty');
    await page.getByRole('link', { name: '外部サービスを登録する' }).click();
    await page.waitForURL(/\/external-services\/new$/u);
    await expectAccessible(page, 'external-service-form');

    await page.getByLabel('サービスの名称').fill('電子申請受付サービス');
    await page.getByLabel('提供者の名称').fill('株式会社置賜クラウド');
    await page.getByLabel('SaaS').check();
    await page.getByLabel('所管課').fill('総務課情報政策係');
    await page.getByLabel('利用の目的').fill('住民からの電子申請の受付');
    await page.getByLabel('機密性2').check();
    await page.getByLabel('個人情報を取り扱う', { exact: true }).check();
    await page.getByLabel('データの保管場所').fill('国内（東京及び大阪のデータセンター）');
    // A 法人番号 whose check digit is wrong: refused beside the field, what was typed kept.
    await page.getByLabel('提供者の法人番号').fill('1234567890123');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#f-providerCorporateNumber-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('サービスの名称').inputValue()).resolves.toBe('電子申請受付サービス');
    await expectAccessible(page, 'external-service-form-refused');
    await page.getByLabel('提供者の法人番号').fill('');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL(/flash=external-service-registered$/u);
    const serviceUrl = page.url().replace(/\?.*$/u, '');
    expect(await page.locator('main').innerText()).toContain(
      '「電子申請受付サービス」を外部サービスとして登録しました。',
    );
    await expectAccessible(page, 'external-service-draft');
    await page.getByRole('button', { name: '利用を申請する' }).click();
    await page.waitForURL(/flash=external-service-applied$/u);
    expect(await page.locator('main').innerText()).toContain('申請中（判断待ち）');

    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await admin.goto(serviceUrl);
    const before = await admin.locator('main').innerText();
    expect(before).toContain('本日有効なISMAP又はISMAP-LIUの登録又は代替の評価があること');
    expect(before).toMatch(/代替の評価があること\s+不適合/u);
    await expectAccessible(admin, 'external-service-decision');
    await admin.getByLabel('利用の条件').fill('取り扱う情報は申請の受付に必要な範囲に限ること。');
    await admin.getByRole('button', { name: '判断を記録する' }).click();
    await admin.waitForLoadState('load');
    await expectAccessible(admin, 'external-service-approve-confirmation');
    await admin.getByRole('button', { name: '実行する' }).click();
    await admin.waitForLoadState('load');
    // Refused with the rule's message; nothing changed.
    expect(await admin.locator('main').innerText()).toContain('本日有効なISMAP又はISMAP-LIUの登録');
    await expectAccessible(admin, 'external-service-decision-refused');

    // The officer records the registration from the ISMAP list (typed by hand).
    await page.goto(`${serviceUrl}/edit`);
    await expectAccessible(page, 'external-service-edit');
    await page.getByLabel('ISMAP', { exact: true }).check();
    await page.getByLabel('登録番号').fill('C23-0123-2');
    await page.getByLabel('登録の有効期限').fill(japanDatePlus(200));
    await page.getByLabel('登録を確認した日').fill(japanDatePlus(0));
    await page.getByLabel('確認した掲載元（URL）').fill('https://www.ismap.go.jp/csm');
    await page.getByRole('button', { name: '変更を保存する' }).click();
    await page.waitForURL(/flash=external-service-saved$/u);

    await admin.goto(serviceUrl);
    expect(await admin.locator('main').innerText()).toMatch(/代替の評価があること\s+適合/u);
    await admin.getByLabel('利用の条件').fill('取り扱う情報は申請の受付に必要な範囲に限ること。');
    await admin.getByRole('button', { name: '判断を記録する' }).click();
    await admin.waitForLoadState('load');
    expect(await admin.locator('main').innerText()).toContain(
      '「電子申請受付サービス」の利用を、条件を付して承認します。',
    );
    await admin.getByRole('button', { name: '実行する' }).click();
    await admin.waitForURL(/flash=external-service-approved$/u);
    const approved = await admin.locator('main').innerText();
    expect(approved).toContain('「電子申請受付サービス」の利用を承認しました。');
    expect(approved).toContain('利用承認済み');
    expect(approved).toContain('取り扱う情報は申請の受付に必要な範囲に限ること。');
    await expectAccessible(admin, 'external-service-approved');

    const auditorUser = await createUserAndLogin(
      api,
      await login(api, ADMIN.email, ADMIN.password),
      'AUDITOR',
    );
    const auditor = await signIn(ctx, auditorUser.email, auditorUser.password);
    await auditor.goto(`${ctx.baseUrl}/external-services?confidentialityClass=2&status=APPROVED`);
    expect(await auditor.locator('main').innerText()).toContain('電子申請受付サービス');
    await expectAccessible(auditor, 'external-services-auditor');

    // The officer names the approved service on a cloud contract still being drafted.
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await page.getByRole('link', { name: '利用する外部サービス' }).click();
    await page.waitForURL(/\/external-services$/u);
    await expectAccessible(page, 'contract-services-form');
    await page.getByLabel(/電子申請受付サービス/u).check();
    await page.getByRole('button', { name: '指定を保存する' }).click();
    await page.waitForURL(/flash=contract-services-saved$/u);
    const named = await page.locator('main').innerText();
    expect(named).toContain('利用する外部サービスの指定を保存しました。');
    expect(named).toMatch(/電子申請受付サービス\s+株式会社置賜クラウド\s+機密性2\s+利用承認済み/u);
    await expectAccessible(page, 'contract-services-saved');
  });
});
