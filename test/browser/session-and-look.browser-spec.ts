import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { SessionCache } from '../../src/modules/auth/session-cache';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import {
  apiContext,
  expectAccessible,
  screenshot,
  signIn,
  startBrowserTest,
  type BrowserContext,
} from './support';

const PRODUCT_NAME = '委託先セキュリティ台帳';

/**
 * Issue 15, found by a newcomer: a form saved after the idle timeout came back empty, nothing warned before the
 * timeout, dates came in three styles, tables broke Japanese one character per line on a phone, and the focus
 * ring was about 2:1 against white. Each page is checked with axe-core.
 */
describe('the session and the one look of the pages, in a real browser', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let contractorId: string;
  let contractor: { email: string; password: string; token: string };
  let checklistId: string;

  beforeAll(async () => {
    // A one-minute idle limit, so that the warning comes 30 seconds after a page opens (on the page's clock).
    ctx = await startBrowserTest({ SESSION_IDLE_MINUTES: '1', PRODUCT_NAME });
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    contractorId = (
      await createContractor(api, adminToken, {
        name: '株式会社置賜情報システムサービス',
        address: '山形県長井市ままの上5番1号 置賜広域行政事務組合ビル4階',
      })
    ).id;
    const company = await createContractor(api, adminToken, { name: '米沢データセンター株式会社' });
    const officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    const contractId = (await createApprovedContract(api, officer.token, company.id)).id;
    await api
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(adminToken))
      .send({ asOf: '2026-04-01' })
      .expect(200);
    const listed = await api
      .http()
      .get(`/api/assessments?contractId=${contractId}&kind=CHECKLIST`)
      .set(...bearer(contractor.token))
      .expect(200);
    checklistId = (listed.body as { items: { id: string }[] }).items[0].id;
    await createContractor(api, adminToken, { name: '有限会社南陽ネットワーク保守' });
  });
  afterAll(async () => ctx.close());

  /** Ends the page's session by time: its last use moved back past the idle limit, as a long pause would. */
  async function expireSession(page: Page): Promise<void> {
    const token = (await page.context().cookies()).find((c) => c.name === 'ig_session')?.value ?? '';
    expect(token).not.toBe('');
    const hash = createHash('sha256').update(token).digest('hex');
    const stamp = new Date(Date.now() - ctx.config.session.idleMinutes * 60_000 - 120_000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '');
    await api.dataSource.query('UPDATE session SET last_seen_at = ? WHERE token_hash = ?', [stamp, hash]);
    const [row] = await api.dataSource.query<{ user_id: string }[]>(
      'SELECT user_id FROM session WHERE token_hash = ?',
      [hash],
    );
    ctx.app.get(SessionCache).forgetUser(row.user_id);
  }

  async function contractorsNamed(name: string): Promise<number> {
    const [row] = await api.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM contractor WHERE name = ?',
      [name],
    );
    return Number(row.n);
  }

  it('should keep what was typed when the session ended, and give it back after signing in again, unsaved', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
    });
    await page.goto(`${ctx.baseUrl}/contractors/new`);
    const name = '株式会社入力保持テスト';
    await page.locator('#f-name').fill(name);
    await page.locator('#f-address').fill('山形県米沢市金池3丁目1番55号');
    await page.locator('#f-representativeName').fill('代表取締役 米沢 花子');
    await expireSession(page);

    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL(/\/login\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('next')).toBe('/contractors/new');
    expect(url.searchParams.get('flash')).toBe('expired');
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      '一定時間操作がなかったため、サインアウトしました。入力した内容は保持しています。再度サインインしてください。',
    );
    await expectAccessible(page, 'login-after-timeout');
    expect(await contractorsNamed(name)).toBe(0);

    await page.getByLabel('メールアドレス').fill(ADMIN.email);
    await page.getByLabel('パスワード').fill(ADMIN.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL(`${ctx.baseUrl}/contractors/new`);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe(
      '保存されていない入力内容を復元しました。内容を確認して、もう一度保存してください。',
    );
    await expect(page.locator('#f-name').inputValue()).resolves.toBe(name);
    await expect(page.locator('#f-address').inputValue()).resolves.toBe('山形県米沢市金池3丁目1番55号');
    await expect(page.locator('#f-representativeName').inputValue()).resolves.toBe('代表取締役 米沢 花子');
    await expectAccessible(page, 'form-restored');
    // Nothing was saved without the user's action; the CSRF token is the new session's own.
    expect(await contractorsNamed(name)).toBe(0);

    // Saving now is the user's own action, with the form's fresh token.
    await page.locator('#f-securityOfficer\\.name').fill('米沢 一郎');
    await page.locator('#f-securityOfficer\\.email').fill('ichiro@yonezawa.example.jp');
    await page.locator('#f-securityOfficer\\.phone').fill('0238-00-0000');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForURL(/\/contractors\/[0-9a-f-]{36}/);
    expect(await contractorsNamed(name)).toBe(1);
    expect(problems).toEqual([]);
  });

  it('should give the self-assessment answers back after the session ended, unsaved, as the newcomer needed', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/assessments/${checklistId}`);
    const first = page.locator('form.answer-form .item').first();
    await first.getByLabel('一部実施', { exact: true }).check();
    const comment = '入退室の記録は紙で保管しており、電子化を進めています。';
    await first.locator('textarea').fill(comment);
    await expireSession(page);

    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/assessments/${checklistId}`);
    await page.getByLabel('メールアドレス').fill(contractor.email);
    await page.getByLabel('パスワード').fill(contractor.password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.waitForURL(`${ctx.baseUrl}/assessments/${checklistId}`);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      '保存されていない入力内容を復元しました。',
    );
    const again = page.locator('form.answer-form .item').first();
    await expect(again.getByLabel('一部実施', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(again.locator('textarea').inputValue()).resolves.toBe(comment);
    await expectAccessible(page, 'assessment-restored');
    // Nothing was saved: the stored answers are still empty.
    const stored = await api
      .http()
      .get(`/api/assessments/${checklistId}`)
      .set(...bearer(contractor.token))
      .expect(200);
    const items = (stored.body as { items: { answer: string | null; comment: string | null }[] }).items;
    expect(items.filter((i) => i.answer !== null || (i.comment ?? '') !== '')).toEqual([]);
  });

  it('should fill the self-assessment answers back in on the server, without the script', async () => {
    const page = await (
      await ctx.browser.newContext({
        locale: 'ja-JP',
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
      })
    ).newPage();
    const signInHere = async (next: RegExp | string): Promise<void> => {
      await page.getByLabel('メールアドレス').fill(contractor.email);
      await page.getByLabel('パスワード').fill(contractor.password);
      await page.getByRole('button', { name: 'サインイン' }).click();
      await page.waitForURL(next);
    };
    await page.goto(`${ctx.baseUrl}/login`);
    await signInHere(`${ctx.baseUrl}/`);
    await page.goto(`${ctx.baseUrl}/assessments/${checklistId}`);
    const first = page.locator('form.answer-form .item').first();
    await first.getByLabel('実施していない', { exact: true }).check();
    const comment = '今年度中に規程を整備する予定です。';
    await first.locator('textarea').fill(comment);
    await expireSession(page);
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForURL(/\/login\?.*flash=expired/);
    await signInHere(`${ctx.baseUrl}/assessments/${checklistId}`);
    const again = page.locator('form.answer-form .item').first();
    await expect(again.getByLabel('実施していない', { exact: true }).isChecked()).resolves.toBe(true);
    await expect(again.locator('textarea').inputValue()).resolves.toBe(comment);
    await expect(page.getByText('保存されていない入力内容を復元しました。').count()).resolves.toBe(1);
  });

  it('should warn before the idle limit, and stay signed in when asked', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.clock.install();
    await page.goto(`${ctx.baseUrl}/contractors`);
    await expect(page.locator('body').getAttribute('data-idle-seconds')).resolves.toBe('60');
    const warning = page.getByRole('alert').filter({ hasText: 'まもなく自動的にサインアウトします' });
    await expect(warning.count()).resolves.toBe(0);

    // Five minutes before the end, or half of a shorter limit: 30 seconds here.
    await page.clock.fastForward(31_000);
    await warning.waitFor({ state: 'visible' });
    await expect(warning.textContent()).resolves.toContain('あと30秒で自動的にサインアウトします');
    await expectAccessible(page, 'idle-warning');

    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/auth/me'));
    await page.getByRole('button', { name: 'サインインを続ける' }).click();
    expect((await renewed).status()).toBe(200);
    await warning.waitFor({ state: 'hidden' });

    // Left alone again until the end: the page says so, and what to do with unsaved input.
    await page.clock.fastForward(61_000);
    const ended = page.getByRole('alert').filter({ hasText: '自動的にサインアウトしました' });
    await ended.waitFor({ state: 'visible' });
    await expect(ended.textContent()).resolves.toContain('再度サインインした後に復元されます');
  });

  it('should keep every table cell a few characters wide on a phone', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.setViewportSize({ width: 375, height: 812 });
    for (const path of ['/contractors', '/users']) {
      await page.goto(`${ctx.baseUrl}${path}`);
      await expect(page.locator('table td').count()).resolves.toBeGreaterThan(0);
      // Evaluated in the page (as text: these test files are compiled without the DOM's types).
      const cells = await page.evaluate<
        { text: string; content: number; em: number }[]
      >(`[...document.querySelectorAll('table th, table td')].map((el) => {
        const style = getComputedStyle(el);
        const width = el.getBoundingClientRect().width;
        return {
          text: el.textContent.trim().slice(0, 20),
          content: width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
          em: parseFloat(style.fontSize),
        };
      })`);
      // Room for at least three characters in every cell: Japanese never stands one character per line.
      const narrow = cells.filter((c) => c.content < 3 * c.em);
      expect({ path, narrow }).toEqual({ path, narrow: [] });
      // The page itself does not scroll sideways: a wide table scrolls inside its own box.
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      // With the script, each row stacks as a card: every cell shows its column's heading before its value.
      const labels = await page.evaluate<{ heading: string; shown: string }[]>(`(() => {
        const table = document.querySelector('.table-wrap > table');
        const headings = [...table.tHead.rows[0].cells].map((th) => th.textContent.replace(/\\s+/g, ' ').trim());
        return [...table.tBodies[0].rows[0].cells].map((td, i) => ({
          heading: headings[i],
          shown: getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''),
        }));
      })()`);
      expect(labels.length).toBeGreaterThan(1);
      for (const { heading, shown } of labels) expect(shown).toBe(heading);
      await screenshot(page, `phone${path.replace(/\//g, '-')}`);
      await expectAccessible(page, `phone${path.replace(/\//g, '-')}-axe`);
    }
  });

  it('should show one date style, the product name from the settings, and a focus ring of at least 3:1', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.baseUrl}/contractors/${contractorId}`);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toMatch(/令和\d+年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(text).not.toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
    expect(text).not.toMatch(/\b(19|20)\d{2}-[01]\d-[0-3]\d\b/);
    await expect(page.title()).resolves.toContain(PRODUCT_NAME);
    await expect(page.locator('.site-title a').textContent()).resolves.toBe(PRODUCT_NAME);
    await expectAccessible(page, 'contractor-dates');

    // The focus ring of a link in the page and of one in the blue header, against what lies behind each.
    await page.goto(`${ctx.baseUrl}/contractors/new`);
    await page.locator('#f-name').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const inPage = await focusRing(page);
    expect(inPage.style).toBe('solid');
    expect(inPage.width).toBeGreaterThanOrEqual(2);
    expect(contrast(inPage.color, [255, 255, 255])).toBeGreaterThanOrEqual(3);
    expect(contrast(inPage.color, [243, 245, 248])).toBeGreaterThanOrEqual(3);
    await page.locator('.site-title a').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const inHeader = await focusRing(page);
    expect(contrast(inHeader.color, [11, 79, 138])).toBeGreaterThanOrEqual(3);
  });
});

async function focusRing(page: Page): Promise<{ color: number[]; style: string; width: number }> {
  return page.evaluate<{ color: number[]; style: string; width: number }>(`(() => {
    const style = getComputedStyle(document.activeElement);
    return {
      color: (style.outlineColor.match(/\\d+/g) ?? []).slice(0, 3).map(Number),
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
    };
  })()`);
}

/** The WCAG contrast ratio of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const luminance = ([r, g, b2]: number[]): number => {
    const lin = (c: number): number => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b2);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
