import type request from 'supertest';
import { addDays, todayInJapan } from '../../src/common/clock';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf, versionOf, webSignIn } from '../utils/web-agent';

type Agent = ReturnType<typeof request.agent>;

interface Item {
  id: string;
  articleNo: number;
  question: string;
  advisory: boolean;
  requiresComment: boolean;
  requiresEvidence: boolean;
  crossCheck: string | null;
  answer: string | null;
  comment: string | null;
  verdict: string | null;
  reviewNote: string | null;
  severity: string | null;
  evidence: { id: string; fileName: string }[];
}

interface AssessmentBody {
  id: string;
  status: string;
  version: number;
  answeredCount: number;
  items: Item[];
}

/** The CSRF token in a multipart form's action URL. */
const actionTokenOf = (html: string): string => /\?_csrf=([^"&]+)"/.exec(html)?.[1] ?? '';
const textOf = (html: string, id: string): string | undefined =>
  new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
/** The items a page lists, in page order. */
const itemIdsOf = (html: string): string[] =>
  [...html.matchAll(/<(?:div|section) class="item[^"]*" id="item-([0-9a-f-]{36})"/g)].map((m) => m[1]);
const CSV = Buffer.from('\ufeff媒体,暗号化\nUSB-01,済\n', 'utf8');
const HTML = Buffer.from('<html><body>not evidence</body></html>');

/**
 * Nothing typed is lost on the self-assessment and improvement-order pages: files go in the same post as the
 * answers, 提出する saves first, a refusal shows every answer as typed; the filters, the article counts and the
 * reviewer's 「すべて適合とする」 per article. Over HTTP, every change read back through the API.
 */
describe('web UI: 入力が失われないこと（自己点検・改善指示）', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officerToken: string;
  let contractorToken: string;
  let companyId: string;
  let assessmentId: string;
  let items: Item[];
  let web: { officer: Agent; contractor: Agent; admin: Agent };

  const plain = (): Item[] =>
    items.filter((i) => !i.advisory && !i.requiresComment && !i.requiresEvidence && !i.crossCheck);
  const evidenceItems = (): Item[] => items.filter((i) => i.requiresEvidence);

  async function api(id: string): Promise<AssessmentBody> {
    const res = await ctx
      .http()
      .get(`/api/assessments/${id}`)
      .set(...bearer(adminToken));
    expect(res.status).toBe(200);
    return res.body as AssessmentBody;
  }

  /**
   * Posts the answer form of the page as the browser does (multipart, its token in the action URL): the fields
   * given, and files by item.
   */
  async function postAnswers(
    fields: Record<string, string>,
    files: { itemId: string; name: string; bytes: Buffer }[] = [],
    page = `/assessments/${assessmentId}`,
  ) {
    const html = (await web.contractor.get(page)).text;
    let req = web.contractor
      .post(`/assessments/${assessmentId}/answers?_csrf=${actionTokenOf(html)}`)
      .field('version', versionOf(html));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    for (const file of files) req = req.attach(`file_${file.itemId}`, file.bytes, file.name);
    return req;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    officerToken = officer.token;
    const company = await createContractor(ctx, adminToken);
    companyId = company.id;
    const contractor = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    contractorToken = contractor.token;
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    await ctx
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(adminToken))
      .send({})
      .expect(200);
    const list = await ctx
      .http()
      .get(`/api/assessments?contractId=${contract.id}&kind=CHECKLIST`)
      .set(...bearer(contractorToken));
    assessmentId = (list.body as { items: { id: string }[] }).items[0].id;
    items = (await api(assessmentId)).items;
    // A worker without a training date: the roster contradicts the training item once it is answered 実施している.
    await ctx
      .http()
      .post(`/api/contracts/${contract.id}/workers`)
      .set(...bearer(contractorToken))
      .send({
        name: '佐藤 未受講',
        employerContractorId: company.id,
        role: '運用担当',
        workLocation: '受託者本社（山形県長井市）',
      })
      .expect(201);
    web = {
      officer: await webSignIn(ctx, officer.email, officer.password),
      contractor: await webSignIn(ctx, contractor.email, contractor.password),
      admin: await webSignIn(ctx, ADMIN.email, ADMIN.password),
    };
  });
  afterAll(async () => ctx.close());

  it('should refuse a file of the wrong type beside its question, save and attach nothing, and show every answer as typed', async () => {
    const [a, b] = plain();
    const evidence = evidenceItems()[0];
    const res = await postAnswers(
      {
        [`answer_${a.id}`]: 'PARTIAL',
        [`comment_${a.id}`]: '半数の端末で実施済みです。',
        [`answer_${b.id}`]: 'IMPLEMENTED',
        [`comment_${b.id}`]: '',
        [`answer_${evidence.id}`]: 'IMPLEMENTED',
        [`comment_${evidence.id}`]: '台帳で管理しています。',
        intent: 'save',
      },
      [
        { itemId: evidence.id, name: '台帳.html', bytes: HTML },
        { itemId: a.id, name: '記録.csv', bytes: CSV },
      ],
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `file-${evidence.id}-error`)).toBe(
      '台帳.html：添付できるのは PDF、PNG、JPEG、Excel（.xlsx）、Word（.docx）と UTF-8 のテキスト・CSV です。',
    );
    expect(res.text).toContain(`<a href="#file-${evidence.id}">`);
    // Every answer and comment as typed, and the files that were not attached named where they were chosen.
    expect(res.text).toContain(`name="answer_${a.id}" value="PARTIAL" checked>`);
    expect(res.text).toContain(`name="answer_${b.id}" value="IMPLEMENTED" checked>`);
    expect(res.text).toContain(`name="answer_${evidence.id}" value="IMPLEMENTED" checked>`);
    expect(res.text).toContain('>半数の端末で実施済みです。</textarea>');
    expect(res.text).toContain('>台帳で管理しています。</textarea>');
    expect(textOf(res.text, `file-${a.id}-unattached`)).toBe(
      '選択した「記録.csv」は添付していません。もう一度選んでください。',
    );
    expect(res.text).toContain('選択した証跡ファイルは添付していません。');
    // The count says what the page shows, and that none of it is saved yet.
    expect(res.text).toContain(`${items.length}問中3問に回答を選択（保存済みは0問です。`);
    const stored = await api(assessmentId);
    expect(stored.items.every((i) => i.answer === null && i.evidence.length === 0)).toBe(true);
  });

  it('should refuse answers that lack their explanation without attaching the files chosen with them', async () => {
    const [a] = plain();
    const evidence = evidenceItems()[0];
    const res = await postAnswers(
      {
        [`answer_${a.id}`]: 'NOT_IMPLEMENTED',
        [`comment_${a.id}`]: '',
        [`answer_${evidence.id}`]: 'IMPLEMENTED',
        [`comment_${evidence.id}`]: '台帳で管理しています。',
        intent: 'save',
      },
      [{ itemId: evidence.id, name: '台帳.csv', bytes: CSV }],
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `f-comment_${a.id}-error`)).toBe(
      '「実施している」以外の回答には、状況の説明を記入してください。',
    );
    expect(res.text).toContain(`name="answer_${a.id}" value="NOT_IMPLEMENTED" checked>`);
    expect(res.text).toContain('>台帳で管理しています。</textarea>');
    expect(textOf(res.text, `file-${evidence.id}-unattached`)).toBe(
      '選択した「台帳.csv」は添付していません。もう一度選んでください。',
    );
    const stored = await api(assessmentId);
    expect(stored.items.every((i) => i.answer === null && i.evidence.length === 0)).toBe(true);
  });

  it('should refuse more than 20 files in one post beside the question, keeping the answers as typed', async () => {
    const [a] = plain();
    const evidence = evidenceItems()[0];
    const files = Array.from({ length: 21 }, (_, n) => ({
      itemId: evidence.id,
      name: `記録${n + 1}.csv`,
      bytes: CSV,
    }));
    const res = await postAnswers(
      { [`answer_${a.id}`]: 'IMPLEMENTED', [`comment_${a.id}`]: '毎月確認しています。', intent: 'save' },
      files,
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `file-${evidence.id}-error`)).toBe(
      '記録21.csv：一度に添付できる証跡ファイルは20件までです。残りのファイルは、保存した後に改めて選んでください。',
    );
    expect(res.text).toContain(`name="answer_${a.id}" value="IMPLEMENTED" checked>`);
    expect(res.text).toContain('>毎月確認しています。</textarea>');
    const stored = await api(assessmentId);
    expect(stored.items.every((i) => i.answer === null && i.evidence.length === 0)).toBe(true);
  });

  it('should save the answers and attach each question’s files in the one post', async () => {
    const [a, b] = plain();
    const evidence = evidenceItems()[0];
    const res = await postAnswers(
      {
        [`answer_${a.id}`]: 'PARTIAL',
        [`comment_${a.id}`]: '半数の端末で実施済みです。',
        [`answer_${b.id}`]: 'IMPLEMENTED',
        [`comment_${b.id}`]: '',
        [`answer_${evidence.id}`]: 'IMPLEMENTED',
        [`comment_${evidence.id}`]: '台帳で管理しています。',
        intent: 'save',
      },
      [
        { itemId: evidence.id, name: '台帳.csv', bytes: CSV },
        { itemId: evidence.id, name: '点検記録.csv', bytes: Buffer.from('日付,結果\n4/1,良\n', 'utf8') },
      ],
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?flash=saved`);
    const stored = await api(assessmentId);
    const byId = new Map(stored.items.map((i) => [i.id, i]));
    expect(byId.get(a.id)).toMatchObject({ answer: 'PARTIAL', comment: '半数の端末で実施済みです。' });
    expect(byId.get(b.id)).toMatchObject({ answer: 'IMPLEMENTED' });
    expect(byId.get(evidence.id)).toMatchObject({ answer: 'IMPLEMENTED', comment: '台帳で管理しています。' });
    expect(byId.get(evidence.id)?.evidence.map((e) => e.fileName)).toEqual(['台帳.csv', '点検記録.csv']);
    expect(stored.answeredCount).toBe(3);
    const page = await web.contractor.get(String(res.headers.location));
    expect(page.text).toContain('保存しました。');
    expect(page.text).toContain(`${items.length}問中3問に回答済み`);
  });

  it('should attach a file alone, without any answer chosen on the page', async () => {
    const evidence = evidenceItems()[1] ?? evidenceItems()[0];
    const before = (await api(assessmentId)).items.find((i) => i.id === evidence.id)?.evidence.length ?? 0;
    const res = await postAnswers({ intent: 'save' }, [
      { itemId: evidence.id, name: '規程.txt', bytes: CSV },
    ]);
    expect(res.status).toBe(303);
    const after = (await api(assessmentId)).items.find((i) => i.id === evidence.id);
    expect(after?.evidence.length).toBe(before + 1);
    expect(after?.evidence.at(-1)?.fileName).toBe('規程.txt');
  });

  it('should list and link only the unanswered questions with ?show=unanswered, every article still in the contents with its counts', async () => {
    const stored = await api(assessmentId);
    const unanswered = stored.items.filter((i) => i.answer === null);
    const res = await web.contractor.get(`/assessments/${assessmentId}?show=unanswered`);
    expect(res.status).toBe(200);
    expect(itemIdsOf(res.text)).toEqual(unanswered.map((i) => i.id));
    expect(res.text).toContain('<input type="hidden" name="show" value="unanswered">');
    expect(res.text).toContain(
      `未回答の設問だけを表示しています（${items.length}問中${unanswered.length}問）。`,
    );
    expect(res.text).toContain(
      `href="/assessments/${assessmentId}?show=unanswered" aria-current="page">未回答の設問（${unanswered.length}）</a>`,
    );
    // The contents: every article, with answered / total, linking to its heading (which is on the page).
    for (const articleNo of new Set(items.map((i) => i.articleNo))) {
      const all = stored.items.filter((i) => i.articleNo === articleNo);
      const answered = all.filter((i) => i.answer !== null).length;
      expect(res.text).toMatch(
        new RegExp(
          `<li><a href="#article-${articleNo}">第${articleNo}条（[^<]*）</a> <span class="count">回答済み ${answered}／${all.length}問</span></li>`,
        ),
      );
      expect(res.text).toContain(`<h3 id="article-${articleNo}">`);
    }
    // A contractor is not shown the roster checks, so it has no such filter.
    expect(res.text).not.toContain('?show=contradicted');
    const bad = await web.contractor.get(`/assessments/${assessmentId}?show=everything`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('表示の絞り込みの指定が正しくないため、すべての設問を表示しています。');
    expect(itemIdsOf(bad.text)).toHaveLength(items.length);
  });

  it('should keep the filter after a save from the filtered page', async () => {
    const unanswered = (await api(assessmentId)).items.filter(
      (i) => i.answer === null && !i.requiresEvidence && !i.requiresComment,
    );
    const first = unanswered[0];
    const res = await postAnswers(
      {
        show: 'unanswered',
        [`answer_${first.id}`]: 'IMPLEMENTED',
        [`comment_${first.id}`]: '',
        intent: 'save',
      },
      [],
      `/assessments/${assessmentId}?show=unanswered`,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?show=unanswered&flash=saved`);
    const page = await web.contractor.get(String(res.headers.location));
    expect(itemIdsOf(page.text)).not.toContain(first.id);
    expect((await api(assessmentId)).items.find((i) => i.id === first.id)?.answer).toBe('IMPLEMENTED');
  });

  it('should save first on 提出する and, when it cannot submit, keep every answer and list each missing question at the top', async () => {
    const stored = await api(assessmentId);
    const open = stored.items.filter((i) => i.answer === null);
    const [typedNow, ...missing] = open.filter((i) => !i.requiresEvidence && !i.requiresComment);
    const stillMissing = open.filter((i) => i.id !== typedNow.id);
    const res = await postAnswers({
      [`answer_${typedNow.id}`]: 'NOT_APPLICABLE',
      [`comment_${typedNow.id}`]: '本業務では該当しません。',
      intent: 'submit',
    });
    expect(missing.length).toBeGreaterThan(0);
    expect(res.status).toBe(422);
    expect(res.text).toContain('回答を保存しました。提出はまだしていません。');
    expect(res.text).toContain('未回答の設問があるため提出できません。');
    for (const item of stillMissing) {
      expect(res.text).toContain(`<li><a href="#item-${item.id}">`);
      expect(textOf(res.text, `f-answer_${item.id}-error`)).toBe('回答を選んでください。');
    }
    expect(res.text).toContain(`name="answer_${typedNow.id}" value="NOT_APPLICABLE" checked>`);
    expect(res.text).toContain('>本業務では該当しません。</textarea>');
    const after = await api(assessmentId);
    expect(after.status).toBe('OPEN');
    expect(after.items.find((i) => i.id === typedNow.id)).toMatchObject({
      answer: 'NOT_APPLICABLE',
      comment: '本業務では該当しません。',
    });
    // The count is what was kept: the saved answers, the same as those shown.
    expect(after.answeredCount).toBe(items.length - stillMissing.length);
    expect(res.text).toContain(`${items.length}問中${after.answeredCount}問に回答済み`);
    expect(res.text).toContain(`<input type="hidden" name="version" value="${after.version}">`);
  });

  it('should submit with 提出する once every answer is given, the files attached in the same post', async () => {
    const stored = await api(assessmentId);
    const fields: Record<string, string> = { intent: 'submit' };
    const files: { itemId: string; name: string; bytes: Buffer }[] = [];
    for (const item of stored.items) {
      if (item.answer !== null) continue;
      if (item.requiresEvidence) {
        fields[`answer_${item.id}`] = 'IMPLEMENTED';
        fields[`comment_${item.id}`] = '台帳で管理しています。';
        files.push({ itemId: item.id, name: `証跡-${item.articleNo}.csv`, bytes: CSV });
      } else {
        const answer = acceptableAnswer(item);
        fields[`answer_${item.id}`] = answer.answer;
        fields[`comment_${item.id}`] = answer.comment;
      }
    }
    // Answered before with 実施している and evidence required, but without a file yet: attach one now.
    for (const item of stored.items) {
      if (item.answer === 'IMPLEMENTED' && item.requiresEvidence && item.evidence.length === 0)
        files.push({ itemId: item.id, name: '追加.csv', bytes: CSV });
    }
    const res = await postAnswers(fields, files);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?flash=submitted`);
    const after = await api(assessmentId);
    expect(after.status).toBe('SUBMITTED');
    expect(after.answeredCount).toBe(items.length);
    for (const file of files) {
      expect(after.items.find((i) => i.id === file.itemId)?.evidence.map((e) => e.fileName)).toContain(
        file.name,
      );
    }
  });

  it('should show the reviewer the contradicted items with ?show=contradicted and the unjudged ones with ?show=unjudged', async () => {
    const stored = await api(assessmentId);
    const contradicted = await ctx
      .http()
      .get(`/api/assessments/${assessmentId}`)
      .set(...bearer(officerToken));
    const checks = (contradicted.body as { crossChecks: { itemId: string }[] }).crossChecks;
    expect(checks.length).toBeGreaterThan(0);
    const page = await web.officer.get(`/assessments/${assessmentId}?show=contradicted`);
    expect(page.status).toBe(200);
    expect(itemIdsOf(page.text)).toEqual(
      stored.items.filter((i) => checks.some((c) => c.itemId === i.id)).map((i) => i.id),
    );
    const unjudged = await web.officer.get(`/assessments/${assessmentId}?show=unjudged`);
    expect(itemIdsOf(unjudged.text)).toHaveLength(items.length);
    expect(unjudged.text).toContain(`${items.length}問中0問を判定済み`);
  });

  it('should accept the unjudged items of one article only once the reviewer ticks the confirmation, keeping every verdict typed', async () => {
    const stored = await api(assessmentId);
    const counts = new Map<number, number>();
    for (const item of stored.items) counts.set(item.articleNo, (counts.get(item.articleNo) ?? 0) + 1);
    const article = [...counts].find(([, n]) => n >= 2)?.[0] as number;
    const [finding, ...rest] = stored.items.filter((i) => i.articleNo === article);
    const elsewhere = stored.items.find((i) => i.articleNo !== article) as Item;
    const html = (await web.officer.get(`/assessments/${assessmentId}`)).text;
    expect(html).toContain(
      `name="acceptArticle" value="${article}">第${article}条の未判定の設問をすべて「適合」とする</button>`,
    );
    const typed = {
      _csrf: csrfOf(html),
      version: versionOf(html),
      [`verdict_${finding.id}`]: 'FINDING',
      [`note_${finding.id}`]: '手順書が改定されていません。',
      [`severity_${finding.id}`]: 'MEDIUM',
      [`verdict_${elsewhere.id}`]: 'ACCEPTED',
      acceptArticle: String(article),
    };

    const unconfirmed = await web.officer
      .post(`/assessments/${assessmentId}/review`)
      .type('form')
      .send(typed);
    expect(unconfirmed.status).toBe(400);
    expect(textOf(unconfirmed.text, `accept-${article}-error`)).toBe(
      `第${article}条の未判定の設問をまとめて判定するには、確認の欄にチェックを入れてください。`,
    );
    expect(unconfirmed.text).toContain(`name="verdict_${finding.id}" value="FINDING" checked>`);
    expect(unconfirmed.text).toContain('>手順書が改定されていません。</textarea>');
    expect((await api(assessmentId)).items.every((i) => i.verdict === null)).toBe(true);

    const confirmed = await web.officer
      .post(`/assessments/${assessmentId}/review`)
      .type('form')
      .send({ ...typed, acceptConfirm: String(article) });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).toBe(
      `/assessments/${assessmentId}?flash=saved&at=article-${article}#article-${article}`,
    );
    const after = await api(assessmentId);
    const byId = new Map(after.items.map((i) => [i.id, i]));
    expect(after.status).toBe('SUBMITTED');
    expect(byId.get(finding.id)).toMatchObject({
      verdict: 'FINDING',
      reviewNote: '手順書が改定されていません。',
      severity: 'MEDIUM',
    });
    for (const item of rest) expect(byId.get(item.id)?.verdict).toBe('ACCEPTED');
    expect(byId.get(elsewhere.id)?.verdict).toBe('ACCEPTED');
    const untouched = after.items.filter((i) => i.articleNo !== article && i.id !== elsewhere.id);
    expect(untouched.every((i) => i.verdict === null)).toBe(true);
    // The article's button is gone once nothing in it is left to judge.
    const page = await web.officer.get(`/assessments/${assessmentId}`);
    expect(page.text).not.toContain(`name="acceptArticle" value="${article}"`);
    expect(page.text).toContain(`判定済み ${counts.get(article)}／${counts.get(article)}問`);
  });

  it('should keep the completion report as typed when evidence is attached, and report with the files of the same post', async () => {
    const contract = await createApprovedContract(ctx, officerToken, companyId);
    const finding = await reviewedFinding(
      ctx,
      { admin: adminToken, officer: officerToken, contractor: contractorToken },
      contract.id,
    );
    const order = await issueOrder(ctx, adminToken, contract.id, { findingItemIds: [finding.item.id] });
    const orderId = order.id;
    const plan = await ctx
      .http()
      .post(`/api/improvement-orders/${orderId}/plan`)
      .set(...bearer(contractorToken))
      .send({
        version: order.version,
        rootCause: '暗号化の手順が定められていなかった。',
        correctiveAction: '暗号化機能付きの媒体に限った。',
        preventiveAction: '四半期ごとに持出し記録を点検する。',
        plannedCompletionDate: addDays(todayInJapan(), 20),
      });
    expect(plan.status).toBe(200);
    await ctx
      .http()
      .post(`/api/improvement-orders/${orderId}/plan-decision`)
      .set(...bearer(adminToken))
      .send({ version: (plan.body as { version: number }).version, accepted: true })
      .expect(200);

    const pageUrl = `/orders/${orderId}`;
    const report = '全媒体の暗号化を完了し、\r\n台帳を整備しました。';
    const html = (await web.contractor.get(pageUrl)).text;
    expect(html).toContain(`action="/orders/${orderId}/completion?_csrf=`);
    expect(html).not.toContain(`action="/orders/${orderId}/evidence`);
    const completion = (page: string) =>
      web.contractor
        .post(`/orders/${orderId}/completion?_csrf=${actionTokenOf(page)}`)
        .field('version', versionOf(page))
        .field('report', report);

    // A file of the wrong type: refused, and the text stays as typed.
    const refused = await completion(html).field('intent', 'attach').attach('file', HTML, '台帳.html');
    expect(refused.status).toBe(415);
    expect(textOf(refused.text, 'f-file-error')).toContain('台帳.html：添付できるのは PDF');
    expect(refused.text).toContain('>全媒体の暗号化を完了し、\r\n台帳を整備しました。</textarea>');

    // 添付する: the file is attached, ticked, and the text is still there.
    const attached = await completion(refused.text)
      .field('intent', 'attach')
      .attach('file', CSV, '暗号化台帳.csv');
    expect(attached.status).toBe(200);
    expect(attached.text).toContain('証跡ファイルを添付しました。完了の報告は、まだ送信していません。');
    expect(attached.text).toContain('>全媒体の暗号化を完了し、\r\n台帳を整備しました。</textarea>');
    const firstId = /name="evidenceIds" value="([0-9a-f-]{36})" checked> 暗号化台帳\.csv/.exec(
      attached.text,
    )?.[1];
    expect(firstId).toBeDefined();
    const stillOpen = await ctx
      .http()
      .get(`/api/improvement-orders/${orderId}`)
      .set(...bearer(adminToken));
    expect((stillOpen.body as { status: string }).status).toBe('IN_PROGRESS');

    // 完了を報告する with one more file chosen: attached first, then reported with both.
    const reported = await completion(attached.text)
      .field('evidenceIds', firstId as string)
      .field('intent', 'complete')
      .attach('file', Buffer.from('確認日,結果\n7/1,良\n', 'utf8'), '確認記録.csv');
    expect(reported.status).toBe(303);
    const after = await ctx
      .http()
      .get(`/api/improvement-orders/${orderId}`)
      .set(...bearer(adminToken));
    const body = after.body as {
      status: string;
      events: { type: string; body: string | null; evidence: { id: string; fileName: string }[] }[];
    };
    expect(body.status).toBe('COMPLETION_REPORTED');
    const event = body.events.find((e) => e.type === 'COMPLETION_REPORTED');
    expect(event?.body).toBe(report);
    expect(event?.evidence.map((e) => e.fileName).sort()).toEqual(['暗号化台帳.csv', '確認記録.csv'].sort());
  });
});
