import { createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, screenshot, startBrowserTest, type BrowserContext } from './support';

/**
 * The public list of official SNS accounts (issue 18, 第6条第6号ウ) as a resident sees it, signed out: the ACTIVE
 * account is listed with its service, name, ID and operating unit, the draft one is not, and the page passes axe-core.
 */
describe('公式SNSアカウント一覧 signed out, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const admin = await login(api, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(api, admin, 'OFFICER');
    const register = async (handle: string) =>
      (
        await api
          .http()
          .post('/api/sns-accounts')
          .set(...bearer(officer.token))
          .send({
            platform: 'X',
            handle,
            url: `https://x.com/${handle.slice(1)}`,
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
      ).body as { id: string; version: number };
    const listed = await register('@okitama_koiki');
    await register('@okitama_draft');
    await api
      .http()
      .post(`/api/sns-accounts/${listed.id}/activate`)
      .set(...bearer(officer.token))
      .send({ version: listed.version });
  });
  afterAll(async () => ctx.close());

  it('should list the active account for a resident who is not signed in, and pass axe-core', async () => {
    const page = await (await ctx.browser.newContext({ locale: 'ja-JP' })).newPage();
    const res = await page.goto(`${ctx.baseUrl}/official-accounts`);
    expect(res?.status()).toBe(200);
    expect(page.url()).toBe(`${ctx.baseUrl}/official-accounts`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      '公式SNSアカウント一覧',
    );
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('@okitama_koiki');
    expect(rows[0]).toContain('総務課広報係');
    expect(await page.content()).not.toContain('@okitama_draft');
    await expect(page.getByRole('link', { name: '置賜広域行政事務組合' }).getAttribute('href')).resolves.toBe(
      'https://x.com/okitama_koiki',
    );
    // Signed out: no navigation of the signed-in pages.
    expect(await page.locator('nav').count()).toBe(0);
    await expectAccessible(page, 'official-accounts');
    await screenshot(page, 'official-accounts');
  });
});
