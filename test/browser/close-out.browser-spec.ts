import type { Page } from 'playwright-core';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  subcontractRequestBody,
} from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/** A 1×1 PNG: the scanned 消去証明書. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The 返還・廃棄報告 in a real browser, each page checked with axe-core: the contractor fills a section for itself and
 * for its approved sub-contractor, forgets one certificate (refused beside it, what was typed kept), attaches it and
 * submits; the officer sends it back with a reason, the contractor submits again, and the officer confirms (asked
 * first), which closes the contract.
 */
describe('返還・廃棄報告 in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string; token: string };
  let contractor: { email: string; password: string };
  let companyId: string;
  let contractId: string;
  let subcontractId: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    const company = await createContractor(api, adminToken, { name: '株式会社置賜情報処理' });
    companyId = company.id;
    const user = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    contractor = user;
    const contract = await createApprovedContract(api, officer.token, company.id);
    contractId = contract.id;
    const post = (url: string, token: string, body: object) =>
      api
        .http()
        .post(url)
        .set(...bearer(token))
        .send(body);
    const requested = await post(
      `/api/contracts/${contractId}/subcontracts`,
      user.token,
      subcontractRequestBody({ subcontractor: { name: '米沢データ印刷株式会社' } }),
    );
    subcontractId = (requested.body as { id: string }).id;
    const registered = await post(`/api/subcontracts/${subcontractId}/registration`, officer.token, {
      version: 1,
    });
    await post(`/api/subcontracts/${subcontractId}/decision`, officer.token, {
      version: (registered.body as { version: number }).version,
      approved: true,
    });
    await post(`/api/contracts/${contractId}/end`, officer.token, {
      version: contract.version,
      reason: '委託期間の満了による。',
    });
  }, 120_000);
  afterAll(async () => ctx.close());

  async function fillSection(page: Page, key: string, what: string): Promise<void> {
    await page.locator(`#f-erasedObject_${key}`).fill(what);
    await page.locator(`#f-erasedMethod_${key}`).fill('専用ソフトウェアによる上書き消去');
    await page.locator(`#f-erasedMedia_${key}`).fill('作業用ノートパソコンの内蔵 SSD');
    await page.locator(`#f-erasedOn_${key}`).fill(japanDatePlus(0));
    await page.locator(`#f-erasedPlace_${key}`).fill('受託者本社');
    await page.locator(`#f-erasedBy_${key}`).fill('情報システム部 山田 太郎');
    await page.locator(`#f-erasedWitness_${key}`).fill('情報セキュリティ責任者 佐藤 花子');
  }

  it('should take the report from the contractor and let the officer send it back, then confirm it and close the contract', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await page.getByRole('link', { name: '返還・廃棄報告を見る' }).click();
    await page.waitForURL(/\/close-out$/u);
    await expectAccessible(page, 'close-out-form');

    await page.locator(`#f-returnedItem_${companyId}`).fill('住民記録データ（外付けハードディスク 1台）');
    await page.locator(`#f-returnedOn_${companyId}`).fill(japanDatePlus(0));
    await fillSection(page, companyId, '作業用に複製した住民記録データ');
    await page
      .locator(`#f-certificate_${companyId}`)
      .setInputFiles({ name: '消去証明書_受託者.png', mimeType: 'image/png', buffer: PNG });
    await fillSection(page, subcontractId, '印刷用に受け取った帳票データ');
    // The sub-contractor's certificate is forgotten: refused beside its field, the rest kept.
    await page.getByRole('button', { name: '提出する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator(`#f-certificate_${subcontractId}-error`).isVisible()).resolves.toBe(true);
    await expect(page.locator('#form-error').textContent()).resolves.toContain('米沢データ印刷株式会社');
    await expect(page.locator(`#f-erasedWitness_${subcontractId}`).inputValue()).resolves.toBe(
      '情報セキュリティ責任者 佐藤 花子',
    );
    await expectAccessible(page, 'close-out-refused');

    await page
      .locator(`#f-certificate_${subcontractId}`)
      .setInputFiles({ name: '消去証明書_再委託先.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: '提出する' }).click();
    await page.waitForURL(/flash=close-out-submitted$/u);
    await expect(page.locator('main').textContent()).resolves.toContain('返還・廃棄報告を提出しました');
    await expectAccessible(page, 'close-out-submitted-contractor');

    // The officer sends it back with a reason.
    const staff = await signIn(ctx, officer.email, officer.password);
    await staff.goto(`${ctx.baseUrl}/contracts/${contractId}/close-out`);
    await expect(staff.locator('main').textContent()).resolves.toContain('消去証明書_再委託先.png');
    await expectAccessible(staff, 'close-out-officer');
    await staff.getByRole('button', { name: '差し戻す' }).click();
    await staff.waitForLoadState('load');
    await expect(staff.locator('#sendBack-note-error').isVisible()).resolves.toBe(true);
    await expectAccessible(staff, 'close-out-send-back-refused');
    await staff.getByLabel('差戻しの理由').fill('再委託先の消去証明書に立会者の署名がありません。');
    await staff.getByRole('button', { name: '差し戻す' }).click();
    await staff.waitForURL(/flash=close-out-returned$/u);
    await expectAccessible(staff, 'close-out-returned-officer');

    // The contractor corrects it: the last report and its certificates come back ticked.
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}/close-out`);
    await expect(page.locator('main').textContent()).resolves.toContain('立会者の署名がありません');
    await expect(page.locator(`#f-erasedMethod_${subcontractId}`).inputValue()).resolves.toBe(
      '専用ソフトウェアによる上書き消去',
    );
    await expectAccessible(page, 'close-out-returned-contractor');
    await page.getByRole('button', { name: '再提出する' }).click();
    await page.waitForURL(/flash=close-out-submitted$/u);

    // The officer confirms: asked first, then the contract is closed.
    await staff.goto(`${ctx.baseUrl}/contracts/${contractId}/close-out`);
    await staff.getByLabel('確認の所見').fill('返還及び消去を確認した。');
    await staff.getByRole('button', { name: '報告を確認し、契約を完結する' }).click();
    await staff.waitForLoadState('load');
    await expect(staff.locator('main').textContent()).resolves.toContain('契約を完結します');
    await expectAccessible(staff, 'close-out-confirm');
    await staff.getByRole('button', { name: '実行する' }).click();
    await staff.waitForURL(/flash=close-out-confirmed$/u);
    await expect(staff.locator('main').textContent()).resolves.toContain('契約は完結しました');
    await expectAccessible(staff, 'close-out-confirmed');
    await staff.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await expect(staff.locator('main').textContent()).resolves.toContain('完結');
    await expectAccessible(staff, 'close-out-contract-closed');
  }, 120_000);
});
