import type { Page } from 'playwright-core';
import { corporateNumber } from '../factories';
import { ADMIN } from '../utils/test-app';
import { expectAccessible, screenshot, signIn, startBrowserTest, type BrowserContext } from './support';

/**
 * The whole journey of DESIGN.md in the browser, one role after another: the administrator sets up users, the
 * officer registers a contractor and approves a contract and downloads its PDF, the contractor answers and
 * submits its self-assessment, the officer records a finding, the administrator issues an improvement order,
 * the contractor answers it, and the administrator closes it. Plus: another contractor cannot open its pages.
 */
describe('the whole journey in a real browser', () => {
  let ctx: BrowserContext;
  const officer = { email: 'keiyaku@example.lg.jp', password: 'officer password 2026' };
  const contractorUser = { email: 'tanto@okitama-data.example.jp', password: 'contractor password 2026' };
  const strangerUser = { email: 'tanin@other.example.jp', password: 'stranger password 2026' };
  const company = '株式会社置賜データサービス';
  let contractUrl = '';
  let assessmentUrl = '';
  let orderUrl = '';

  beforeAll(async () => {
    ctx = await startBrowserTest();
  });
  afterAll(async () => ctx.close());

  const h1 = (page: Page): Promise<string | null> => page.getByRole('heading', { level: 1 }).textContent();

  async function createUser(
    page: Page,
    user: { email: string; password: string },
    name: string,
    role: string,
    contractor?: string,
  ) {
    await page.goto(`${ctx.baseUrl}/users/new`);
    await page.getByLabel('メールアドレス').fill(user.email);
    await page.getByLabel('表示名').fill(name);
    await page.getByLabel('役割').selectOption(role);
    if (contractor) await page.getByLabel('所属する委託先').selectOption({ label: contractor });
    await page.getByLabel('初期パスワード').fill(user.password);
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForLoadState('load');
  }

  it('should let the administrator set up an officer', async () => {
    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await createUser(admin, officer, '契約 花子', 'OFFICER');
    await admin.goto(`${ctx.baseUrl}/users`);
    await expect(admin.content()).resolves.toContain('契約 花子');
    await screenshot(admin, 'users');
  });

  it('should let the officer register a contractor, draft and approve a contract, and download its 特記事項', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(`${ctx.baseUrl}/contractors/new`);
    await page.getByLabel('法人番号').fill(corporateNumber());
    await page.getByLabel(/^名称/).fill(company);
    await page.getByLabel('フリガナ').fill('カブシキガイシャオキタマデータサービス');
    await page.getByLabel('所在地').fill('山形県長井市本町一丁目1番1号');
    await page.getByLabel('代表者').fill('代表取締役 髙橋 一郎');
    await page.getByLabel('氏名').fill('山﨑 花子');
    await page.locator('input[name="securityOfficer.email"]').fill('security@okitama-data.example.jp');
    await page.getByLabel('電話番号').fill('0238-00-0000');
    await page.getByRole('button', { name: '登録する' }).click();
    await page.waitForLoadState('load');
    await expect(h1(page)).resolves.toContain(company);
    await screenshot(page, 'contractor');

    await page.goto(`${ctx.baseUrl}/contracts/new`);
    await page.getByLabel('契約番号').fill('R8-情政-0001');
    await page.getByLabel('件名').fill('住民情報システム運用保守業務委託');
    await page.getByLabel('委託先').selectOption({ label: company });
    await page.getByLabel('担当課').fill('総務課情報政策係');
    await page.getByLabel('開始日').fill('2026-04-01');
    await page.getByLabel('終了日').fill('2027-03-31');
    await page.getByLabel('機密性2').check();
    await page.locator('#f-handlesPersonalInfo-true').check();
    await page.locator('#f-usesCloud-false').check();
    await page.getByLabel('作業場所').fill('乙の本社（山形県長井市）');
    await page.getByRole('button', { name: '起案する' }).click();
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}/);
    contractUrl = page.url().replace(/\?.*$/, '');
    await expect(page.content()).resolves.toContain('（秘密の保持）');
    // Items (号) of a paragraph on lines of their own: 改善の指示 第2項 lists what the 改善計画書 states.
    await expect(page.locator('.clause-item').getByText('(1)　不適合の原因').count()).resolves.toBe(1);
    await expectAccessible(page, 'contract-draft');
    await page.goto(`${contractUrl}/clauses`);
    await page.locator('details').first().locator('summary').click();
    await expectAccessible(page, 'contract-clauses');
    // The selection (選定) is recorded before approval: the method, each criterion met, the reason.
    await page.goto(`${contractUrl}/selection`);
    await page.getByLabel('一般競争入札').check();
    for (const radio of await page.locator('input[type="radio"][value="yes"]').all()) await radio.check();
    await page.getByLabel('選定理由').fill('確認項目をすべて満たし、入札の結果、最低価格で応札したため。');
    await expectAccessible(page, 'contract-selection');
    await page.getByRole('button', { name: '選定の記録を保存する' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(
      /委託先の選定の記録を保存しました。$/u,
    );
    await page.goto(contractUrl);
    await page.getByRole('button', { name: 'この契約を承認する' }).click();
    await page.waitForLoadState('load');
    // Approval asks first; nothing is approved until 実行する.
    await expect(page.locator('#confirm-what').textContent()).resolves.toMatch(/を承認します。$/u);
    await expectAccessible(page, 'contract-approve-confirm');
    await page.getByRole('button', { name: '実行する' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(
      /^契約「[^」]+」を承認しました。$/u,
    );
    await expect(page.content()).resolves.toContain('有効');
    // The 照合番号 printed in the footer of every page of the approved 特記事項, in full.
    await expect(page.locator('dt', { hasText: '照合番号' }).count()).resolves.toBe(1);
    await expect(page.locator('dt:has-text("照合番号") + dd code').textContent()).resolves.toMatch(
      /^[0-9a-f]{64}$/,
    );
    await expectAccessible(page, 'contract');
    const pdf = await page.request.get(
      `${contractUrl.replace('/contracts/', '/api/contracts/')}/clauses.pdf`,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await createUser(admin, contractorUser, '担当 次郎', 'CONTRACTOR', company);
    // The daily job creates the assessments; the administrator runs it now from the home page.
    await admin.goto(`${ctx.baseUrl}/`);
    await admin.getByRole('button', { name: '自己点検を作成する' }).click();
    await admin.waitForLoadState('load');
    // Approved today: the fiscal year's 自己点検票 and the 定期報告 of the semi-annual period under way.
    await expect(admin.getByRole('status').textContent()).resolves.toBe('自己点検を2件作成しました。');
  });

  it('should let the contractor answer its self-assessment item by item and submit it', async () => {
    const page = await signIn(ctx, contractorUser.email, contractorUser.password);
    await expect(page.content()).resolves.toContain('回答・提出が必要な自己点検');
    await page
      .getByRole('row', { name: /自己点検票/ })
      .getByRole('link', { name: /R8-情政-0001/ })
      .click();
    await page.waitForURL(/\/assessments\/[0-9a-f-]{36}/);
    assessmentUrl = page.url().replace(/[?#].*$/, '');
    const items = page.locator('form[action*="/answers?"] .item');
    const count = await items.count();
    expect(count).toBeGreaterThan(20);
    // The first duty not met; where evidence would be needed, 該当しない with the reason; every answer explained.
    let gap = -1;
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      const marks = (await item.locator('.item-marks').textContent()) ?? '';
      const evidence = marks.includes('根拠資料の添付が必要です');
      if (gap < 0 && !evidence && !marks.includes('推奨事項')) gap = i;
      const answer = i === gap ? '実施していない' : evidence ? '該当しない' : '実施している';
      await item.getByLabel(answer, { exact: true }).check();
      await item
        .locator('textarea[name^="comment_"]')
        .fill(
          i === gap
            ? '持出し用の USB メモリが暗号化されていません。'
            : '手順書に定め、担当者が確認しています。',
        );
    }
    await page.getByRole('button', { name: '保存する' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: '提出する' }).click();
    await page.waitForLoadState('load');
    await expect(page.content()).resolves.toContain('提出済み');
    await expectAccessible(page, 'assessment-submitted');
  });

  it('should let the officer record a finding and complete the review', async () => {
    const page = await signIn(ctx, officer.email, officer.password);
    await page.goto(assessmentUrl);
    await expectAccessible(page, 'assessment-review');
    const items = page.locator('form[action$="/review"] .item');
    const count = await items.count();
    // The finding on the item answered 実施していない (the first one so answered).
    let found = false;
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      const finding =
        !found && ((await item.locator('dl.facts').textContent()) ?? '').includes('実施していない');
      await item.getByLabel(finding ? '指摘' : '適合', { exact: true }).check();
      if (finding) {
        found = true;
        await item
          .locator('textarea[name^="note_"]')
          .fill('暗号化されていない媒体での持出しは認められません。');
        await item.locator('select[name^="severity_"]').selectOption('HIGH');
      }
    }
    expect(found).toBe(true);
    await page.getByRole('button', { name: '確認を完了する' }).click();
    await page.waitForLoadState('load');
    // Completing the review asks first, naming how many findings there are.
    await expect(page.locator('#confirm-what').textContent()).resolves.toMatch(/の確認を完了します。$/u);
    await expect(page.getByText(/指摘とした設問は\d+件です。/u).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'review-complete-confirm');
    await page.getByRole('button', { name: '実行する' }).click();
    await page.waitForLoadState('load');
    await expect(page.content()).resolves.toContain('確認済み');
    await expect(page.locator('.grade').textContent()).resolves.toBe('D');
    await expectAccessible(page, 'assessment-reviewed');
  });

  it('should let the administrator issue an improvement order from the finding', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    const assessmentId = assessmentUrl.split('/').pop() ?? '';
    await page.goto(`${ctx.baseUrl}/orders/new?assessmentId=${assessmentId}`);
    await page.locator('input[name="findingItemIds"]').first().check();
    await page.getByLabel('件名').fill('持出し媒体の暗号化の徹底');
    await page
      .getByLabel('指示の内容')
      .fill('持出しに用いる外部記録媒体をすべて暗号化し、管理台帳を整備すること。');
    await page.locator('#f-severity').selectOption('HIGH');
    await page.getByLabel('改善期限').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: '改善指示を発出する' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}/);
    orderUrl = page.url().replace(/[?#].*$/, '');
    await expect(page.content()).resolves.toContain('改善-0001');
    const notice = await page.request.get(
      `${orderUrl.replace('/orders/', '/api/improvement-orders/')}/notice.pdf`,
    );
    expect(notice.headers()['content-type']).toBe('application/pdf');
    await screenshot(page, 'order-issued');
  });

  it('should let the contractor submit a plan and, once accepted, report completion with evidence', async () => {
    const page = await signIn(ctx, contractorUser.email, contractorUser.password);
    await page.goto(orderUrl);
    await page.getByLabel('原因').fill('暗号化の手順が定められていなかった。');
    await page.getByLabel('是正措置').fill('全媒体を暗号化し、台帳に記録する。');
    await page.getByLabel('再発防止策').fill('持出し手順書を改め、四半期ごとに点検する。');
    await page
      .getByLabel('完了予定日')
      .fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: '改善計画書を提出する' }).click();
    await page.waitForLoadState('load');

    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await admin.goto(orderUrl);
    await admin.getByRole('button', { name: '改善計画を承認する' }).click();
    await admin.waitForLoadState('load');

    await page.goto(orderUrl);
    await page.locator('#f-file').setInputFiles({
      name: '暗号化台帳.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('媒体番号,暗号化\nUSB-001,済\n', 'utf8'),
    });
    await page.getByRole('button', { name: '添付する' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('実施した改善の内容').fill('全媒体の暗号化を完了し、台帳を整備しました。');
    await page.locator('input[name="evidenceIds"]').first().check();
    await page.getByRole('button', { name: '完了を報告する' }).click();
    await page.waitForLoadState('load');
    await expect(page.content()).resolves.toContain('完了確認待ち');
  });

  it('should let the administrator verify and close the order, with every step on the timeline', async () => {
    const page = await signIn(ctx, ADMIN.email, ADMIN.password);
    await page.goto(orderUrl);
    await page.locator('input[name="accepted"][value="true"]').check();
    await page.getByLabel('有効性の確認').fill('台帳と現物を確認し、有効と認めた。');
    await page.getByRole('button', { name: '確認の結果を記録する' }).click();
    await page.waitForLoadState('load');
    const html = await page.content();
    for (const step of [
      '改善指示の発出',
      '改善計画書の提出',
      '改善計画の承認',
      '完了報告',
      '改善の確認（完了）',
    ]) {
      expect(html).toContain(step);
    }
    await screenshot(page, 'order-closed');
  });

  it('should answer 404 when another contractor opens these pages', async () => {
    const admin = await signIn(ctx, ADMIN.email, ADMIN.password);
    await admin.goto(`${ctx.baseUrl}/contractors/new`);
    await admin.getByLabel(/^名称/).fill('無関係株式会社');
    await admin.getByLabel('所在地').fill('山形県米沢市');
    await admin.getByLabel('代表者').fill('代表取締役 他人 三郎');
    await admin.getByLabel('氏名').fill('他人 四郎');
    await admin.locator('input[name="securityOfficer.email"]').fill('sec@other.example.jp');
    await admin.getByLabel('電話番号').fill('0238-11-1111');
    await admin.getByRole('button', { name: '登録する' }).click();
    await admin.waitForLoadState('load');
    await createUser(admin, strangerUser, '他人 五郎', 'CONTRACTOR', '無関係株式会社');

    const stranger = await signIn(ctx, strangerUser.email, strangerUser.password);
    for (const url of [contractUrl, assessmentUrl, orderUrl]) {
      const res = await stranger.goto(url);
      expect({ url, status: res?.status() }).toEqual({ url, status: 404 });
      await expect(h1(stranger)).resolves.toBe('ページが見つかりません');
    }
  });
});
