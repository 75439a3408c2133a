import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { addDays, todayInJapan } from '../../src/common/clock';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * The pages behind the body's 公文書 in a real browser, each state checked with axe-core: the 発信者の設定 form
 * (its list of blank fields, an error, the saved state, the auditor's read-only view), and the issue form of an
 * order without findings (the facts found, the paragraphs not met) with the order page showing its 文書番号.
 */
describe('発信者の設定 and the 改善指示 form in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let auditor: { email: string; password: string };
  let contractId: string;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(api, adminToken, 'AUDITOR');
    const company = await createContractor(api, adminToken, { name: '株式会社置賜公文書' });
    contractId = (await createApprovedContract(api, officer.token, company.id)).id;
  });
  afterAll(async () => ctx.close());

  it('should let the administrator fill in the settings, with the blank fields listed and an error shown', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.getByRole('link', { name: '発信者の設定' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('note').textContent()).resolves.toContain('代表者の氏名');
    await expectAccessible(page, 'settings-blank');

    await page.getByLabel('代表者の氏名').fill('置賜 太郎');
    await page
      .getByLabel(
        '改善指示書・事故報告受付通知書・検査結果通知書・外部サービスの利用許可通知書等の発信者の氏名',
      )
      .fill('米沢 一郎');
    await page.getByLabel('文書記号').fill('置広情第号');
    await page.getByRole('button', { name: '設定を保存する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#f-documentNumberPattern-error').isVisible()).resolves.toBe(true);
    await expect(
      page
        .getByLabel(
          '改善指示書・事故報告受付通知書・検査結果通知書・外部サービスの利用許可通知書等の発信者の氏名',
        )
        .inputValue(),
    ).resolves.toBe('米沢 一郎');
    await expectAccessible(page, 'settings-error');

    await page.getByLabel('文書記号').fill('置広情第{n}号');
    await page.getByLabel('課・係').fill('総務課情報政策係');
    await page.getByLabel('担当者').fill('長井 花子');
    await page.getByLabel('電話番号').fill('0238-88-0000');
    await page.getByRole('button', { name: '設定を保存する' }).click();
    await page.waitForURL(/\/settings\?flash=settings-saved$/u);
    await expect(page.getByText('発信者の設定を保存しました。').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'settings-saved');

    const readOnly = await signIn(ctx, auditor.email, auditor.password);
    await readOnly.goto(`${ctx.baseUrl}/settings`);
    await expect(readOnly.locator('form[action="/settings"]').count()).resolves.toBe(0);
    await expectAccessible(readOnly, 'settings-auditor');
  });

  it('should issue an order without findings only with the facts found, and show its 文書番号', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.baseUrl}/orders/new?contractId=${contractId}`);
    await expectAccessible(page, 'order-new-free-standing');
    await page.getByLabel('根拠とする条項').selectOption('CONFIDENTIALITY');
    await page.getByLabel('件名').fill('秘密の保持の徹底');
    await page.getByLabel('指示の内容').fill('業務資料の閲覧者を従事者に限ってください。');
    await page.getByLabel('重要度').selectOption('MEDIUM');
    await page.getByLabel('改善期限').fill(addDays(todayInJapan(), 30));
    await page.getByRole('button', { name: '改善指示を発出する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#f-facts-error').textContent()).resolves.toContain('確認した事実及びその方法');
    await expectAccessible(page, 'order-new-facts-error');

    await page.getByLabel('適合していない項').fill('1');
    await page
      .getByLabel('確認した事実及びその方法')
      .fill('立入検査において、従事者以外の者が業務資料を閲覧していたことを確認した。');
    await page.getByLabel('事実を確認した日').fill('2026-07-01');
    await page.getByLabel('事実を確認した方法').fill('甲の職員による現地確認');
    await page.getByRole('button', { name: '改善指示を発出する' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?flash=issued$/u);
    await expect(page.locator('dl.facts').textContent()).resolves.toMatch(/文書番号置広情第\d+号/u);
    await expect(
      page.getByText('立入検査において、従事者以外の者が業務資料を閲覧していた').isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'order-free-standing');
  });
});
