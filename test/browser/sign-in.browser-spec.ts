import { ADMIN } from '../utils/test-app';
import { screenshot, signIn, startBrowserTest, type BrowserContext } from './support';

describe('sign-in in a real browser', () => {
  let ctx: BrowserContext;
  beforeAll(async () => {
    ctx = await startBrowserTest();
  });
  afterAll(async () => ctx.close());

  it('should sign the administrator in and show the Japanese home page, with no console errors or CSP violations', async () => {
    const page = await (await ctx.browser.newContext({ locale: 'ja-JP' })).newPage();
    const problems: string[] = [];
    // Script errors and CSP violations; an HTTP error status of a page itself (the refused sign-in) is expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${ctx.baseUrl}/login`);
    await screenshot(page, 'login');
    await expect(page.title()).resolves.toContain('サインイン');
    await page.getByLabel('メールアドレス').fill(ADMIN.email);
    await page.getByLabel('パスワード').fill('wrong password');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'メールアドレスまたはパスワードが正しくありません。',
    );
    // What was typed is kept.
    await expect(page.getByLabel('メールアドレス').inputValue()).resolves.toBe(ADMIN.email);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL(`${ctx.baseUrl}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('ホーム');
    await screenshot(page, 'home-admin');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'ig_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(problems).toEqual([]);
  });

  it('should refuse a form posted without its CSRF token', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    const status = await page.evaluate(async () => {
      const res = await fetch('/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      return res.status;
    });
    expect(status).toBe(403);
    // Still signed in: the refused form changed nothing.
    await page.goto(`${ctx.baseUrl}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('ホーム');
  });
});
