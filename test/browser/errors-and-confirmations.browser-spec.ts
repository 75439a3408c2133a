import type { Page } from 'playwright-core';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { FIELD_NAMES } from '../../src/modules/web/glossary';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * Errors a first-day user can find, in a real browser: each kind of form refused shows a summary at the top that
 * counts and links every field error to its field (by the field's Japanese name), focus is on that summary, the
 * title starts with 「エラー：」, no field code shows anywhere, and axe-core passes. Then a confirmation step and the
 * message of what happened, shown where the user is.
 */
describe('errors and confirmations in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string };
  let contractor: { email: string; password: string };
  let company: { id: string; name: string };
  let contractId: string;

  /** The field codes of the forms (contractorId, securityOfficer.email, …) and the rule-free codes a message could leak. */
  const CODES = [
    ...Object.keys(FIELD_NAMES).filter((code) => /[A-Z.]/u.test(code)),
    'note',
    'severity',
    'version',
    'isIn',
    'isInt',
    'isNotEmpty',
  ];

  async function expectRefused(
    page: Page,
    name: string,
    links: { href: string; text: string }[],
  ): Promise<void> {
    await expect(page.title()).resolves.toMatch(/^エラー：/u);
    // The summary is focused on load (autofocus on the tabindex="-1" box; no script needed).
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).resolves.toBe('form-error');
    await expect(page.locator('#form-error h2').textContent()).resolves.toMatch(
      /^入力内容を確認してください（\d+件）$/u,
    );
    for (const { href, text } of links) {
      await expect(page.locator(`#form-error a[href="${href}"]`).textContent()).resolves.toBe(text);
      // The link leads to a field that is on the page.
      await expect(page.locator(`[id="${href.slice(1)}"]`).count()).resolves.toBe(1);
    }
    const text = await page.locator('body').innerText();
    const leaked = CODES.filter((code) =>
      new RegExp(`(^|[^A-Za-z])${code.replace('.', '\\.')}($|[^A-Za-z])`, 'u').test(text),
    );
    expect({ page: name, leaked }).toEqual({ page: name, leaked: [] });
    expect(text).not.toContain('値が大きすぎます');
    await expectAccessible(page, name);
  }

  /** Follows a link of the summary: the field it names is scrolled into view and focused. */
  async function followLink(page: Page, href: string): Promise<void> {
    await page.locator(`#form-error a[href="${href}"]`).click();
    await expect(page.locator(`[id="${href.slice(1)}"]`).isVisible()).resolves.toBe(true);
    await expect(
      page.evaluate((id) => {
        const doc = (
          globalThis as unknown as {
            document: {
              getElementById(id: string): { getBoundingClientRect(): { top: number; bottom: number } } | null;
            };
          }
        ).document;
        const box = doc.getElementById(id)?.getBoundingClientRect();
        const height = (globalThis as unknown as { innerHeight: number }).innerHeight;
        return box !== undefined && box.bottom > 0 && box.top < height;
      }, href.slice(1)),
    ).resolves.toBe(true);
  }

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const staff = await createUserAndLogin(api, adminToken, 'OFFICER');
    officer = staff;
    company = await createContractor(api, adminToken, { name: '株式会社置賜エラー確認' });
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    contractId = (await createApprovedContract(api, staff.token, company.id)).id;
  });
  afterAll(async () => ctx.close());

  it('should sum up a refused contractor form at the top, each error linked to its field', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contractors/new`);
    await page.getByLabel('法人番号').fill('1234567890123');
    await page.getByLabel('メールアドレス').fill('not-mail');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForLoadState('load');
    await expectRefused(page, 'error-contractor-form', [
      {
        href: '#f-corporateNumber',
        text: '法人番号：13桁の法人番号を入力してください（チェックディジットが一致しません）。',
      },
      { href: '#f-name', text: '名称：入力してください。' },
      {
        href: '#f-securityOfficer.email',
        text: '情報セキュリティ責任者のメールアドレス：メールアドレスの形式で入力してください。',
      },
    ]);
    await followLink(page, '#f-securityOfficer.email');
    await expect(
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      ),
    ).resolves.toBe('f-securityOfficer.email');
  });

  it('should ask to choose an unselected 機密性 and 委託先 on the contract form, never 「値が大きすぎます」', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contracts/new`);
    await page.getByLabel('件名').fill('窓口業務支援システム保守業務委託');
    await page.getByRole('button', { name: /登録する|起案する/u }).click();
    await page.waitForLoadState('load');
    await expectRefused(page, 'error-contract-form', [
      { href: '#f-contractorId', text: '委託先：選択してください。' },
      { href: '#f-confidentialityClass', text: '機密性：選択してください。' },
      { href: '#f-handlesPersonalInfo', text: '個人情報の取扱い：選択してください。' },
    ]);
    await expect(page.locator('#f-confidentialityClass-error').textContent()).resolves.toBe(
      '選択してください。',
    );
    await followLink(page, '#f-confidentialityClass');
  });

  it('should show a refused certification, far down the contractor page, in the summary at the top and beside its field', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contractors/${company.id}`);
    await page.getByLabel('種類').selectOption('ISMS');
    await page.getByLabel('登録番号').fill('IS 123456');
    await page.getByLabel('発行者（認証機関）').fill('一般財団法人日本品質保証機構');
    await page.getByLabel('有効期間の開始日').fill('2026-04-01');
    await page.getByRole('button', { name: '認証を追加する' }).click();
    await page.waitForLoadState('load');
    await expectRefused(page, 'error-certification-form', [
      { href: '#f-validUntil', text: '有効期間の終了日：入力してください。' },
    ]);
    // The summary is at the top of the page, the field beside its own message far below.
    await expect(
      page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY),
    ).resolves.toBeLessThan(200);
    await expect(page.locator('#f-validUntil-error').textContent()).resolves.toBe('入力してください。');
    await followLink(page, '#f-validUntil');
  });

  it('should sum up a refused 再委託 request with the sub-contractor fields named in full', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/contracts/${contractId}`);
    await page.getByLabel('再委託する業務の範囲').fill('帳票の印刷及び封入封緘');
    await page.getByRole('button', { name: '申請する' }).click();
    await page.waitForLoadState('load');
    await expectRefused(page, 'error-subcontract-form', [
      { href: '#f-subcontractor.name', text: '再委託先の名称：入力してください。' },
      { href: '#f-necessity', text: '再委託の必要性：入力してください。' },
    ]);
    await followLink(page, '#f-necessity');
  });

  it('should sum up a refused user form', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(`${ctx.baseUrl}/users/new`);
    await page.getByLabel('メールアドレス').fill('not-mail');
    await page.getByLabel('表示名').fill('新人 太郎');
    await page.getByRole('button', { name: /登録する|作成する/u }).click();
    await page.waitForLoadState('load');
    await expectRefused(page, 'error-user-form', [
      { href: '#f-email', text: 'メールアドレス：メールアドレスの形式で入力してください。' },
      { href: '#f-password', text: 'パスワード：入力してください。' },
    ]);
  });

  it('should ask before archiving a contractor, go back without a change, and show what happened at the top', async () => {
    const leaving = await createContractor(api, await login(api, ADMIN.email, ADMIN.password), {
      name: '株式会社アーカイブ確認',
    });
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contractors/${leaving.id}`);
    await page.getByLabel('アーカイブの理由').fill('契約期間の満了');
    await page.getByRole('button', { name: 'アーカイブする' }).click();
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toMatch(/^委託先のアーカイブの確認 \| /u);
    await expect(page.locator('#confirm-what').textContent()).resolves.toBe(
      '株式会社アーカイブ確認をアーカイブします。',
    );
    await expect(page.getByText('契約期間の満了').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'confirm-archive');

    await page.getByRole('link', { name: '戻る' }).click();
    await page.waitForURL(`${ctx.baseUrl}/contractors/${leaving.id}`);
    await expect(page.locator('.status').first().textContent()).resolves.toBe('取引中');

    await page.getByRole('button', { name: 'アーカイブする' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: '実行する' }).click();
    await page.waitForURL(/flash=contractor-archived$/u);
    const flash = page.getByRole('status').filter({ hasText: 'アーカイブしました' });
    await expect(flash.textContent()).resolves.toBe('株式会社アーカイブ確認をアーカイブしました。');
    // Shown where the user is: the top of the page, not scrolled away by an anchor.
    await expect(page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).resolves.toBe(
      0,
    );
    await expect(flash.isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'archived-flash');
  });
});
