import request, { type Response } from 'supertest';
import { formatWareki } from '../../src/common/dates/wareki';
import { createApprovedContract, createContractor, createUserAndLogin, reviewedFinding } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

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
}

const csrfOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const versionOf = (html: string): string => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
/** The text of the element with this id (an error message beside a field). */
const textOf = (html: string, id: string): string | undefined =>
  new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1];
const timelineOf = (html: string): string =>
  html.slice(html.indexOf('<ol class="timeline"'), html.indexOf('</ol>'));

/** The self-assessment and improvement-order pages, over HTTP with the session cookie and the CSRF token. */
describe('web UI: 自己点検と改善指示', () => {
  let ctx: TestContext;
  let adminToken: string;
  let contractorToken: string;
  let contractId: string;
  let assessmentId: string;
  let items: Item[];
  let orderId: string;
  let web: { admin: Agent; officer: Agent; contractor: Agent; stranger: Agent };
  const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

  async function signIn(email: string, password: string): Promise<Agent> {
    const agent = request.agent(ctx.app.getHttpServer());
    const form = await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email, password });
    expect(res.status).toBe(303);
    return agent;
  }

  /** Opens a page and posts one of its forms with the page's CSRF token and version. */
  async function post(agent: Agent, page: string, action: string, fields: Record<string, unknown>) {
    const html = (await agent.get(page)).text;
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(html), version: versionOf(html), ...fields });
  }

  async function apiAssessment(): Promise<{
    status: string;
    score: number | null;
    items: { id: string; answer: string | null; comment: string | null }[];
  }> {
    const res = await ctx
      .http()
      .get(`/api/assessments/${assessmentId}`)
      .set(...bearer(adminToken));
    return res.body as Awaited<ReturnType<typeof apiAssessment>>;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    const company = await createContractor(ctx, adminToken);
    const other = await createContractor(ctx, adminToken, { name: '株式会社米沢データ' });
    const contractor = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    const stranger = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', other.id);
    contractorToken = contractor.token;
    contractId = (await createApprovedContract(ctx, officer.token, company.id)).id;
    await ctx
      .http()
      .post('/api/assessments/generate')
      .set(...bearer(adminToken))
      .send({ asOf: '2026-04-01' })
      .expect(200);
    const list = await ctx
      .http()
      .get(`/api/assessments?contractId=${contractId}`)
      .set(...bearer(contractorToken));
    assessmentId = (list.body as { items: { id: string }[] }).items[0].id;
    items = (
      (
        await ctx
          .http()
          .get(`/api/assessments/${assessmentId}`)
          .set(...bearer(contractorToken))
      ).body as { items: Item[] }
    ).items;
    web = {
      admin: await signIn(ADMIN.email, ADMIN.password),
      officer: await signIn(officer.email, officer.password),
      contractor: await signIn(contractor.email, contractor.password),
      stranger: await signIn(stranger.email, stranger.password),
    };
  });
  afterAll(async () => ctx.close());

  it('should list the contractor its assessment and show one answer form with the questions under their articles', async () => {
    expect(items.length).toBeGreaterThanOrEqual(3);
    const list = await web.contractor.get('/assessments');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`href="/assessments/${assessmentId}"`);
    expect(list.text).toContain('<th scope="col">提出期限</th>');
    expect(list.text).toContain('期限超過');

    const page = await web.contractor.get(`/assessments/${assessmentId}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/<h1>/g)).toHaveLength(1);
    expect(page.text).toContain(`第${items[0].articleNo}条（${items[0].clauseTitle}）`);
    expect(page.text).toContain(`<legend>${items[0].question}</legend>`);
    for (const label of ['実施している', '一部実施', '実施していない', '該当しない']) {
      expect(page.text).toContain(`<label><input type="radio" name="answer_${items[0].id}" value=`);
      expect(page.text).toMatch(new RegExp(`name="answer_${items[0].id}" value="[A-Z_]+"> ${label}</label>`));
    }
    expect(page.text).toContain(`<label for="f-comment_${items[0].id}">状況の説明</label>`);
    expect(page.text).toContain('「実施している」以外の回答では必須です。');
    expect(page.text.match(/<form method="post" action="\/assessments\/[^"]+\/answers"/g)).toHaveLength(1);
    expect(page.text).toContain('>保存する</button>');
    expect(page.text).toContain('>提出する</button>');
    expect(page.text).toContain(
      `action="/assessments/${assessmentId}/items/${items[0].id}/evidence?_csrf=${csrfOf(page.text)}"`,
    );
    expect(page.text).not.toMatch(/<script|style="/);
  });

  it('should keep every typed answer and show the error beside the one PARTIAL answer without a comment', async () => {
    const [partial, implemented, notImplemented] = items;
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
      },
    );
    expect(res.status).toBe(400);
    expect(textOf(res.text, `f-comment_${partial.id}-error`)).toBe(
      '「実施している」以外の回答には、状況の説明を記入してください。',
    );
    expect(res.text).not.toContain(`f-comment_${notImplemented.id}-error`);
    expect(res.text).not.toContain(`f-comment_${implemented.id}-error`);
    expect(res.text).toContain(`name="answer_${partial.id}" value="PARTIAL" checked>`);
    expect(res.text).toContain(`name="answer_${implemented.id}" value="IMPLEMENTED" checked>`);
    expect(res.text).toContain(`name="answer_${notImplemented.id}" value="NOT_IMPLEMENTED" checked>`);
    expect(res.text).toContain('>鍵の管理台帳を作成中です。</textarea>');
    expect((await apiAssessment()).items.every((i) => i.answer === null)).toBe(true);
  });

  it('should save the answers through the form and come back with a message', async () => {
    const answers = Object.fromEntries(
      items.flatMap((item, i) =>
        i === 0
          ? [
              [`answer_${item.id}`, 'NOT_IMPLEMENTED'],
              [`comment_${item.id}`, '持出し用 USB メモリの暗号化が\r\n未対応です。'],
            ]
          : [[`answer_${item.id}`, 'IMPLEMENTED']],
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
    expect(stored.items.find((i) => i.id === items[0].id)).toMatchObject({
      answer: 'NOT_IMPLEMENTED',
      comment: '持出し用 USB メモリの暗号化が\r\n未対応です。',
    });
  });

  it('should attach a CSV through the multipart form, list it with its download link, and refuse an HTML file beside the item', async () => {
    const page = await web.contractor.get(`/assessments/${assessmentId}`);
    const csv = Buffer.from('\ufeff媒体,暗号化\nUSB-01,未対応\n', 'utf8');
    const res = await web.contractor
      .post(`/assessments/${assessmentId}/items/${items[0].id}/evidence?_csrf=${csrfOf(page.text)}`)
      .field('itemId', items[0].id)
      .attach('file', csv, { filename: '媒体一覧.csv', contentType: 'text/csv' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${assessmentId}?flash=saved#item-${items[0].id}`);
    const after = await web.contractor.get(`/assessments/${assessmentId}`);
    const evidenceId = /<a href="\/api\/evidence\/([0-9a-f-]{36})">媒体一覧\.csv<\/a>/.exec(after.text)?.[1];
    expect(evidenceId).toBeDefined();
    expect(after.text).toContain(`form="remove-${evidenceId}"`);
    const download = await web.contractor.get(`/api/evidence/${evidenceId}`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect(download.body).toEqual(csv);

    const html = await web.contractor
      .post(`/assessments/${assessmentId}/items/${items[1].id}/evidence?_csrf=${csrfOf(after.text)}`)
      .field('itemId', items[1].id)
      .attach('file', Buffer.from('<html><body>x</body></html>'), 'report.csv');
    expect(html.status).toBe(415);
    expect(textOf(html.text, `file-${items[1].id}-error`)).toContain('添付できるのは PDF');
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
    expect(page.text).not.toContain(`action="/assessments/${assessmentId}/answers"`);
    expect(page.text).toContain('持出し用 USB メモリの暗号化が<br>未対応です。');
  });

  it('should let the officer judge items, keep the note from the contractor until the review is complete, and show the score', async () => {
    const page = await web.officer.get(`/assessments/${assessmentId}`);
    expect(page.text).toContain('>判定を保存</button>');
    expect(page.text).toContain('>確認を完了する</button>');
    expect(page.text).toContain('>差し戻す</button>');
    const note = '暗号化されていない媒体での持出しは認められません。';
    const saved = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      {
        [`verdict_${items[0].id}`]: 'FINDING',
        [`note_${items[0].id}`]: note,
        [`severity_${items[0].id}`]: 'HIGH',
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
      {
        complete: 'true',
      },
    );
    expect(early.status).toBe(422);
    expect(textOf(early.text, `f-verdict_${items[1].id}-error`)).toBe('判定を選んでください。');
    expect(early.text).not.toContain(`f-verdict_${items[0].id}-error`);

    const rest = Object.fromEntries(items.slice(1).map((item) => [`verdict_${item.id}`, 'ACCEPTED']));
    const done = await post(
      web.officer,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/review`,
      {
        [`verdict_${items[0].id}`]: 'FINDING',
        [`note_${items[0].id}`]: note,
        [`severity_${items[0].id}`]: 'HIGH',
        ...rest,
        complete: 'true',
      },
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/assessments/${assessmentId}?flash=reviewed`);
    const { score, status } = await apiAssessment();
    expect(status).toBe('REVIEWED');
    const reviewed = await web.contractor.get(`/assessments/${assessmentId}`);
    expect(reviewed.text).toContain(`<dt>点数</dt><dd>${score?.toFixed(1)}%</dd>`);
    expect(reviewed.text).toContain(note);
    expect(reviewed.text).toContain('指摘（重要度：重大）');
  });

  it('should issue an improvement order from the finding through the form, keeping the input on an error', async () => {
    const form = await web.admin.get(`/orders/new?assessmentId=${assessmentId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(
      `<input type="checkbox" name="findingItemIds" value="${items[0].id}" checked> 第${items[0].articleNo}条（${items[0].clauseTitle}）　${items[0].question}`,
    );
    const fields = {
      contractId,
      assessmentId,
      findingItemIds: items[0].id,
      clauseCode: '',
      title: '',
      description: '持出し用媒体を暗号化し、その運用を定めてください。',
      severity: 'HIGH',
      dueDate,
    };
    const refused = await web.admin
      .post('/orders')
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...fields });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text, 'f-title-error')).toBe('入力してください。');
    expect(refused.text).toContain('>持出し用媒体を暗号化し、その運用を定めてください。</textarea>');
    expect(refused.text).toContain(`value="${dueDate}"`);

    const issued = await web.admin
      .post('/orders')
      .type('form')
      .send({ _csrf: csrfOf(refused.text), ...fields, title: '持出し媒体の暗号化の徹底' });
    expect(issued.status).toBe(303);
    const location = /^\/orders\/([0-9a-f-]{36})\?flash=issued$/.exec(String(issued.headers.location));
    expect(location).not.toBeNull();
    orderId = location?.[1] ?? '';
    const page = await web.admin.get(String(issued.headers.location));
    expect(page.text).toContain('改善指示を発出しました。');
    expect(page.text).toContain(`<dd>${formatWareki(dueDate)}</dd>`);
    expect(page.text).toContain(`第${items[0].articleNo}条（${items[0].clauseTitle}）`);
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
      evidenceIds: evidenceId,
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

  it("should answer 404 for another company's assessment and order, and list neither", async () => {
    expect((await web.stranger.get(`/assessments/${assessmentId}`)).status).toBe(404);
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
    expect(textOf(bad.text, 'filter-contract-error')).toBe('選択肢から選んでください。');
  });

  it('should issue a free-standing order citing an article of the contract, for administrators only', async () => {
    const form = await web.admin.get(`/orders/new?contractId=${contractId}`);
    const article = /<option value="([A-Z_]+)">第(\d+)条（([^）]+)）<\/option>/.exec(form.text);
    expect(article).not.toBeNull();
    const noBasis = await web.admin
      .post('/orders')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        contractId,
        title: '件名',
        description: '内容',
        severity: 'LOW',
        dueDate,
      });
    expect(noBasis.status).toBe(400);
    expect(textOf(noBasis.text, 'f-clauseCode-error')).toBe(
      '改善指示の根拠として、指摘事項を選ぶか、条項を選んでください。',
    );
    const issued = await web.admin
      .post('/orders')
      .type('form')
      .send({
        _csrf: csrfOf(form.text),
        contractId,
        clauseCode: article?.[1],
        title: '事故報告手順の整備',
        description: '事故発生時の報告手順を定めてください。',
        severity: 'LOW',
        dueDate,
      });
    expect(issued.status).toBe(303);
    const page = await web.admin.get(String(issued.headers.location));
    expect(page.text).toContain(`第${article?.[2]}条（${article?.[3]}）`);
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
    const list = await ctx
      .http()
      .get(`/api/assessments?contractId=${contract.id}`)
      .set(...bearer(user.token));
    const id = (list.body as { items: { id: string }[] }).items[0].id;
    const detail = (
      await ctx
        .http()
        .get(`/api/assessments/${id}`)
        .set(...bearer(user.token))
    ).body as { version: number; items: { id: string }[] };
    const saved = await ctx
      .http()
      .put(`/api/assessments/${id}/items`)
      .set(...bearer(user.token))
      .send({
        version: detail.version,
        items: detail.items.map((i) => ({ itemId: i.id, answer: 'IMPLEMENTED' })),
      });
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
    const contractorWeb = await signIn(user.email, user.password);
    const page = await contractorWeb.get(`/assessments/${id}`);
    expect(page.text).toContain('<h2 id="returned">差戻しの理由</h2>');
    expect(page.text).toContain(message);
    expect(page.text).toContain(`action="/assessments/${id}/answers"`);
  });
});
