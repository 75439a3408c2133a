import type { Page } from 'playwright-core';
import { addDays, todayInJapan } from '../../src/common/clock';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
} from '../factories';
import { ADMIN, bearer, login, type TestContext } from '../utils/test-app';
import { apiContext, expectAccessible, signIn, startBrowserTest, type BrowserContext } from './support';

interface ItemBody {
  id: string;
  articleNo: number;
  advisory: boolean;
  requiresComment: boolean;
  requiresEvidence: boolean;
  crossCheck: string | null;
  answer: string | null;
  comment: string | null;
  verdict?: string | null;
  evidence: { fileName: string }[];
}

interface AssessmentBody {
  id: string;
  status: string;
  version: number;
  answeredCount: number;
  items: ItemBody[];
}

const HTML = Buffer.from('<html><body>not evidence</body></html>');
const CSV = Buffer.from('\ufeff媒体,暗号化\nUSB-01,済\n', 'utf8');

/**
 * What a newcomer lost before, walked in Chromium: a file attached to one question threw the answers away,
 * 提出する without 保存する threw them all away, the completion report's text went when evidence was attached,
 * and the count said 0 beside answers on screen. Each step reads the fields back from the page after the post,
 * checks the count, and runs axe-core on every state.
 */
describe('入力が失われないこと in a real browser, checked with axe-core', () => {
  let ctx: BrowserContext;
  let api: TestContext;
  let adminToken: string;
  let officer: { email: string; password: string; token: string };
  let contractor: { email: string; password: string; token: string };
  let companyId: string;
  let checklist: AssessmentBody;

  async function get(path: string, token = adminToken): Promise<unknown> {
    const res = await api
      .http()
      .get(path)
      .set(...bearer(token));
    expect(res.status).toBe(200);
    return res.body;
  }
  const stored = async (): Promise<AssessmentBody> =>
    (await get(`/api/assessments/${checklist.id}`)) as AssessmentBody;

  const go = async (page: Page, path: string): Promise<void> => {
    await page.goto(`${ctx.baseUrl}${path}`);
  };
  const press = async (page: Page, name: string): Promise<void> => {
    await page.getByRole('button', { name, exact: true }).click();
    await page.waitForLoadState('load');
  };
  const answerOf = (page: Page, itemId: string, value: string) =>
    page.locator(`input[name="answer_${itemId}"][value="${value}"]`);
  const commentOf = (page: Page, itemId: string) => page.locator(`#f-comment_${itemId}`);

  beforeAll(async () => {
    ctx = await startBrowserTest();
    api = apiContext(ctx);
    adminToken = await login(api, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(api, adminToken, 'OFFICER');
    const company = await createContractor(api, adminToken, { name: '株式会社置賜データ保全' });
    companyId = company.id;
    contractor = await createUserAndLogin(api, adminToken, 'CONTRACTOR', company.id);
    const contract = await createApprovedContract(api, officer.token, company.id);
    await api
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(adminToken))
      .send({})
      .expect(200);
    const list = (await get(
      `/api/assessments?contractId=${contract.id}&kind=CHECKLIST`,
      contractor.token,
    )) as {
      items: { id: string }[];
    };
    checklist = (await get(`/api/assessments/${list.items[0].id}`)) as AssessmentBody;
  });
  afterAll(async () => ctx.close());

  it('should keep every answer typed when a file is refused, attach it with the answers once it is right, and count what is shown', async () => {
    const plain = checklist.items.filter(
      (i) => !i.advisory && !i.requiresComment && !i.requiresEvidence && !i.crossCheck,
    );
    const [a, b] = plain;
    const evidence = checklist.items.find((i) => i.requiresEvidence && !i.requiresComment) as ItemBody;
    const total = checklist.items.length;
    const page = await signIn(ctx, contractor.email, contractor.password);
    await go(page, `/assessments/${checklist.id}`);
    await expect(page.locator('.save-bar-progress').textContent()).resolves.toBe(`${total}問中0問に回答済み`);
    // The save bar stays in view (the test files are compiled without the DOM's types, hence the string).
    await expect(
      page.evaluate("getComputedStyle(document.querySelector('.save-bar')).position"),
    ).resolves.toBe('sticky');
    await expectAccessible(page, 'no-data-loss-checklist');

    const multiLine = '半数の端末で実施済みです。\n残りは今月中に実施します。';
    await answerOf(page, a.id, 'PARTIAL').check();
    await commentOf(page, a.id).fill(multiLine);
    await answerOf(page, b.id, 'IMPLEMENTED').check();
    await answerOf(page, evidence.id, 'IMPLEMENTED').check();
    await commentOf(page, evidence.id).fill('媒体の台帳で管理しています。');
    await page.locator(`#file-${evidence.id}`).setInputFiles({
      name: '台帳.html',
      mimeType: 'text/html',
      buffer: HTML,
    });
    await press(page, '保存する');
    // Refused for the file: every answer as typed, the error beside the question, nothing saved.
    await expect(page.locator(`#file-${evidence.id}-error`).textContent()).resolves.toContain(
      '台帳.html：添付できるのは PDF',
    );
    await expect(page.locator(`#file-${evidence.id}-unattached`).textContent()).resolves.toBe(
      '選択した「台帳.html」は添付していません。もう一度選んでください。',
    );
    await expect(answerOf(page, a.id, 'PARTIAL').isChecked()).resolves.toBe(true);
    await expect(commentOf(page, a.id).inputValue()).resolves.toBe(multiLine);
    await expect(answerOf(page, b.id, 'IMPLEMENTED').isChecked()).resolves.toBe(true);
    await expect(answerOf(page, evidence.id, 'IMPLEMENTED').isChecked()).resolves.toBe(true);
    await expect(commentOf(page, evidence.id).inputValue()).resolves.toBe('媒体の台帳で管理しています。');
    await expect(page.locator('.save-bar-progress').textContent()).resolves.toBe(
      `${total}問中3問に回答を選択（保存済みは0問です。「保存する」を押すまで保存されません。）`,
    );
    expect((await stored()).answeredCount).toBe(0);
    await expectAccessible(page, 'no-data-loss-file-refused');

    // The right file, chosen again: answers and file saved in the one post.
    await page.locator(`#file-${evidence.id}`).setInputFiles({
      name: '台帳.csv',
      mimeType: 'text/csv',
      buffer: CSV,
    });
    await press(page, '保存する');
    await expect(page.getByRole('status').textContent()).resolves.toBe('保存しました。');
    await expect(answerOf(page, a.id, 'PARTIAL').isChecked()).resolves.toBe(true);
    await expect(commentOf(page, a.id).inputValue()).resolves.toBe(multiLine);
    await expect(page.locator(`#item-${evidence.id} a[href^="/api/evidence/"]`).textContent()).resolves.toBe(
      '台帳.csv',
    );
    await expect(page.locator('.save-bar-progress').textContent()).resolves.toBe(`${total}問中3問に回答済み`);
    const saved = await stored();
    expect(saved.answeredCount).toBe(3);
    // What the browser sent is what is kept (its line break as CR LF), without anything added.
    expect(saved.items.find((i) => i.id === a.id)?.comment?.replace(/\r\n/g, '\n')).toBe(multiLine);
    expect(saved.items.find((i) => i.id === evidence.id)?.evidence.map((e) => e.fileName)).toEqual([
      '台帳.csv',
    ]);
    await expectAccessible(page, 'no-data-loss-saved-with-file');
  });

  it('should save on 提出する, keep every answer when it cannot submit, and list and link each missing question', async () => {
    const before = await stored();
    const next = before.items.find(
      (i) => i.answer === null && !i.advisory && !i.requiresComment && !i.requiresEvidence,
    ) as ItemBody;
    const page = await signIn(ctx, contractor.email, contractor.password);
    await go(page, `/assessments/${checklist.id}`);
    await answerOf(page, next.id, 'NOT_APPLICABLE').check();
    await commentOf(page, next.id).fill('本業務では該当しません。');
    await press(page, '提出する');
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      '回答を保存しました。提出はまだしていません。',
    );
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      '未回答の設問があるため提出できません。',
    );
    await expect(answerOf(page, next.id, 'NOT_APPLICABLE').isChecked()).resolves.toBe(true);
    await expect(commentOf(page, next.id).inputValue()).resolves.toBe('本業務では該当しません。');
    const after = await stored();
    expect(after.status).toBe('OPEN');
    expect(after.answeredCount).toBe(before.answeredCount + 1);
    const missing = after.items.filter((i) => i.answer === null);
    await expect(page.locator('.problems a').count()).resolves.toBe(missing.length);
    await expect(page.locator('.problems a').first().getAttribute('href')).resolves.toBe(
      `#item-${missing[0].id}`,
    );
    // The count is what was kept.
    await expect(page.locator('.save-bar-progress').textContent()).resolves.toBe(
      `${after.items.length}問中${after.answeredCount}問に回答済み`,
    );
    await expectAccessible(page, 'no-data-loss-submit-refused');

    // The contents by article, and only the unanswered questions on request.
    await expect(page.locator('.article-nav li').count()).resolves.toBe(
      new Set(after.items.map((i) => i.articleNo)).size,
    );
    await page.getByRole('link', { name: `未回答の設問（${missing.length}）` }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('form .item').count()).resolves.toBe(missing.length);
    await expect(page.locator('.filter-note').textContent()).resolves.toContain(
      '未回答の設問だけを表示しています',
    );
    await expectAccessible(page, 'no-data-loss-unanswered-only');
  });

  it('should let the reviewer accept the remaining items of one article only after ticking its confirmation', async () => {
    // The rest answered and submitted through the API.
    const before = await stored();
    const rest = before.items.filter((i) => i.answer === null).map((i) => acceptableAnswer(i));
    const saved = await api
      .http()
      .put(`/api/assessments/${checklist.id}/items`)
      .set(...bearer(contractor.token))
      .send({ version: before.version, items: rest });
    expect(saved.status).toBe(200);
    await api
      .http()
      .post(`/api/assessments/${checklist.id}/submit`)
      .set(...bearer(contractor.token))
      .send({ version: (saved.body as { version: number }).version })
      .expect(200);

    const counts = new Map<number, number>();
    for (const item of before.items) counts.set(item.articleNo, (counts.get(item.articleNo) ?? 0) + 1);
    const article = [...counts].find(([, n]) => n >= 2)?.[0] as number;
    const elsewhere = before.items.find((i) => i.articleNo !== article) as ItemBody;
    const page = await signIn(ctx, officer.email, officer.password);
    await go(page, `/assessments/${checklist.id}`);
    await expectAccessible(page, 'no-data-loss-review');
    await page.locator(`input[name="verdict_${elsewhere.id}"][value="FINDING"]`).check();
    await page.locator(`#f-note_${elsewhere.id}`).fill('記録が残されていません。');
    await page.locator(`#f-severity_${elsewhere.id}`).selectOption('LOW');
    const button = `第${article}条の未判定の設問をすべて「適合」とする`;
    await press(page, button);
    await expect(page.locator(`#accept-${article}-error`).textContent()).resolves.toContain(
      '確認の欄にチェックを入れてください',
    );
    await expect(
      page.locator(`input[name="verdict_${elsewhere.id}"][value="FINDING"]`).isChecked(),
    ).resolves.toBe(true);
    await expect(page.locator(`#f-note_${elsewhere.id}`).inputValue()).resolves.toBe(
      '記録が残されていません。',
    );
    await expect(page.locator(`#f-severity_${elsewhere.id}`).inputValue()).resolves.toBe('LOW');
    expect((await stored()).items.every((i) => i.verdict === null)).toBe(true);
    await expectAccessible(page, 'no-data-loss-accept-unconfirmed');

    await page.locator(`input[name="acceptConfirm"][value="${article}"]`).check();
    await press(page, button);
    await expect(page.getByRole('status').textContent()).resolves.toBe('保存しました。');
    const after = await stored();
    for (const item of after.items.filter((i) => i.articleNo === article)) {
      expect(item.verdict).toBe('ACCEPTED');
      await expect(
        page.locator(`input[name="verdict_${item.id}"][value="ACCEPTED"]`).isChecked(),
      ).resolves.toBe(true);
    }
    expect(after.items.find((i) => i.id === elsewhere.id)?.verdict).toBe('FINDING');
    await expect(
      page.locator(`.article-nav a[href="#article-${article}"] + .count`).textContent(),
    ).resolves.toBe(`判定済み ${counts.get(article)}／${counts.get(article)}問`);
    await expectAccessible(page, 'no-data-loss-article-accepted');
  });

  it('should keep the completion report as typed when evidence is attached, refused or not', async () => {
    const contract = await createApprovedContract(api, officer.token, companyId);
    const finding = await reviewedFinding(
      api,
      { admin: adminToken, officer: officer.token, contractor: contractor.token },
      contract.id,
    );
    const order = await issueOrder(api, adminToken, contract.id, { findingItemIds: [finding.item.id] });
    const orderId = order.id;
    const plan = await api
      .http()
      .post(`/api/improvement-orders/${orderId}/plan`)
      .set(...bearer(contractor.token))
      .send({
        version: order.version,
        rootCause: '暗号化の手順が定められていなかった。',
        correctiveAction: '暗号化機能付きの媒体に限った。',
        preventiveAction: '四半期ごとに持出し記録を点検する。',
        plannedCompletionDate: addDays(todayInJapan(), 20),
      });
    expect(plan.status).toBe(200);
    await api
      .http()
      .post(`/api/improvement-orders/${orderId}/plan-decision`)
      .set(...bearer(adminToken))
      .send({ version: (plan.body as { version: number }).version, accepted: true })
      .expect(200);

    const report = '全媒体の暗号化を完了しました。\n台帳を整備し、四半期ごとに点検します。';
    const page = await signIn(ctx, contractor.email, contractor.password);
    await go(page, `/orders/${orderId}`);
    await page.getByLabel('実施した改善の内容').fill(report);
    await page.locator('#f-file').setInputFiles({ name: '台帳.html', mimeType: 'text/html', buffer: HTML });
    await press(page, '添付する');
    await expect(page.locator('#f-file-error').textContent()).resolves.toContain(
      '台帳.html：添付できるのは PDF',
    );
    await expect(page.getByLabel('実施した改善の内容').inputValue()).resolves.toBe(report);
    await expectAccessible(page, 'no-data-loss-order-file-refused');

    await page
      .locator('#f-file')
      .setInputFiles({ name: '暗号化台帳.csv', mimeType: 'text/csv', buffer: CSV });
    await press(page, '添付する');
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      '証跡ファイルを添付しました。完了の報告は、まだ送信していません。',
    );
    await expect(page.getByLabel('実施した改善の内容').inputValue()).resolves.toBe(report);
    await expect(page.getByLabel(/暗号化台帳\.csv/).isChecked()).resolves.toBe(true);
    await expectAccessible(page, 'no-data-loss-order-attached');

    await press(page, '完了を報告する');
    const after = (await get(`/api/improvement-orders/${orderId}`)) as {
      status: string;
      events: { type: string; body: string | null; evidence: { fileName: string }[] }[];
    };
    expect(after.status).toBe('COMPLETION_REPORTED');
    const event = after.events.find((e) => e.type === 'COMPLETION_REPORTED');
    expect(event?.body?.replace(/\r\n/g, '\n')).toBe(report);
    expect(event?.evidence.map((e) => e.fileName)).toEqual(['暗号化台帳.csv']);
  });
});
