import type request from 'supertest';
import type { Response } from 'supertest';
import { addDays, todayInJapan } from '../../src/common/clock';
import { formatWareki } from '../../src/common/dates/wareki';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  reviewedFinding,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf, submitForm, webSignIn } from '../utils/web-agent';

type Agent = ReturnType<typeof request.agent>;

/** Collects a binary body into a Buffer. */
function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

interface Item {
  id: string;
  articleNo: number;
  clauseTitle: string;
  question: string;
  basis: number | null;
  advisory: boolean;
  requiresComment: boolean;
  requiresEvidence: boolean;
  crossCheck: string | null;
  answer: string | null;
}

interface AssessmentBody {
  id: string;
  kind: string;
  status: string;
  version: number;
  periodStart: string;
  periodEnd: string;
  score: number | null;
  grade: string | null;
  items: (Item & { comment: string | null })[];
  crossChecks?: { itemId: string; check: string; message: string; workers: string[] }[];
}

/** The text of the element with this id (an error message beside a field). */
const textOf = (html: string, id: string): string | undefined =>
  new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
const timelineOf = (html: string): string =>
  html.slice(html.indexOf('<ol class="timeline"'), html.indexOf('</ol>'));
/** Text as Handlebars prints it (the catalogue's texts may come to hold any of these). */
const esc = (text: string): string =>
  text.replace(
    /[&<>"'`=]/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#x27;',
        '`': '&#x60;',
        '=': '&#x3D;',
      })[c] ?? c,
  );
