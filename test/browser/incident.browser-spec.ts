import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

/** A `datetime-local` value in Japan time, `hoursAgo` hours before now. */
function japanLocal(hoursAgo: number): string {
  return new Date(Date.now() - hoursAgo * 3_600_000 + 9 * 3_600_000).toISOString().slice(0, 16);
}

/**
 * 事故報告 in a real browser, each page checked with axe-core: the contractor reports (refused first, the typed text
 * kept), the officer takes the report up and asks for the written report, the contractor files it, and the officer
 * closes the incident after the confirmation step.
 */
describe('事故報告 in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let officer: { email: string; password: string };
  let contractor: { email: string; password: string };

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    const adminToken = await login(api, ADMIN.email, ADMIN.password);
    const staff = await createUserAndLogin(api, adminToken, 'OFFICER');
    officer = staff;
    const company = await createContractor(api, adminToken, { name: '株式会社置賜事務センター' });
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    await createApprovedContract(api, staff.token, company.id, { handlesPersonalInfo: true });
  });
  afterAll(async () => ctx.close());

  it('should walk an incident from the contractor’s report to the officer’s closing', async () => {
    const page = await signIn(ctx, contractor.email, contractor.password);
    await page.goto(`${ctx.baseUrl}/incidents`);
    await expectAccessible(page, 'incidents-contractor-empty');
    await page.getByRole('link', { name: '事故を報告する' }).click();
    await page.waitForURL(/\/incidents\/new$/u);
    await expectAccessible(page, 'incident-report-form');

    await page.getByLabel('契約').selectOption({ index: 1 });
    await page.getByLabel('誤送信・誤送付').check();
    await page.getByLabel('事故又はそのおそれを知った日時').fill(japanLocal(-2));
    await page.getByLabel('事故の概要').fill('納税通知書の電子データを別の事業者に誤って送信した。');
    await page.getByLabel('対象となった情報').fill('住民150名分の氏名、住所及び税額');
    await page.getByLabel('個人情報が含まれる', { exact: true }).check();
    await page.getByLabel('対象となる本人の数（見込みを含む。）').fill('150');
    // Known in the future: refused beside the field, what was typed kept.
    await page.getByRole('button', { name: '報告する' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#f-detectedAt-error').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('事故の概要').inputValue()).resolves.toBe(
      '納税通知書の電子データを別の事業者に誤って送信した。',
    );
    await expect(page.getByLabel('対象となる本人の数（見込みを含む。）').inputValue()).resolves.toBe('150');
    await expectAccessible(page, 'incident-report-refused');

    await page.getByLabel('事故又はそのおそれを知った日時').fill(japanLocal(3));
    await page.getByRole('button', { name: '報告する' }).click();
    await page.waitForURL(/\/incidents\/[0-9a-f-]+\?flash=incident-reported$/u);
    const incidentUrl = page.url().replace(/\?.*$/u, '');
    const text = await page.locator('main').innerText();
    expect(text).toContain('事故を報告しました。');
    expect(text).toContain('知った時から2時間以内');
    expect(text).toMatch(/1時間\d*分?遅れ/u);
    await expectAccessible(page, 'incident-reported-contractor');

    const staff = await signIn(ctx, officer.email, officer.password);
    await staff.goto(`${ctx.baseUrl}/`);
    await expect(staff.locator('#commission-reports + .table-wrap').innerText()).resolves.toContain('速報');
    await expectAccessible(staff, 'home-with-incident');
    await staff.goto(incidentUrl);
    expect(await staff.locator('main').innerText()).toContain('本人の数が100人を超える');
    await expectAccessible(staff, 'incident-officer-reported');
    await staff.getByLabel('受付の際の確認事項').fill('電話で概要を聴取した。');
    await staff.getByRole('button', { name: '受け付けて確認を始める' }).click();
    await staff.waitForURL(/flash=incident-reviewed$/u);
    await expectAccessible(staff, 'incident-officer-reviewed');

    // Asking without saying what is refused beside the field.
    await staff.getByRole('button', { name: '事故報告書の提出を求める' }).click();
    await staff.waitForLoadState('load');
    await expect(staff.locator('#f-detailRequest-error').isVisible()).resolves.toBe(true);
    await expectAccessible(staff, 'incident-request-refused');
    await staff.getByLabel('報告を求める事項').fill('送信の手順書を添えて報告してください。');
    await staff.getByRole('button', { name: '事故報告書の提出を求める' }).click();
    await staff.waitForURL(/flash=incident-detail-requested$/u);
    await expectAccessible(staff, 'incident-detail-requested');

    await page.goto(`${ctx.baseUrl}/`);
    await expect(page.locator('main').innerText()).resolves.toContain('提出が必要な事故報告書');
    await page.goto(incidentUrl);
    expect(await page.locator('main').innerText()).toContain('送信の手順書を添えて報告してください。');
    await page.getByLabel('事故の原因').fill('宛先を確認する手順が定められていなかった。');
    await page.getByLabel('被害の範囲').fill('住民150名分。二次被害は確認されていない。');
    await page.locator('#f-measuresTaken').fill('誤送信先から削除の報告を受けた。');
    await page.getByLabel('再発防止策').fill('送信前に別の担当者が宛先を確認する。');
    await page.getByRole('button', { name: '事故報告書を提出する' }).click();
    await page.waitForURL(/flash=incident-detailed-report$/u);
    await expectAccessible(page, 'incident-detailed-report-submitted');

    await staff.goto(incidentUrl);
    // Once the written report is in, asking again is for more; closing warns of what is still open.
    await expect(
      staff.getByRole('button', { name: '追加の報告（事故報告書の再提出）を求める' }).isVisible(),
    ).resolves.toBe(true);
    await expect(staff.getByRole('button', { name: '事故報告書の提出を求める' }).count()).resolves.toBe(0);
    const open = await staff.locator('#close-form + .notice').innerText();
    expect(open).toContain('個人情報保護委員会への速報・確報が未了です。');
    expect(open).toContain('公表の判断が未記録です。');
    await expectAccessible(staff, 'incident-officer-detailed-report-in');
    await staff.getByLabel('確認の結果').fill('再発防止策の内容を確認した。');
    await staff.getByRole('button', { name: '対応を完了とする' }).click();
    await staff.waitForLoadState('load');
    await expectAccessible(staff, 'incident-close-confirmation');
    await staff.getByRole('button', { name: '実行する' }).click();
    await staff.waitForURL(/flash=incident-closed$/u);
    expect(await staff.locator('main').innerText()).toContain('完了');
    await expectAccessible(staff, 'incident-closed');
    await staff.goto(`${ctx.baseUrl}/incidents`);
    await expectAccessible(staff, 'incidents-staff');
  });
});
