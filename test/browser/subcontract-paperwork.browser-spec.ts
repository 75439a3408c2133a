import { createApprovedContract, createContractor, createUserAndLogin, japanDatePlus } from '../factories';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * The 再委託 pages in a real browser, each state checked with axe-core: the contractor's request form (refused,
 * then sent), the request page as the officer sees it before registration, after it, and once decided with the
 * notice's link, and as the contractor sees it.
 */
describe('再委託 paperwork in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string };
  let contractor: { email: string; password: string };
  let contractId: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const staff = await createUserAndLogin(api, adminToken, 'OFFICER');
    officer = staff;
    const company = await createContractor(api, adminToken, { name: '株式会社置賜再委託' });
    await createContractor(api, adminToken, { name: '登録済み印刷株式会社' });
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    contractId = (await createApprovedContract(api, staff.token, company.id)).id;
  });
  afterAll(async () => ctx.close());

  it('should let the contractor fill in the request, see what is missing, and send it; the officer register and approve it', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await expectAccessible(page, 'subcontract-request-form');
    await expect(page.getByText('登録済み印刷株式会社').count()).resolves.toBe(0);

    await page.getByLabel('名称').fill('米沢データ印刷株式会社');
    await page.getByLabel('所在地').fill('山形県米沢市金池三丁目1番1号');
    await page.getByLabel('代表者の職名及び氏名').fill('代表取締役 米沢 一郎');
    await page.getByLabel('情報セキュリティ責任者の氏名').fill('保安 花子');
    await page
      .getByLabel('情報セキュリティ責任者のメールアドレス')
      .fill('security@yonezawa-print.example.jp');
    await page.getByLabel('情報セキュリティ責任者の電話番号').fill('0238-11-1111');
    await page.getByLabel('再委託する業務の範囲').fill('帳票の印刷及び封入封緘');
    await page.getByLabel('再委託の必要性').fill('繁忙期の印刷量が自社設備の能力を超えるため。');
    await page.getByLabel('再委託先に取り扱わせる情報').fill('住民の氏名及び住所');
    await page
      .getByLabel('再委託先における情報セキュリティ対策')
      .fill('入退室を管理した印刷室でのみ作業する。');
    await page.getByLabel('再委託先の従事者').fill('山﨑 花子／封入封緘作業');
    // Too soon: refused beside the date with the earliest day allowed.
    await page.getByLabel('再委託の開始予定日').fill(japanDatePlus(3));
    await page.getByRole('button', { name: '申請する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#f-plannedStartDate-error').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'subcontract-request-refused');

    await page.getByLabel('再委託の開始予定日').fill(japanDatePlus(30));
    await page.getByRole('button', { name: '申請する' }).click();
    await page.waitForURL(/\/subcontracts\/[0-9a-f-]+\?flash=subcontract-requested$/u);
    await expectAccessible(page, 'subcontract-requested-contractor');
    const requestUrl = page.url().replace(/\?.*$/u, '');

    const staff = await signIn(ctx, officer.email, officer.password);
    await staff.goto(requestUrl);
    await expectAccessible(staff, 'subcontract-before-registration');
    await staff.getByRole('button', { name: '再委託先を登録する' }).click();
    await staff.waitForURL(/flash=subcontract-registered$/u);
    await expectAccessible(staff, 'subcontract-registered');

    // Refusing without a reason is refused beside the field.
    await staff.getByRole('button', { name: '承認せず、不承認通知書を発行する' }).click();
    await staff.waitForLoadState('load');
    await expect(staff.locator('#reject-note-error').isVisible()).resolves.toBe(true);
    await expectAccessible(staff, 'subcontract-reject-refused');

    await staff.getByLabel('承認の条件').fill('作業の開始及び終了の都度、甲に報告すること。');
    await staff.getByRole('button', { name: '承認し、承認通知書を発行する' }).click();
    // Approving asks first: what will be approved, the condition typed, 実行する and 戻る.
    await staff.waitForLoadState('load');
    await expect(staff.locator('#confirm-what').textContent()).resolves.toMatch(
      /^米沢データ印刷株式会社への再委託（契約「[^」]+」）を承認し、再委託承認通知書を発行します。$/u,
    );
    await expect(staff.getByText('作業の開始及び終了の都度、甲に報告すること。').isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(staff, 'subcontract-approve-confirm');
    await staff.getByRole('button', { name: '実行する' }).click();
    await staff.waitForURL(/flash=subcontract-approved$/u);
    await expect(staff.getByRole('status').textContent()).resolves.toBe(
      '米沢データ印刷株式会社への再委託を承認し、承認通知書を発行しました。',
    );
    await expect(
      staff.getByRole('link', { name: /再委託承認通知書（置広情第\d+号）の PDF/u }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(staff, 'subcontract-approved');

    await page.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await expect(page.getByRole('link', { name: /承認通知書（置広情第\d+号）/u }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page, 'contract-with-approved-subcontract');
  });
});