/** The part of a page about one item: from its container to the next item's. */
function sectionOf(html: string, itemId: string): string {
  const start = html.indexOf(`id="item-${itemId}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = html.indexOf('id="item-', start + 1);
  return html.slice(start, next === -1 ? undefined : next);
}
/** 第5条第2項, or 第5条 when the item names no paragraph. */
const citation = (item: Pick<Item, 'articleNo' | 'basis'>): string =>
  `第${item.articleNo}条${item.basis ? `第${item.basis}項` : ''}`;
/** One row of a list page: the row that links to this assessment. */
function rowOf(html: string, id: string): string {
  const at = html.indexOf(`href="/assessments/${id}"`);
  expect(at).toBeGreaterThanOrEqual(0);
  return html.slice(html.lastIndexOf('<tr>', at), html.indexOf('</tr>', at));
}

/** The self-assessment and improvement-order pages, over HTTP with the session cookie and the CSRF token. */
describe('web UI: 自己点検と改善指示', () => {
  let ctx: TestContext;
  let adminToken: string;
  let contractorToken: string;
  let contractId: string;
  let companyId: string;
  /** The fiscal year's 自己点検票 (CHECKLIST) of the contract, and its items. */
  let assessmentId: string;
  let items: Item[];
  /** The 定期報告 (REPORT) of the period that includes today, and its items. */
  let reportId: string;
  let reportItems: Item[];
  /** A 定期報告 of a period long past (overdue), for the list. */
  let firstReportId: string;
  let orderId: string;
  let web: { admin: Agent; officer: Agent; contractor: Agent; stranger: Agent };
  const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  const untrainedWorker = '佐藤 未受講';

  /** Items picked by what they are, never by their text: the catalogue may change. */
  const plain = (): Item[] =>
    items.filter((i) => !i.advisory && !i.requiresComment && !i.requiresEvidence && !i.crossCheck);
  const target = (): Item => plain()[0];
  const advisoryItem = (): Item | undefined => items.find((i) => i.advisory && !i.requiresEvidence);
  const evidenceItems = (): Item[] => items.filter((i) => i.requiresEvidence);
  const trainingItem = (): Item | undefined => items.find((i) => i.crossCheck === 'roster-training');

  /** Opens a page and posts one of its forms with the page's CSRF token and version. */
  const post = (agent: Agent, page: string, action: string, fields: Record<string, string>) =>
    submitForm(agent, page, action, fields, { pageVersion: true });

  async function api(id: string, token = adminToken): Promise<AssessmentBody> {
    const res = await ctx
      .http()
      .get(`/api/assessments/${id}`)
      .set(...bearer(token));
    return res.body as AssessmentBody;
  }

  const apiAssessment = () => api(assessmentId);

  async function listOf(query: string, token: string): Promise<AssessmentBody[]> {
    const res = await ctx
      .http()
      .get(`/api/assessments?${query}`)
      .set(...bearer(token));
    return (res.body as { items: AssessmentBody[] }).items;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    const company = await createContractor(ctx, adminToken);
    companyId = company.id;
    const other = await createContractor(ctx, adminToken, { name: '株式会社米沢データ' });
    const contractor = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    const stranger = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', other.id);
    contractorToken = contractor.token;
    contractId = (await createApprovedContract(ctx, officer.token, company.id)).id;
    // As of the contract's first day (so the checklist and the first report are overdue by now), then today.
    for (const body of [{ asOf: '2026-04-01' }, {}]) {
      await ctx
        .http()
        .post('/api/assessments/generate')
        .set(...bearer(adminToken))
        .send(body)
        .expect(200);
    }
    assessmentId = (await listOf(`contractId=${contractId}&kind=CHECKLIST`, contractorToken))[0].id;
    items = (await api(assessmentId, contractorToken)).items;
    const reports = await listOf(`contractId=${contractId}&kind=REPORT`, contractorToken);
    const today = todayInJapan();
    const current = reports.find((r) => r.periodStart <= today && today <= r.periodEnd);
    expect(current).toBeDefined();
    reportId = current?.id ?? '';
    firstReportId = reports.find((r) => r.periodStart === '2026-04-01')?.id ?? '';
    reportItems = (await api(reportId, contractorToken)).items;
    // A worker on the roster without a training date, added today (within the current report's period).
    await ctx
      .http()
      .post(`/api/contracts/${contractId}/workers`)
      .set(...bearer(contractorToken))
      .send({
        name: untrainedWorker,
        employerContractorId: company.id,
        role: '運用担当',
        workLocation: '受託者本社（山形県長井市）',
      })
      .expect(201);
    web = {
      admin: await webSignIn(ctx, ADMIN.email, ADMIN.password),
      officer: await webSignIn(ctx, officer.email, officer.password),
      contractor: await webSignIn(ctx, contractor.email, contractor.password),
      stranger: await webSignIn(ctx, stranger.email, stranger.password),
    };
  });
  afterAll(async () => ctx.close());

  it('should list both kinds with a kind column, filter by kind and keep the filter in the form', async () => {
    const list = await web.contractor.get('/assessments');
    expect(list.status).toBe(200);
    expect(list.text).toContain('<th scope="col">種別</th>');
    expect(list.text).toContain('<th scope="col">提出期限</th>');
    expect(rowOf(list.text, assessmentId)).toContain('<td>自己点検票</td>');
    expect(rowOf(list.text, firstReportId)).toContain('<td>定期報告</td>');
    expect(rowOf(list.text, firstReportId)).toContain('期限超過');
    expect(rowOf(list.text, reportId)).not.toContain('期限超過');

    const reports = await web.contractor.get('/assessments?kind=REPORT');
    expect(reports.status).toBe(200);
    expect(reports.text).toContain('<option value="REPORT" selected>定期報告</option>');
    expect(reports.text).toContain(`href="/assessments/${reportId}"`);
    expect(reports.text).not.toContain(`href="/assessments/${assessmentId}"`);
    const checklists = await web.contractor.get(`/assessments?kind=CHECKLIST&contractId=${contractId}`);
    expect(checklists.text).toContain('<option value="CHECKLIST" selected>自己点検票</option>');
    expect(checklists.text).toContain(`href="/assessments/${assessmentId}"`);
    expect(checklists.text).not.toContain(`href="/assessments/${reportId}"`);

    const bad = await web.contractor.get('/assessments?kind=ANNUAL');
    expect(bad.status).toBe(400);
    expect(textOf(bad.text, 'filter-kind-error')).toBe('選択肢から選んでください。');
  });

  it('should show the checklist with the four answers, and beside each item its article and paragraph and what it needs', async () => {
    expect(plain().length).toBeGreaterThanOrEqual(3);
    expect(evidenceItems().length).toBeGreaterThan(0);
    expect(items.some((i) => i.requiresComment)).toBe(true);
    expect(advisoryItem()).toBeDefined();
    const page = await web.contractor.get(`/assessments/${assessmentId}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
    expect(page.text).toContain('の自己点検票</h1>');
    expect(page.text).toContain('<dt>種別</dt><dd>自己点検票</dd>');
    expect(page.text).toContain(`第${items[0].articleNo}条（${esc(items[0].clauseTitle)}）`);
    for (const item of items) {
      const section = sectionOf(page.text, item.id);
      expect(section).toContain(`<legend>${esc(item.question)}</legend>`);
      expect(section).toContain(`aria-describedby="marks-${item.id}"`);
      expect(section).toContain(`${item.advisory ? '関係条項' : '根拠条項'}：${citation(item)}</li>`);
      expect(section.includes('推奨事項（契約上の義務ではありません）')).toBe(item.advisory);
      expect(section.includes('説明の記入が必要です')).toBe(item.requiresComment);
      expect(section.includes('根拠資料の添付が必要です')).toBe(item.requiresEvidence);
      for (const label of ['実施している', '一部実施', '実施していない', '該当しない']) {
        expect(section).toMatch(new RegExp(`name="answer_${item.id}" value="[A-Z_]+"> ${label}</label>`));
      }
      expect(section).not.toContain('> はい</label>');
      expect(section).toContain(`<label for="f-comment_${item.id}">状況の説明</label>`);
    }
    const how = items.find((i) => i.requiresComment) as Item;
    expect(sectionOf(page.text, how.id)).toContain('この設問では、どの回答でも必須です。');
    expect(sectionOf(page.text, target().id)).toContain('「実施している」以外の回答では必須です。');
    const cited = items.find((i) => i.basis !== null) as Item;
    expect(page.text).toContain(`根拠条項：第${cited.articleNo}条第${cited.basis}項`);
    // One multipart form holds every answer, comment and file input (its CSRF token in the action URL), and
    // both 保存する and 提出する: no file or submission goes in a form of its own, losing what was typed.
    expect(page.text.match(/<form method="post" action="\/assessments\/[^"]+\/answers[?"]/g)).toHaveLength(1);
    expect(page.text).toContain(
      `<form method="post" action="/assessments/${assessmentId}/answers?_csrf=${csrfOf(page.text)}" enctype="multipart/form-data"`,
    );
    expect(page.text).toContain('name="intent" value="save" class="primary">保存する</button>');
    expect(page.text).toContain('name="intent" value="submit">提出する</button>');
    for (const item of items) {
      expect(sectionOf(page.text, item.id)).toContain(`name="file_${item.id}" multiple`);
    }
    expect(page.text).not.toContain('form="upload-');
    expect(page.text).not.toContain(`action="/assessments/${assessmentId}/submit"`);
    expect(page.text).not.toMatch(/<script(?! src="\/static\/app\.js" defer><\/script>)|style="/);
  });

  it('should keep every typed answer and show why a comment is needed beside each item that lacks one', async () => {
    const [partial, implemented, notImplemented] = plain();
    const how = items.find((i) => i.requiresComment && !i.requiresEvidence) as Item;
    const res = await post(
      web.contractor,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/answers`,
      {
        [`answer_${partial.id}`]: 'PARTIAL',
        [`comment_${partial.id}`]: '',
        [`answer_${implemented.id}`]: 'IMPLEMENTED',
        [`comment_${implemented.id}`]: '',
        [`answer_${notImplemented.id}`]: 'NOT_IMPLEMENTED',
        [`comment_${notImplemented.id}`]: '鍵の管理台帳を作成中です。',
        [`answer_${how.id}`]: 'IMPLEMENTED',
        [`comment_${how.id}`]: '',
      },
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `f-comment_${partial.id}-error`)).toBe(
      '「実施している」以外の回答には、状況の説明を記入してください。',
    );
    expect(textOf(res.text, `f-comment_${how.id}-error`)).toBe(
      'この設問では、「実施している」と回答する場合も、実施の状況を記入してください。',
    );
    expect(res.text).not.toContain(`f-comment_${notImplemented.id}-error`);
    expect(res.text).not.toContain(`f-comment_${implemented.id}-error`);
    // The summary at the top links to each field at fault.
    expect(res.text).toContain('<h2 id="problems-heading">確認が必要な設問</h2>');
    expect(res.text).toContain(
      `<a href="#f-comment_${partial.id}">${citation(partial)}　${esc(partial.question)}</a>`,
    );
    expect(res.text).toContain(`<a href="#f-comment_${how.id}">`);
    expect(res.text).toContain(`name="answer_${partial.id}" value="PARTIAL" checked>`);
    expect(res.text).toContain(`name="answer_${implemented.id}" value="IMPLEMENTED" checked>`);
    expect(res.text).toContain(`name="answer_${notImplemented.id}" value="NOT_IMPLEMENTED" checked>`);
    expect(res.text).toContain('>鍵の管理台帳を作成中です。</textarea>');
    expect((await apiAssessment()).items.every((i) => i.answer === null)).toBe(true);
  });

  it('should refuse an answer the checklist does not take, beside the item, naming the answers it does', async () => {
    const item = target();
    const res = await post(
      web.contractor,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/answers`,
      { [`answer_${item.id}`]: 'YES', [`comment_${item.id}`]: '研修を実施しました。' },
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `f-answer_${item.id}-error`)).toBe(
      'この回答は選べません。「実施している」、「一部実施」、「実施していない」又は「該当しない」から選んでください。',
    );
    expect(res.text).toContain(`<a href="#item-${item.id}">`);
    expect(res.text).toContain('>研修を実施しました。</textarea>');
    expect((await apiAssessment()).items.every((i) => i.answer === null)).toBe(true);
  });

  it('should save the answers through the form and come back with a message', async () => {
    const first = target();
    const answers = Object.fromEntries(
      items.flatMap((item) =>
        item.id === first.id
          ? [
              [`answer_${item.id}`, 'NOT_IMPLEMENTED'],
              [`comment_${item.id}`, '持出し用 USB メモリの暗号化が\r\n未対応です。'],
            ]
          : [
              [`answer_${item.id}`, 'IMPLEMENTED'],
              [`comment_${item.id}`, '手順書に定め、担当者が毎月確認しています。'],
            ],
      ),
    );
    const res = await post(
      web.contractor,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/answers`,
      answers,
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?flash=saved`);
    const page = await web.contractor.get(res.headers.location);
    expect(page.text).toContain('保存しました。');
    expect(page.text).toContain(`${items.length}問中${items.length}問に回答済み`);
    const stored = await apiAssessment();
    expect(stored.items.find((i) => i.id === first.id)).toMatchObject({
      answer: 'NOT_IMPLEMENTED',
      comment: '持出し用 USB メモリの暗号化が\r\n未対応です。',
    });
  });

  it('should refuse to submit without the evidence some answers need, listing and linking each item concerned', async () => {
    const res = await post(
      web.contractor,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/submit`,
      {},
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('根拠資料の添付を求める設問に、資料が添付されていないため提出できません。');
    for (const item of evidenceItems()) {
      expect(res.text).toContain(`<a href="#file-${item.id}">${citation(item)}　${esc(item.question)}</a>`);
      expect(textOf(res.text, `file-${item.id}-error`)).toBe(
        '「実施している」又は「一部実施」と回答したこの設問には、根拠資料（証跡ファイル）を添付してください。',
      );
      expect(res.text).toMatch(new RegExp(`aria-describedby="file-${item.id}-hint file-${item.id}-error"`));
    }
    expect(res.text).not.toContain(`id="file-${target().id}-error"`);
    expect((await apiAssessment()).status).toBe('OPEN');
  });

  it('should attach a CSV through the multipart form, list it with its download link, and refuse an HTML file beside the item', async () => {
    const [first, ...rest] = evidenceItems();
    const page = await web.contractor.get(`/assessments/${assessmentId}`);
    const csv = Buffer.from('\ufeff媒体,暗号化\nUSB-01,未対応\n', 'utf8');
    const res = await web.contractor
      .post(`/assessments/${assessmentId}/items/${first.id}/evidence?_csrf=${csrfOf(page.text)}`)
      .field('itemId', first.id)
      .attach('file', csv, { filename: '媒体一覧.csv', contentType: 'text/csv' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/assessments/${assessmentId}?flash=evidence-added&at=item-${first.id}#item-${first.id}`,
    );
    // The message is shown beside the item the jump lands on, not at the top of the page.
    const landed = (await web.contractor.get(String(res.headers.location))).text;
    expect(landed).toMatch(
      new RegExp(
        `id="item-${first.id}">\\s*<p class="flash" role="status">証跡ファイルを添付しました。</p>`,
        'u',
      ),
    );
    expect(landed.match(/class="flash"/gu)).toHaveLength(1);
    const after = await web.contractor.get(`/assessments/${assessmentId}`);
    const evidenceId = /<a href="\/api\/evidence\/([0-9a-f-]{36})">媒体一覧\.csv<\/a>/.exec(after.text)?.[1];
    expect(evidenceId).toBeDefined();
    expect(after.text).toContain(`form="remove-${evidenceId}"`);
    const download = await web.contractor.get(`/api/evidence/${evidenceId}`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect(download.body).toEqual(csv);
    for (const item of rest) {
      const upload = await web.contractor
        .post(`/assessments/${assessmentId}/items/${item.id}/evidence?_csrf=${csrfOf(after.text)}`)
        .field('itemId', item.id)
        .attach('file', Buffer.from('記録,日付\n研修,2026-04-01\n', 'utf8'), '記録.csv');
      expect(upload.status).toBe(303);
    }

    const other = target();
    const html = await web.contractor
      .post(`/assessments/${assessmentId}/items/${other.id}/evidence?_csrf=${csrfOf(after.text)}`)
      .field('itemId', other.id)
      .attach('file', Buffer.from('<html><body>x</body></html>'), 'report.csv');
    expect(html.status).toBe(415);
    expect(textOf(html.text, `file-${other.id}-error`)).toContain('添付できるのは PDF');
    expect(html.text).toContain('証跡ファイルを添付できませんでした。');
  });

  it('should refuse a form posted without its CSRF token and change nothing', async () => {
    const res = await web.contractor
      .post(`/assessments/${assessmentId}/submit`)
      .type('form')
      .send({ version: '3' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('フォームの有効期限が切れたか、不正な送信です。');
    const upload = await web.contractor
      .post(`/assessments/${assessmentId}/items/${items[0].id}/evidence`)
      .field('itemId', items[0].id)
      .attach('file', Buffer.from('a,b\n'), 'x.csv');
    expect(upload.status).toBe(403);
    expect((await apiAssessment()).status).toBe('OPEN');
  });

  it('should submit through the submit form and show the assessment read-only afterwards', async () => {
    const res = await post(
      web.contractor,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/submit`,
      {},
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?flash=submitted`);
    const page = await web.contractor.get(res.headers.location);
    expect(page.text).toContain('提出しました。');
    expect(page.text).toContain('提出済み（確認待ち）');
    expect(page.text).not.toContain(`action="/assessments/${assessmentId}/answers`);
    expect(page.text).toContain('持出し用 USB メモリの暗号化が<br>未対応です。');
    expect(sectionOf(page.text, target().id)).toContain(`根拠条項：${citation(target())}`);
    // The roster check is for the body only.
    expect(page.text).not.toContain('従事者名簿との照合');
  });

  it('should show the reviewer what the roster contradicts and how a finding on a 推奨事項 is recorded', async () => {
    const training = trainingItem();
    expect(training).toBeDefined();
    const advisory = advisoryItem() as Item;
    const page = await web.officer.get(`/assessments/${assessmentId}`);
    expect(page.text).toContain('>判定を保存</button>');
    expect(page.text).toContain('>確認を完了する</button>');
    expect(page.text).toContain('>差し戻す</button>');
    const checks = (await apiAssessment()).crossChecks ?? [];
    const check = checks.find((c) => c.itemId === training?.id);
    expect(check?.workers).toContain(untrainedWorker);
    const section = sectionOf(page.text, training?.id ?? '');
    expect(section).toContain(`<strong>従事者名簿との照合：</strong>${esc(check?.message ?? '')}`);
    expect(section).toContain(`該当する従事者：${untrainedWorker}`);
    expect(section).toContain(`href="/contracts/${contractId}/workers"`);
    expect(page.text).toContain('<h2 id="cross-checks">従事者名簿の記録と一致しない回答</h2>');
    expect(page.text).toContain(`<a href="#item-${training?.id}">`);

    const advisorySection = sectionOf(page.text, advisory.id);
    expect(advisorySection).toContain('推奨事項（契約上の義務ではありません）');
    expect(advisorySection).toContain(
      '推奨事項のため、「指摘」とした場合は推奨事項として記録します（契約違反とはせず、点数にも含めません。）。',
    );
    expect(advisorySection).toContain(`aria-describedby="f-verdict_${advisory.id}-hint"`);
    expect(sectionOf(page.text, target().id)).not.toContain('推奨事項のため');
  });

  it('should let the officer judge items, keep the note from the contractor until the review is complete, and show the score and grade', async () => {
    const first = target();
    const advisory = advisoryItem() as Item;
    const note = '暗号化されていない媒体での持出しは認められません。';
    const saved = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      {
        [`verdict_${first.id}`]: 'FINDING',
        [`note_${first.id}`]: note,
        [`severity_${first.id}`]: 'HIGH',
        complete: 'false',
      },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/assessments/${assessmentId}?flash=saved`);
    expect((await web.contractor.get(`/assessments/${assessmentId}`)).text).not.toContain(note);

    const early = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      { complete: 'true' },
    );
    expect(early.status).toBe(422);
    const unjudged = items.find((i) => i.id !== first.id) as Item;
    expect(textOf(early.text, `f-verdict_${unjudged.id}-error`)).toBe('判定を選んでください。');
    expect(early.text).not.toContain(`f-verdict_${first.id}-error`);

    const advice = '研修の受講状況を名簿と照合することが望まれます。';
    const rest = Object.fromEntries(
      items
        .filter((i) => i.id !== first.id && i.id !== advisory.id)
        .map((i) => [`verdict_${i.id}`, 'ACCEPTED']),
    );
    const verdicts = {
      [`verdict_${first.id}`]: 'FINDING',
      [`note_${first.id}`]: note,
      [`severity_${first.id}`]: 'HIGH',
      [`verdict_${advisory.id}`]: 'FINDING',
      [`note_${advisory.id}`]: advice,
      [`severity_${advisory.id}`]: 'LOW',
      ...rest,
      complete: 'true',
    };
    // 確認を完了する asks first (a confirmation page), and completes only with confirm=yes.
    const asked = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      verdicts,
    );
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('の確認を完了します。</strong>');
    expect(asked.text).toContain('指摘とした設問は2件です。');
    expect((await apiAssessment()).status).toBe('SUBMITTED');
    const done = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      {
        ...verdicts,
        confirm: 'yes',
      },
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/assessments/${assessmentId}?flash=reviewed`);
    const { score, grade, status } = await apiAssessment();
    expect(status).toBe('REVIEWED');
    expect(grade).toBe('D');
    const reviewed = await web.contractor.get(`/assessments/${assessmentId}`);
    expect(reviewed.text).toContain(`<dt>点数</dt><dd>${score?.toFixed(1)}%</dd>`);
    expect(reviewed.text).toContain('<dt>評定</dt><dd><strong class="grade">D</strong>');
    expect(reviewed.text).toContain(note);
    expect(sectionOf(reviewed.text, first.id)).toContain('指摘（重要度：重大）');
    expect(sectionOf(reviewed.text, advisory.id)).toContain('推奨事項として指摘（重要度：軽微）');
    expect(sectionOf(reviewed.text, advisory.id)).toContain(advice);

    const list = await web.officer.get(`/assessments?contractId=${contractId}&kind=CHECKLIST`);
    expect(rowOf(list.text, assessmentId)).toContain(`${score?.toFixed(1)}%（評定 D）`);
    expect(rowOf(list.text, assessmentId)).toContain('<td>確認済み</td>');
  });

  it('should issue an improvement order from the finding through the form, leaving the 推奨事項 out, and keep the input on an error', async () => {
    const first = target();
    const advisory = advisoryItem() as Item;
    const form = await web.admin.get(`/orders/new?assessmentId=${assessmentId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(
      `<input type="checkbox" id="f-findingItemIds" name="findingItemIds" value="${first.id}" checked> 第${first.articleNo}条（${esc(first.clauseTitle)}）　${esc(first.question)}`,
    );
    expect(form.text).not.toContain(`value="${advisory.id}"`);
    const fields: [string, string][] = [
      ['contractId', contractId],
      ['assessmentId', assessmentId],
      ['findingItemIds', first.id],
      ['clauseCode', ''],
      ['description', '持出し用媒体を暗号化し、その運用を定めてください。'],
      ['severity', 'HIGH'],
      ['dueDate', dueDate],
    ];
    const send = (html: string, extra: [string, string][]) =>
      web.admin
        .post('/orders')
        .type('form')
        .send(new URLSearchParams([['_csrf', csrfOf(html)], ...fields, ...extra]).toString());

    // A tampered form naming the 推奨事項 too: refused beside the findings.
    const advised = await send(form.text, [
      ['findingItemIds', advisory.id],
      ['title', '持出し媒体の暗号化の徹底'],
    ]);
    expect(advised.status).toBe(422);
    expect(textOf(advised.text, 'f-findingItemIds-error')).toBe(
      '推奨事項（契約上の義務ではない事項）についての指摘は、改善指示の根拠にできません。選択を外してください。',
    );
    // The error summary's link lands on the first finding's checkbox.
    expect(advised.text).toContain('href="#f-findingItemIds"');
    expect(advised.text).toContain('id="f-findingItemIds"');

    const refused = await send(advised.text, [['title', '']]);
    expect(refused.status).toBe(400);
    expect(textOf(refused.text, 'f-title-error')).toBe('入力してください。');
    expect(refused.text).toContain('>持出し用媒体を暗号化し、その運用を定めてください。</textarea>');
    expect(refused.text).toContain(`value="${dueDate}"`);

    const issued = await send(refused.text, [['title', '持出し媒体の暗号化の徹底']]);
    expect(issued.status).toBe(303);
    const location = /^\/orders\/([0-9a-f-]{36})\?flash=issued$/.exec(String(issued.headers.location));
    expect(location).not.toBeNull();
    orderId = location?.[1] ?? '';
    const page = await web.admin.get(String(issued.headers.location));
    expect(page.text).toContain('改善指示を発出しました。');
    expect(page.text).toContain(`<dd>${formatWareki(dueDate)}</dd>`);
    expect(page.text).toContain(`第${first.articleNo}条（${esc(first.clauseTitle)}）`);
    expect(page.text).toContain('<td>実施していない</td>');
    expect(page.text).toContain(`href="/api/improvement-orders/${orderId}/notice.pdf"`);
  });

  it('should take the order from plan to verified completion through the forms, with each step on the timeline in Japanese', async () => {
    const orderPage = `/orders/${orderId}`;
    const plan = await post(web.contractor, orderPage, `${orderPage}/plan`, {
      rootCause: '持出し手順に暗号化の確認が含まれていなかった。',
      correctiveAction: '全ての USB メモリを暗号化製品に交換する。',
      preventiveAction: '持出し簿に暗号化の確認欄を設ける。',
      plannedCompletionDate: dueDate,
    });
    expect(plan.status).toBe(303);
    expect(plan.headers.location).toBe(`${orderPage}?flash=submitted`);

    const noNote = await post(web.admin, orderPage, `${orderPage}/plan-decision`, {
      accepted: 'false',
      note: '',
    });
    expect(noNote.status).toBe(400);
    expect(textOf(noNote.text, 'f-note-error')).toBe('差戻しや再対応の指示には、理由を記入してください。');
    const accepted = await post(web.admin, orderPage, `${orderPage}/plan-decision`, { accepted: 'true' });
    expect(accepted.status).toBe(303);

    const before = await web.contractor.get(orderPage);
    expect(before.text).toContain('>完了を報告する</button>');
    const upload = await web.contractor
      .post(`${orderPage}/evidence?_csrf=${csrfOf(before.text)}`)
      .field('orderId', orderId)
      .attach('file', Buffer.from('媒体,暗号化\nUSB-01,済\n', 'utf8'), '交換記録.csv');
    expect(upload.status).toBe(303);
    const withFile = await web.contractor.get(orderPage);
    const evidenceId = /name="evidenceIds" value="([0-9a-f-]{36})" checked> 交換記録\.csv/.exec(
      withFile.text,
    )?.[1];
    expect(evidenceId).toBeDefined();
    const completion = await post(web.contractor, orderPage, `${orderPage}/completion`, {
      report: '全ての USB メモリを交換し、持出し簿を改めました。',
      evidenceIds: evidenceId ?? '',
    });
    expect(completion.status).toBe(303);

    const verified = await post(web.admin, orderPage, `${orderPage}/verification`, {
      accepted: 'true',
      effectivenessNote: '抜き打ち点検で暗号化を確認した。',
    });
    expect(verified.status).toBe(303);

    const done = await web.contractor.get(orderPage);
    expect(done.text).toContain('<dt>状態</dt><dd>完了</dd>');
    const timeline = timelineOf(done.text);
    const steps = ['改善指示の発出', '改善計画書の提出', '改善計画の承認', '完了報告', '改善の確認（完了）'];
    const at = steps.map((step) => timeline.indexOf(`<strong>${step}</strong>`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(timeline).toContain('全ての USB メモリを暗号化製品に交換する。');
    expect(timeline).toContain('抜き打ち点検で暗号化を確認した。');
    expect(timeline).toContain(`<a href="/api/evidence/${evidenceId}">交換記録.csv</a>`);
    expect(timeline).toContain('（受託者）');
    expect(timeline).toContain('（情報セキュリティ管理者）');
    expect(done.text).not.toContain(`action="${orderPage}/withdrawal"`);
  });

  describe('定期報告 (REPORT)', () => {
    /** Items answered はい, each with its own details; the rest いいえ. */
    const changes = (): Item | undefined => reportItems.find((i) => i.crossCheck === 'roster-changes');
    const yesItems = (): Item[] => reportItems.filter((i) => i.crossCheck !== 'roster-changes').slice(0, 2);
    const details = (i: number): string =>
      `報告期間中の事項その${i + 1}：10月${i + 10}日に発生し、同日中に対応しました。`;

    it('should offer はい and いいえ per item, with details said to be required for はい, and each item cited', async () => {
      expect(reportItems.length).toBeGreaterThanOrEqual(3);
      const page = await web.contractor.get(`/assessments/${reportId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('の定期報告</h1>');
      expect(page.text).toContain('<dt>種別</dt><dd>定期報告</dd>');
      expect(page.text).toContain('<dt>報告期間</dt>');
      expect(page.text).toContain(`${reportItems.length}項目中0項目に回答済み`);
      expect(page.text).toContain('<h2>報告事項と回答</h2>');
      for (const item of reportItems) {
        const section = sectionOf(page.text, item.id);
        expect(section).toContain(`<legend>${esc(item.question)}</legend>`);
        expect(section).toContain(`name="answer_${item.id}" value="YES"> はい</label>`);
        expect(section).toContain(`name="answer_${item.id}" value="NO"> いいえ</label>`);
        expect(section).not.toContain('実施している');
        expect(section).toContain(`<label for="f-comment_${item.id}">詳細</label>`);
        expect(section).toContain('「はい」と回答した場合は必須です。');
        expect(section).toContain(`：${citation(item)}</li>`);
      }
    });

    it('should refuse はい without details and an answer of the checklist, each beside its item', async () => {
      const [first, second] = reportItems;
      const page = `/assessments/${reportId}`;
      const noDetails = await post(web.contractor, page, `${page}/answers`, {
        [`answer_${first.id}`]: 'YES',
        [`comment_${first.id}`]: '',
        [`answer_${second.id}`]: 'NO',
        [`comment_${second.id}`]: '',
      });
      expect(noDetails.status).toBe(400);
      expect(textOf(noDetails.text, `f-comment_${first.id}-error`)).toBe(
        '「はい」と回答した項目には、詳細を記入してください。',
      );
      expect(noDetails.text).not.toContain(`f-comment_${second.id}-error`);
      expect(noDetails.text).toContain('<h2 id="problems-heading">確認が必要な項目</h2>');
      expect(noDetails.text).toContain(`name="answer_${first.id}" value="YES" checked>`);

      const wrong = await post(web.contractor, page, `${page}/answers`, {
        [`answer_${first.id}`]: 'IMPLEMENTED',
        [`comment_${first.id}`]: '',
      });
      expect(wrong.status).toBe(400);
      expect(textOf(wrong.text, `f-answer_${first.id}-error`)).toBe(
        'この回答は選べません。「はい」又は「いいえ」から選んでください。',
      );
      expect((await api(reportId)).items.every((i) => i.answer === null)).toBe(true);
    });

    it('should save and submit the report, then show the reviewer every はい with its details at the top and the roster check beside its item', async () => {
      expect(changes()).toBeDefined();
      const yes = yesItems();
      const page = `/assessments/${reportId}`;
      const answers = Object.fromEntries(
        reportItems.flatMap((item) => {
          const i = yes.indexOf(item);
          return i >= 0
            ? [
                [`answer_${item.id}`, 'YES'],
                [`comment_${item.id}`, details(i)],
              ]
            : [
                [`answer_${item.id}`, 'NO'],
                [`comment_${item.id}`, ''],
              ];
        }),
      );
      const saved = await post(web.contractor, page, `${page}/answers`, answers);
      expect(saved.status).toBe(303);
      const after = await web.contractor.get(page);
      expect(after.text).toContain(`${reportItems.length}項目中${reportItems.length}項目に回答済み`);
      const submitted = await post(web.contractor, page, `${page}/submit`, {});
      expect(submitted.status).toBe(303);
      // The contractor sees neither the summary for the body nor the roster check.
      const own = await web.contractor.get(page);
      expect(own.text).not.toContain('id="report-yes"');
      expect(own.text).not.toContain('従事者名簿との照合');

      const review = await web.officer.get(page);
      expect(review.status).toBe(200);
      const start = review.text.indexOf(
        '<h2 id="report-yes">報告された事項（「はい」と回答された項目）</h2>',
      );
      expect(start).toBeGreaterThanOrEqual(0);
      const box = review.text.slice(start, review.text.indexOf('</section>', start));
      yes.forEach((item, i) => {
        expect(box).toContain(`<a href="#item-${item.id}">${esc(item.question)}</a>`);
        expect(box).toContain(details(i));
      });
      for (const item of reportItems.filter((i) => !yes.includes(i))) {
        expect(box).not.toContain(`#item-${item.id}"`);
      }
      // The box comes before the items.
      expect(start).toBeLessThan(review.text.indexOf(`id="item-${reportItems[0].id}"`));

      const check = ((await api(reportId)).crossChecks ?? []).find((c) => c.itemId === changes()?.id);
      expect(check?.workers).toContain(untrainedWorker);
      const section = sectionOf(review.text, changes()?.id ?? '');
      expect(section).toContain(`<strong>従事者名簿との照合：</strong>${esc(check?.message ?? '')}`);
      expect(section).toContain(`該当する従事者：${untrainedWorker}`);
      expect(review.text).toContain('定期報告には点数を付けません。');
      expect(section).toMatch(
        new RegExp(`name="verdict_${changes()?.id}" value="ACCEPTED"> 確認した（問題なし）</label>`),
      );
    });

    it('should complete the review of a report without a score or grade', async () => {
      const page = `/assessments/${reportId}`;
      const verdicts = Object.fromEntries(reportItems.map((i) => [`verdict_${i.id}`, 'ACCEPTED']));
      const asked = await post(web.officer, page, `${page}/review`, { ...verdicts, complete: 'true' });
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('の定期報告（契約「');
      expect(asked.text).toContain('の確認を完了します。</strong>');
      const done = await post(web.officer, page, `${page}/review`, {
        ...verdicts,
        complete: 'true',
        confirm: 'yes',
      });
      expect(done.status).toBe(303);
      expect(done.headers.location).toBe(`${page}?flash=reviewed`);
      const reviewed = await web.officer.get(page);
      expect(reviewed.text).toContain('<dt>状態</dt><dd>確認済み</dd>');
      expect(reviewed.text).not.toContain('<dt>点数</dt>');
      expect(reviewed.text).not.toContain('<dt>評定</dt>');
      expect(reviewed.text).toContain('<h2 id="report-yes">');
      expect(sectionOf(reviewed.text, reportItems[0].id)).toContain(
        '<dt>判定</dt><dd>確認した（問題なし）</dd>',
      );
      const list = await web.officer.get(`/assessments?contractId=${contractId}&kind=REPORT`);
      expect(rowOf(list.text, reportId)).toMatch(/<td class="num">—<\/td>\s*$/);
    });
  });

  it("should answer 404 for another company's assessment and order, and list neither", async () => {
    expect((await web.stranger.get(`/assessments/${assessmentId}`)).status).toBe(404);
    expect((await web.stranger.get(`/assessments/${reportId}`)).status).toBe(404);
    const order = await web.stranger.get(`/orders/${orderId}`);
    expect(order.status).toBe(404);
    expect(order.text).toContain('ページが見つかりません');
    expect((await web.stranger.get('/assessments')).text).not.toContain(assessmentId);
    expect((await web.stranger.get('/orders')).text).not.toContain(orderId);
  });

  it('should filter the order list and keep the filters in the form', async () => {
    const closed = await web.admin.get(`/orders?status=CLOSED&contractId=${contractId}`);
    expect(closed.status).toBe(200);
    expect(closed.text).toContain(`href="/orders/${orderId}"`);
    expect(closed.text).toContain('<option value="CLOSED" selected>完了</option>');
    const open = await web.admin.get('/orders?status=ISSUED');
    expect(open.text).not.toContain(`href="/orders/${orderId}"`);
    const bad = await web.admin.get('/orders?contractId=not-an-id');
    expect(bad.status).toBe(400);
    expect(textOf(bad.text, 'filter-contractId-error')).toBe('選択肢から選んでください。');
    // The error summary links to the filter's own field.
    expect(bad.text).toContain('href="#filter-contractId"');
    expect(bad.text).toContain('<select id="filter-contractId"');
  });

  it('should issue a free-standing order citing a paragraph and the facts found, for administrators only', async () => {
    const form = await web.admin.get(`/orders/new?contractId=${contractId}`);
    const article = /<option value="(CONFIDENTIALITY)">第(\d+)条（([^）]+)）<\/option>/.exec(form.text);
    expect(article).not.toBeNull();
    expect(form.text).toContain('<label for="f-facts">確認した事実及びその方法</label>');
    const post = (fields: Record<string, string | undefined>) =>
      web.admin
        .post('/orders')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          contractId,
          title: '秘密の保持の徹底',
          description: '本業務に関して知り得た情報の取扱いを見直してください。',
          severity: 'LOW',
          dueDate,
          ...fields,
        });
    const noBasis = await post({});
    expect(noBasis.status).toBe(400);
    expect(textOf(noBasis.text, 'f-clauseCode-error')).toBe(
      '改善指示の根拠として、指摘事項を選ぶか、条項を選んでください。',
    );
    const noFacts = await post({ clauseCode: article?.[1] });
    expect(noFacts.status).toBe(400);
    expect(textOf(noFacts.text, 'f-facts-error')).toBe(
      '指摘事項によらずに発出する場合は、確認した事実及びその方法を記入してください。',
    );
    const facts = '令和8年7月1日の立入検査において、従事者以外の者に業務資料を閲覧させていたことを確認した。';
    // 第9項 does not exist; the message lists the paragraphs that put a duty on 乙.
    const noneFound = await post({ clauseCode: article?.[1], facts });
    expect(noneFound.status).toBe(400);
    expect(textOf(noneFound.text, 'f-foundHow-error')).toBe(
      '指摘事項によらずに発出する場合は、事実を確認した日及びその方法を記入してください。',
    );
    const found = { foundOn: '2026-07-01', foundHow: '甲の職員による現地確認' };
    const notADuty = await post({ clauseCode: article?.[1], clauseParagraphs: '9', facts, ...found });
    expect(notADuty.status).toBe(422);
    expect(textOf(notADuty.text, 'f-clauseParagraphs-error')).toContain('引用できる項は、第1項');
    const issued = await post({ clauseCode: article?.[1], clauseParagraphs: '１', facts, ...found });
    expect(issued.status).toBe(303);
    const page = await web.admin.get(String(issued.headers.location));
    expect(page.text).toContain(`特記事項 第${article?.[2]}条第1項（${article?.[3]}）`);
    expect(page.text).toContain(facts);
    expect(page.text).toMatch(/<dt>文書番号<\/dt><dd>置広情第\d+号/u);
    expect(page.text).toContain('>改善指示を取り下げる</button>');
    expect((await web.officer.get('/orders/new')).status).toBe(403);
  });

  it('should offer an administrator the order form from a reviewed assessment with findings', async () => {
    const company = await createContractor(ctx, adminToken, { name: '株式会社南陽システム' });
    const user = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    const second = await createApprovedContract(ctx, adminToken, company.id);
    const { assessmentId: reviewedId, item } = await reviewedFinding(
      ctx,
      { admin: adminToken, officer: adminToken, contractor: user.token },
      second.id,
    );
    const reviewedPage = await web.admin.get(`/assessments/${reviewedId}`);
    expect(reviewedPage.text).toContain(`href="/orders/new?assessmentId=${reviewedId}"`);
    expect(reviewedPage.text).not.toContain(`action="/assessments/${reviewedId}/return"`);
    expect(reviewedPage.text).toContain('<dt>評定</dt><dd><strong class="grade">D</strong>');
    const officerView = await web.officer.get(`/assessments/${reviewedId}`);
    expect(officerView.text).not.toContain('/orders/new?assessmentId=');
    const form = await web.admin.get(`/orders/new?assessmentId=${reviewedId}`);
    expect(form.text).toContain(`value="${item.id}" checked> 第${item.articleNo}条`);
    expect(form.text).toContain('<option value="HIGH" selected>重大</option>');
  });

  it('should require a message to send a submitted assessment back, and show it to the contractor', async () => {
    const company = await createContractor(ctx, adminToken, { name: '株式会社高畠ネット' });
    const user = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    const contract = await createApprovedContract(ctx, adminToken, company.id);
    await ctx
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(adminToken))
      .send({ asOf: '2026-04-01' })
      .expect(200);
    const id = (await listOf(`contractId=${contract.id}&kind=CHECKLIST`, user.token))[0].id;
    const detail = await api(id, user.token);
    const saved = await ctx
      .http()
      .put(`/api/assessments/${id}/items`)
      .set(...bearer(user.token))
      .send({ version: detail.version, items: detail.items.map((i) => acceptableAnswer(i)) });
    await ctx
      .http()
      .post(`/api/assessments/${id}/submit`)
      .set(...bearer(user.token))
      .send({ version: (saved.body as { version: number }).version })
      .expect(200);

    const empty = await post(web.officer, `/assessments/${id}`, `/assessments/${id}/return`, { message: '' });
    expect(empty.status).toBe(400);
    expect(textOf(empty.text, 'f-message-error')).toBe('入力してください。');
    const message = '第1条の回答の根拠資料を添付してください。';
    const sent = await post(web.officer, `/assessments/${id}`, `/assessments/${id}/return`, { message });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`/assessments/${id}?flash=returned`);
    const contractorWeb = await webSignIn(ctx, user.email, user.password);
    const page = await contractorWeb.get(`/assessments/${id}`);
    expect(page.text).toContain('<h2 id="returned">差戻しの理由</h2>');
    expect(page.text).toContain(message);
    expect(page.text).toContain(`action="/assessments/${id}/answers?_csrf=`);
  });

  it('should show a checklist asked for on demand with its due date', async () => {
    const contract = await createApprovedContract(ctx, adminToken, companyId);
    const created = await ctx
      .http()
      .post('/api/assessments')
      .set(...bearer(adminToken))
      .send({ contractId: contract.id, dueDate: addDays(todayInJapan(), 10) })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const page = await web.contractor.get(`/assessments/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<dt>種別</dt><dd>自己点検票</dd>');
    expect(page.text).toContain(`<dt>提出期限</dt><dd>${formatWareki(addDays(todayInJapan(), 10))}</dd>`);
  });
});
