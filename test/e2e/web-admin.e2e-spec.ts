import { randomUUID } from 'node:crypto';
import { AuditCheckpoint } from '../../src/modules/audit/audit-checkpoint.entity';
import request from 'supertest';
import { addDays, todayInJapan } from '../../src/common/clock';
import { formatWareki } from '../../src/common/dates/wareki';
import type { DashboardResponse } from '../../src/modules/dashboard/dto/dashboard.dto';
import { Notification } from '../../src/modules/notifications/notification.entity';
import { corporateNumber, createUserAndLogin } from '../factories';
import { ADMIN, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

type Agent = ReturnType<typeof request.agent>;

/** The HTML-escaped form of a text, as Handlebars prints it. */
const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An attribute value as the browser reads it (Handlebars writes `=` as `&#x3D;`). */
const unescapeHtml = (html: string): string =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The contractor form as a person fills it in (the field names are the DTO's paths). */
function contractorForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    corporateNumber: corporateNumber(),
    name: `株式会社米沢データ${randomUUID().slice(0, 8)}`,
    nameKana: 'カブシキガイシャヨネザワデータ',
    address: '山形県米沢市金池五丁目2番25号',
    representativeName: '代表取締役 髙橋 一郎',
    'securityOfficer.name': '山﨑 花子',
    'securityOfficer.email': 'security@yonezawa-data.example.jp',
    'securityOfficer.phone': '0238-22-0000',
    notes: '庁内LANの保守を担当',
    ...overrides,
  };
}

describe('web UI: contractors, users, audit log, notifications, dashboard', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { id: string; email: string; password: string };
  let auditor: { email: string; password: string };

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
  });
  afterAll(async () => ctx.close());

  async function registerContractor(agent: Agent, fields = contractorForm()): Promise<string> {
    const res = await submitForm(agent, '/contractors/new', '/contractors', fields);
    expect(res.status).toBe(303);
    const id = /^\/contractors\/([0-9a-f-]{36})\?flash=contractor-created$/.exec(
      String(res.headers.location),
    )?.[1];
    expect(id).toBeDefined();
    return id ?? '';
  }

  describe('委託先', () => {
    it('should register a contractor through the form and show it on its detail page', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const form = await agent.get('/contractors/new');
      expect(form.status).toBe(200);
      expect(form.text).toContain('<h1>委託先の登録</h1>');
      expect(form.text).toMatch(/<label for="f-corporateNumber">法人番号<\/label>/);
      expect(form.text).toMatch(/<label for="f-securityOfficer\.email">メールアドレス/);

      const fields = contractorForm();
      const id = await registerContractor(agent, fields);
      const detail = await agent.get(`/contractors/${id}?flash=contractor-created`);
      expect(detail.status).toBe(200);
      expect(detail.text).toContain(
        `<p class="flash" role="status">${fields.name}を委託先として登録しました。</p>`,
      );
      expect(detail.text).toContain(`<h1>${fields.name}</h1>`);
      expect(detail.text).toContain(fields.corporateNumber);
      expect(detail.text).toContain(esc(fields.representativeName));
      expect(detail.text).toContain('山﨑 花子');
      expect(detail.text).toContain('mailto:security@yonezawa-data.example.jp');
      expect(detail.text).toContain('取引中');
      expect(detail.text).toContain(`href="/contracts?contractorId=${id}"`);

      const api = await ctx.http().get(`/api/contractors/${id}`).set('Authorization', `Bearer ${adminToken}`);
      expect(api.body).toMatchObject({ name: fields.name, securityOfficer: { phone: '0238-22-0000' } });
    });

    it('should accept a 法人番号 typed in full-width digits with hyphens', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const number = corporateNumber();
      const typed = `${number.slice(0, 1)}-${number.slice(1)}`.replace(/\d/g, (d) =>
        String.fromCharCode(d.charCodeAt(0) + 0xfee0),
      );
      const id = await registerContractor(agent, contractorForm({ corporateNumber: typed }));
      expect((await agent.get(`/contractors/${id}`)).text).toContain(number);
    });

    it('should show the Japanese error beside a bad 法人番号 and keep what was typed', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm({
        corporateNumber: '1234567890123',
        'securityOfficer.email': 'not-mail',
      });
      const res = await submitForm(agent, '/contractors/new', '/contractors', fields);
      expect(res.status).toBe(400);
      // The summary at the top counts the errors and links each to its field, by its Japanese name.
      expect(res.text).toContain('<h2 id="form-error-title">入力内容を確認してください（2件）</h2>');
      expect(res.text).toContain(
        '<a href="#f-corporateNumber">法人番号：13桁の法人番号を入力してください（チェックディジットが一致しません）。</a>',
      );
      expect(res.text).toContain(
        '<a href="#f-securityOfficer.email">情報セキュリティ責任者のメールアドレス：メールアドレスの形式で入力してください。</a>',
      );
      // The page title says there is an error, as a screen reader announces it first.
      expect(res.text).toMatch(/<title>エラー：委託先の登録 \| 委託先情報セキュリティ管理<\/title>/u);
      expect(res.text).toContain(
        '<span class="error" id="f-corporateNumber-error">13桁の法人番号を入力してください（チェックディジットが一致しません）。</span>',
      );
      expect(res.text).toMatch(
        /<input id="f-corporateNumber" name="corporateNumber" type="text" value="1234567890123"[^>]*aria-invalid="true"[^>]*aria-describedby="f-corporateNumber-hint f-corporateNumber-error"/,
      );
      expect(res.text).toContain(
        '<span class="error" id="f-securityOfficer.email-error">メールアドレスの形式で入力してください。</span>',
      );
      expect(res.text).toContain(`value="${fields.name}"`);
      expect(res.text).toContain('value="not-mail"');
      expect(res.text).toContain('庁内LANの保守を担当</textarea>');
      expect(res.text).not.toMatch(/id="f-name"[^>]*aria-invalid/);
      const list = await ctx
        .http()
        .get(`/api/contractors?q=${encodeURIComponent(fields.name)}`)
        .set('Authorization', `Bearer ${adminToken}`);
      expect((list.body as { items: unknown[] }).items).toHaveLength(0);
    });

    it('should show the plain-text rule beside a field holding a direction override or a zero-width space', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm({ name: '株式会社\u202e置賜', notes: '保守\u200bを担当' });
      const res = await submitForm(agent, '/contractors/new', '/contractors', fields);
      expect(res.status).toBe(400);
      for (const field of ['name', 'notes']) {
        expect(res.text).toContain(
          `<span class="error" id="f-${field}-error">空白だけの入力や、制御文字・書式制御文字を含む入力はできません。</span>`,
        );
      }
      // The API refuses the same with the same rule, naming the field.
      const api = await request(ctx.app.getHttpServer())
        .patch(`/api/contractors/${await registerContractor(agent)}`)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ version: 1, notes: '一行目\n二\u2066行目' });
      expect(api.status).toBe(400);
      expect(api.body).toMatchObject({
        code: 'REQUEST.VALIDATION',
        details: { fields: [{ field: 'notes', rule: 'plainText' }] },
      });
    });

    it('should refuse a second contractor with the same 法人番号 on the form (409)', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm();
      await registerContractor(agent, fields);
      const again = await submitForm(agent, '/contractors/new', '/contractors', {
        ...fields,
        name: '別の会社',
      });
      expect(again.status).toBe(409);
      expect(again.text).toContain('この法人番号の委託先は既に登録されています。');
      expect(again.text).toContain('value="別の会社"');
    });

    it('should add certifications with their expiry badges and remove one', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const id = await registerContractor(agent);
      const page = `/contractors/${id}`;
      const today = todayInJapan();
      const added = await submitForm(agent, page, `${page}/certifications`, {
        type: 'ISMS',
        registrationNumber: 'IS 654321',
        issuer: '一般財団法人日本品質保証機構',
        validFrom: addDays(today, -700),
        validUntil: addDays(today, 30),
      });
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`${page}?flash=certification-created`);
      await submitForm(agent, page, `${page}/certifications`, {
        type: 'PRIVACY_MARK',
        registrationNumber: 'P-0001',
        issuer: '一般財団法人日本情報経済社会推進協会',
        validFrom: addDays(today, -800),
        validUntil: addDays(today, -1),
      });

      const detail = (await agent.get(page)).text;
      expect(detail).toContain('ISMS（ISO/IEC 27001）');
      expect(detail).toContain('IS 654321');
      expect(detail).toContain('60日以内に期限');
      expect(detail).toContain('プライバシーマーク');
      expect(detail).toContain('期限切れ');
      expect(detail).toContain(`${formatWareki(addDays(today, 30))}まで`);

      const listed = await agent.get('/contractors?certificationAttention=true');
      expect(listed.text).toContain(`href="/contractors/${id}"`);

      const wrong = await submitForm(agent, page, `${page}/certifications`, {
        type: 'ISMAP',
        registrationNumber: 'C-1',
        issuer: 'ISMAP運営委員会',
        validFrom: '2026-04-01',
        validUntil: '2026-02-30',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain(
        '<span class="error" id="f-validUntil-error">日付を「YYYY-MM-DD」の形で入力してください。</span>',
      );
      expect(wrong.text).toMatch(/<option value="ISMAP" selected>/);
      expect(wrong.text).toContain('value="C-1"');

      const certs = await ctx
        .http()
        .get(`/api/contractors/${id}/certifications`)
        .set('Authorization', `Bearer ${adminToken}`);
      const isms = (certs.body as { id: string; type: string }[]).find((c) => c.type === 'ISMS');
      // The first post only asks: nothing is removed until 「実行する」 posts confirm=yes.
      const asked = await submitForm(agent, page, `${page}/certifications/${isms?.id}/remove`, {});
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('の認証「ISMS（ISO/IEC 27001）」（登録番号 IS 654321）を削除します。');
      expect((await agent.get(page)).text).toContain('IS 654321');
      const removed = await submitForm(agent, page, `${page}/certifications/${isms?.id}/remove`, {
        confirm: 'yes',
      });
      expect(removed.status).toBe(303);
      expect(removed.headers.location).toBe(`${page}?flash=certification-removed`);
      const after = (await agent.get(page)).text;
      expect(after).not.toContain('IS 654321');
      expect(after).toContain('P-0001');
    });

    it('should save an edit, and show the conflict on the form when the version is stale', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm();
      const id = await registerContractor(agent, fields);
      const edit = await agent.get(`/contractors/${id}/edit`);
      expect(edit.text).toContain('name="version" value="1"');
      expect(edit.text).toContain(`value="${fields.corporateNumber}"`);

      const saved = await submitForm(agent, `/contractors/${id}/edit`, `/contractors/${id}/edit`, {
        ...fields,
        address: '山形県米沢市丸の内一丁目1番1号',
        notes: '',
        status: 'SUSPENDED',
        version: '1',
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe(`/contractors/${id}?flash=contractor-saved`);
      const detail = (await agent.get(String(saved.headers.location))).text;
      expect(detail).toContain(`${fields.name}の登録内容を保存しました。`);
      expect(detail).toContain('山形県米沢市丸の内一丁目1番1号');
      expect(detail).toContain('停止中');
      expect(detail).not.toContain('庁内LANの保守を担当');

      const stale = await submitForm(agent, `/contractors/${id}/edit`, `/contractors/${id}/edit`, {
        ...fields,
        name: '古い画面からの変更',
        status: 'ACTIVE',
        version: '1',
      });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('他の操作によって更新されています。');
      expect(stale.text).toContain('value="古い画面からの変更"');
      expect(stale.text).toContain(`href="/contractors/${id}/edit">最新の登録内容を読み込む`);
    });

    it('should clear 法人番号, フリガナ and 備考 when their fields are emptied on the edit form', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm();
      const id = await registerContractor(agent, fields);
      const edit = (await agent.get(`/contractors/${id}/edit`)).text;
      expect(edit).toContain(`value="${fields.nameKana}"`);
      expect(edit).toContain(`>${fields.notes}</textarea>`);

      const saved = await submitForm(agent, `/contractors/${id}/edit`, `/contractors/${id}/edit`, {
        ...fields,
        corporateNumber: '',
        nameKana: '',
        notes: '',
        status: 'ACTIVE',
        version: '1',
      });
      expect(saved.status).toBe(303);
      const read = await ctx
        .http()
        .get(`/api/contractors/${id}`)
        .set('Authorization', `Bearer ${adminToken}`);
      expect(read.body).toMatchObject({
        version: 2,
        corporateNumber: null,
        nameKana: null,
        notes: null,
        name: fields.name,
      });
      const again = (await agent.get(`/contractors/${id}/edit`)).text;
      expect(again).toMatch(/<input id="f-nameKana" name="nameKana" type="text" value=""/);
      expect(again).toContain('<textarea id="f-notes" name="notes" ');
      expect(again).toMatch(/name="notes"[^>]*><\/textarea>/);
    });

    it('should archive a contractor with its version and then offer no more changes', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const id = await registerContractor(agent);
      const stale = await submitForm(agent, `/contractors/${id}`, `/contractors/${id}/archive`, {
        version: '9',
        confirm: 'yes',
      });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('他の操作によって更新されています。');
      const asked = await submitForm(agent, `/contractors/${id}`, `/contractors/${id}/archive`, {
        version: '1',
        reason: '契約期間の満了',
      });
      expect(asked.status).toBe(200);
      expect(asked.text).toMatch(/をアーカイブします。<\/strong>/);
      expect((await agent.get(`/contractors/${id}`)).text).toContain('取引中');
      const archived = await submitForm(agent, `/contractors/${id}`, `/contractors/${id}/archive`, {
        version: '1',
        reason: '契約期間の満了',
        confirm: 'yes',
      });
      expect(archived.status).toBe(303);
      expect(archived.headers.location).toBe(`/contractors/${id}?flash=contractor-archived`);
      const detail = (await agent.get(`/contractors/${id}`)).text;
      expect(detail).toContain('アーカイブ済み');
      expect(detail).not.toContain('認証を追加する');
      expect(detail).not.toContain('登録内容を変更する');
    });

    it('should search by name, keep the filters in the paging links, and page through the list', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const tag = randomUUID().slice(0, 6);
      // The register reads in 五十音順 by フリガナ: 商事3 (ア), 商事2 (イ), then 商事1 (ウ).
      const kana: Record<number, string> = {
        1: 'ケンサクショウジウ',
        2: 'ケンサクショウジイ',
        3: 'ケンサクショウジア',
      };
      for (const n of [1, 2, 3])
        await registerContractor(agent, contractorForm({ name: `検索${tag}商事${n}`, nameKana: kana[n] }));
      const first = await agent.get(
        `/contractors?q=${encodeURIComponent(`検索${tag}`)}&status=ACTIVE&limit=2`,
      );
      expect(first.status).toBe(200);
      expect(first.text).toContain(`検索${tag}商事3`);
      expect(first.text).toContain(`検索${tag}商事2`);
      expect(first.text).not.toContain(`検索${tag}商事1`);
      expect(first.text).toMatch(/<option value="ACTIVE" selected>/);
      const next = unescapeHtml(/<a href="([^"]+)" rel="next">/.exec(first.text)?.[1] ?? '');
      expect(next).toContain('status=ACTIVE');
      expect(next).toContain('limit=2');
      const second = await agent.get(next);
      expect(second.text).toContain(`検索${tag}商事1`);
      expect(second.text).not.toContain(`検索${tag}商事2`);
      expect(second.text).not.toContain('rel="next"');
      expect(second.text).toContain('最初のページ');
    });

    it("should answer 404 for another company's contractor page and 403 for user management to a contractor", async () => {
      const officerAgent = await webSignIn(ctx, officer.email, officer.password);
      const own = await registerContractor(officerAgent);
      const other = await registerContractor(officerAgent);
      const contractor = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', own);
      const agent = await webSignIn(ctx, contractor.email, contractor.password);

      const foreign = await agent.get(`/contractors/${other}`);
      expect(foreign.status).toBe(404);
      expect(foreign.text).toContain('ページが見つかりません');
      expect(foreign.text).toContain('指定された委託先が見つかりません。');
      const mine = await agent.get(`/contractors/${own}`);
      expect(mine.status).toBe(200);
      expect(mine.text).not.toContain('認証を追加する');
      expect((await agent.get(`/contractors/${own}/edit`)).status).toBe(403);

      const users = await agent.get('/users');
      expect(users.status).toBe(403);
      expect(users.text).toContain('この操作を行う権限がありません');
      expect((await agent.get('/audit')).status).toBe(403);
      expect((await agent.get('/dashboard')).status).toBe(403);
    });

    it('should refuse a form posted without its CSRF token', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      await agent.get('/contractors/new');
      const res = await agent.post('/contractors').type('form').send(contractorForm());
      expect(res.status).toBe(403);
      expect(res.text).toContain('フォームの有効期限が切れたか、不正な送信です。');
    });
  });

  describe('ユーザー管理', () => {
    it('should let the administrator create a user through the form, who can then sign in', async () => {
      const admin = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const contractorId = await registerContractor(admin);
      const email = `web-${randomUUID().slice(0, 8)}@okitama-is.example.jp`;
      const form = await admin.get('/users/new');
      expect(form.status).toBe(200);
      expect(form.text).toContain('<label for="f-contractorId">所属する委託先</label>');

      const short = await submitForm(admin, '/users/new', '/users', {
        email,
        displayName: '受託 次郎',
        password: 'short',
        role: 'CONTRACTOR',
        contractorId,
      });
      expect(short.status).toBe(400);
      expect(short.text).toContain(
        '<span class="error" id="f-password-error">パスワードは12文字以上で入力してください。</span>',
      );
      expect(short.text).toContain(`value="${email}"`);
      expect(short.text).toMatch(new RegExp(`<option value="${contractorId}" selected>`));
      expect(short.text).not.toContain('value="short"');

      const created = await submitForm(admin, '/users/new', '/users', {
        email,
        displayName: '受託 次郎',
        password: 'a long enough password',
        role: 'CONTRACTOR',
        contractorId,
      });
      expect(created.status).toBe(303);
      const location = String(created.headers.location);
      expect(location).toMatch(/^\/users\?flash=user-created&user=[0-9a-f-]{36}$/);
      const list = (await admin.get(`${location}&role=CONTRACTOR`)).text;
      expect(list).toContain('受託 次郎さんをユーザーとして登録しました。');
      expect(list).toContain(email);
      expect(list).toContain('受託 次郎');
      expect(list).not.toContain(officer.email);
      const token = await login(ctx, email, 'a long enough password');
      const me = await ctx.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect(me.body).toMatchObject({ role: 'CONTRACTOR', contractorId });
    });

    it('should refuse a 受託者 without a company, and deactivate a user from the edit form', async () => {
      const admin = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const missing = await submitForm(admin, '/users/new', '/users', {
        email: `nocompany-${randomUUID().slice(0, 8)}@example.jp`,
        displayName: '所属 なし',
        password: 'a long enough password',
        role: 'CONTRACTOR',
        contractorId: '',
      });
      expect(missing.status).toBe(400);
      // The API's message names the field code for its users; the page says it without the code.
      expect(missing.text).toContain('受託者の利用者には、所属する委託先が必要です。');
      expect(missing.text).not.toContain('（contractorId）');

      const target = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const page = `/users/${target.id}/edit`;
      const edit = await admin.get(page);
      expect(edit.status).toBe(200);
      expect(edit.text).toMatch(/<input type="radio" name="active" value="true" checked>/);
      const saved = await submitForm(admin, page, page, {
        version: '1',
        displayName: '契約 三郎',
        role: 'OFFICER',
        contractorId: '',
        active: 'false',
        password: '',
      });
      expect(saved.status).toBe(303);
      const list = (await admin.get('/users?role=OFFICER')).text;
      expect(list).toContain('契約 三郎');
      const signIn2 = await ctx
        .http()
        .post('/api/auth/login')
        .send({ email: target.email, password: target.password });
      expect(signIn2.status).toBe(401);
    });
  });

  describe('監査ログ', () => {
    it('should list the events newest first, filter them, and verify the chain as untampered', async () => {
      const officerAgent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm();
      const id = await registerContractor(officerAgent, fields);
      const agent = await webSignIn(ctx, auditor.email, auditor.password);

      const page = await agent.get('/audit?entityType=contractor');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h1>監査ログ</h1>');
      // The rows name the action in Japanese (the filter's choices carry the codes as their values).
      const rows = page.text.slice(page.text.indexOf('<h2 id="events">'));
      expect(rows).toContain('<td>委託先の登録</td>');
      expect(rows).toContain(id);
      expect(rows).not.toContain('<td>利用者の登録</td>');
      const seqs = [...page.text.matchAll(/<td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));
      expect(seqs.length).toBeGreaterThan(1);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

      const today = todayInJapan();
      const dated = await agent.get(`/audit?action=contractor.create&from=${today}&to=${today}`);
      expect(dated.text).toContain(id);
      const before = await agent.get(`/audit?action=contractor.create&to=${addDays(today, -1)}`);
      expect(before.text).not.toContain(id);
      expect(before.text).toContain('条件に当てはまる記録はありません。');

      const verified = await agent.get('/audit?verify=1');
      expect(verified.status).toBe(200);
      expect(verified.text).toContain('改ざんなし');
      expect(verified.text).toMatch(/\d+件の記録を検証し、全て一致しました。/);

      const bad = await agent.get('/audit?actorId=not-a-uuid');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain(
        '<span class="error" id="f-actorId-error">選択肢から選んでください。</span>',
      );
      expect((await officerAgent.get('/audit')).status).toBe(403);
    });

    it('should show where the chain is broken when a row was edited', async () => {
      const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const [{ seq }] = await ctx.dataSource.query<{ seq: number }[]>(
        'SELECT MIN(seq) AS seq FROM audit_event',
      );
      await ctx.dataSource.query(`UPDATE audit_event SET action = 'tampered' WHERE seq = ?`, [seq]);
      const res = await agent.get('/audit?verify=1');
      expect(res.text).toContain('改ざんの疑いがあります');
      expect(res.text).toContain(`番号${Number(seq)}の記録で問題が見つかりました。`);
      expect(res.text).toContain('ハッシュ値が一致しません');
    });

    it('should let the ADMIN make a checkpoint and show the last one, and the checkpoint a verification used', async () => {
      const auditorAgent = await webSignIn(ctx, auditor.email, auditor.password);
      const before = await auditorAgent.get('/audit');
      expect(before.text).toContain('<h2 id="checkpoint">チェックポイント</h2>');
      expect(before.text).not.toContain('action="/audit/checkpoints"');
      expect((await submitForm(auditorAgent, '/audit', '/audit/checkpoints', {})).status).toBe(403);

      const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const made = await submitForm(agent, '/audit', '/audit/checkpoints', {});
      expect([made.status, made.headers.location]).toEqual([303, '/audit?flash=checkpoint-created']);
      const [row] = await ctx.dataSource.manager.find(AuditCheckpoint, { order: { seq: 'DESC' }, take: 1 });
      const page = await agent.get('/audit?flash=checkpoint-created');
      expect(page.text).toContain('監査ログのチェックポイントを作成しました。');
      expect(page.text).toContain(`<dt>番号</dt><dd>${Number(row.seq)}</dd>`);
      expect(page.text).toContain('<dt>作成の契機</dt><dd>管理者による作成</dd>');
      expect(page.text).toContain(`<code>${row.hash}</code>`);
      expect(page.text).toContain(`<code>audit-checkpoint-${String(row.seq).padStart(12, '0')}.json</code>`);
      // The previous test broke the chain at its first row; the result names the checkpoint it was checked with.
      const verified = await auditorAgent.get('/audit?verify=1');
      expect(verified.text).toContain(`照合したチェックポイント：番号${Number(row.seq)}（`);
      expect(verified.text).toContain('システムに記録された最新のもの');
      // The everyday check starts at that checkpoint: the rows after it verify; the edited first row lies before
      // it and is found by the full check only (as the page says).
      expect(page.text).toContain('name="verify" value="checkpoint"');
      const everyday = await auditorAgent.get('/audit?verify=checkpoint');
      expect(everyday.text).toContain('改ざんなし');
      expect(everyday.text).toMatch(
        new RegExp(`チェックポイントの番号${Number(row.seq)}以降の\\d+件の記録を検証し、全て一致しました。`),
      );
    });
  });

  describe('通知', () => {
    it('should list own notifications and mark one and then all as read', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const now = Date.now();
      const rows = ['自己点検の提出期限が近づいています', '改善計画書が提出されました'].map((subject, i) => ({
        id: randomUUID(),
        userId: user.id,
        kind: 'test',
        subject,
        body: `本文の1行目\n本文の2行目${i}`,
        link: i === 0 ? '/assessments' : '//evil.example/',
        dedupeKey: `web-test:${randomUUID()}`,
        readAt: null,
        emailedAt: null,
        createdAt: new Date(now + i * 1000),
      }));
      await ctx.dataSource.manager.insert(Notification, rows);
      const agent = await webSignIn(ctx, user.email, user.password);

      const list = await agent.get('/notifications');
      expect(list.status).toBe(200);
      expect(list.text).toContain('未読の通知は2件です。');
      expect(list.text.indexOf('改善計画書が提出されました')).toBeLessThan(
        list.text.indexOf('自己点検の提出期限が近づいています'),
      );
      expect(list.text).toContain('<a href="/assessments">自己点検の提出期限が近づいています</a>');
      expect(list.text).not.toContain('evil.example');
      expect(list.text).toContain('<br>本文の2行目0');

      const one = await submitForm(agent, '/notifications', `/notifications/${rows[0].id}/read`, {});
      expect(one.status).toBe(303);
      expect((await agent.get('/notifications')).text).toContain('未読の通知は1件です。');
      const unreadOnly = (await agent.get('/notifications?unread=true')).text;
      expect(unreadOnly).toContain('改善計画書が提出されました');
      expect(unreadOnly).not.toContain('自己点検の提出期限が近づいています');

      const other = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const otherAgent = await webSignIn(ctx, other.email, other.password);
      const foreign = await submitForm(otherAgent, '/notifications', `/notifications/${rows[1].id}/read`, {});
      expect(foreign.status).toBe(404);

      const all = await submitForm(agent, '/notifications', '/notifications/read-all', {});
      expect(all.status).toBe(303);
      const after = (await agent.get(String(all.headers.location))).text;
      expect(after).toContain('<p class="flash" role="status">通知を既読にしました。</p>');
      expect(after).toContain('未読の通知は0件です。');
    });
  });

  describe('状況一覧', () => {
    it('should show every contractor, the totals and the CSV link to staff', async () => {
      const agent = await webSignIn(ctx, officer.email, officer.password);
      const fields = contractorForm();
      const id = await registerContractor(agent, fields);
      const res = await agent.get('/dashboard');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<h1>状況一覧</h1>');
      expect(res.text).toContain(`<a href="/contractors/${id}">${fields.name}</a>`);
      expect(res.text).toContain('href="/api/dashboard/contractors.csv"');
      expect(res.text).toContain('条項ごとの未解決の指摘');
      const { totals } = (await agent.get('/api/dashboard').set('accept', 'application/json'))
        .body as DashboardResponse;
      expect(res.text).toContain(`対応が必要な委託先は${totals.needingAttention}件です。`);
      // A tampered page cursor is refused with the page's 400, not a 500.
      const tampered = await agent.get('/dashboard?cursor=abc');
      expect(tampered.status).toBe(400);
      const csv = await agent.get('/api/dashboard/contractors.csv');
      expect(csv.status).toBe(200);
      expect(csv.text).toContain(fields.name);
    });
  });

  describe('発信者の設定', () => {
    /** The settings form as the administrator fills it in (the field names are the DTO's paths). */
    const settingsForm = (
      version: string,
      overrides: Record<string, string> = {},
    ): Record<string, string> => ({
      version,
      orgName: '置賜広域行政事務組合',
      orgAddress: '山形県長井市ままの上5番1号',
      representativeTitle: '管理者',
      representativeName: '置賜 太郎',
      'signers.IMPROVEMENT_NOTICE.title': '情報セキュリティ管理者',
      'signers.IMPROVEMENT_NOTICE.name': '米沢 一郎',
      'signers.SUBCONTRACT_DECISION.title': '総務課長',
      'signers.SUBCONTRACT_DECISION.name': '南陽 次郎',
      sealOmitted: 'true',
      documentNumberPattern: '置広情第{n}号',
      contactSection: '総務課情報政策係',
      contactPerson: '長井 花子',
      contactPhone: '0238-88-0000',
      contactEmail: 'joho@example.lg.jp',
      ...overrides,
    });

    it('should list what is still blank, save the form, keep typed values on an error and show a stale save', async () => {
      const admin = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const first = await admin.get('/settings');
      expect(first.status).toBe(200);
      expect(first.text).toContain('<h1>発信者の設定</h1>');
      expect(first.text).toContain('<li>代表者の氏名</li>');
      expect(first.text).toContain(
        '<label for="f-signers.IMPROVEMENT_NOTICE.title">改善指示書・事故報告受付通知書・検査結果通知書・外部サービスの利用許可通知書等の発信者の職名',
      );
      expect(first.text).toContain('現在の設定では「置広情第12号」のようになります。');
      const version = /name="version" value="(\d+)"/.exec(first.text)?.[1] ?? '';

      const bad = await submitForm(admin, '/settings', '/settings', {
        ...settingsForm(version),
        documentNumberPattern: '置広情第号',
        'signers.IMPROVEMENT_NOTICE.name': '米沢 一郎（入力中）',
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('id="f-documentNumberPattern-error"');
      expect(bad.text).toContain('value="米沢 一郎（入力中）"');

      const saved = await submitForm(admin, '/settings', '/settings', settingsForm(version));
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe('/settings?flash=settings-saved');
      const after = (await admin.get('/settings?flash=settings-saved')).text;
      expect(after).toContain('発信者の設定を保存しました。');
      expect(after).not.toContain('未設定の項目があります。');
      expect(after).toContain('value="米沢 一郎"');
      const api = await request(ctx.app.getHttpServer())
        .get('/api/settings/issuer')
        .set('Authorization', `Bearer ${adminToken}`);
      expect(api.body).toMatchObject({
        representativeName: '置賜 太郎',
        signers: { SUBCONTRACT_DECISION: { title: '総務課長', name: '南陽 次郎' } },
        contactEmail: 'joho@example.lg.jp',
        sealOmitted: true,
      });

      const stale = await submitForm(admin, '/settings', '/settings', settingsForm(version));
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('<a href="/settings">最新の設定を読み込む</a>');
    });

    it('should show the settings read-only to the auditor, and refuse the page to an officer', async () => {
      const agent = await webSignIn(ctx, auditor.email, auditor.password);
      const page = await agent.get('/settings');
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<form method="post" action="/settings"');
      expect(page.text).toContain('<dt>文書記号</dt>');
      expect((await submitForm(agent, '/settings', '/settings', settingsForm('1'))).status).toBe(403);
      const officerAgent = await webSignIn(ctx, officer.email, officer.password);
      expect((await officerAgent.get('/settings')).status).toBe(403);
      expect((await officerAgent.get('/')).text).not.toContain('href="/settings"');
    });
  });

  it('should keep every page within the strict CSP: no inline script or style', async () => {
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const id = await registerContractor(agent);
    for (const url of [
      '/contractors',
      '/contractors/new',
      `/contractors/${id}`,
      `/contractors/${id}/edit`,
      '/users',
      '/users/new',
      '/audit',
      '/notifications',
      '/dashboard',
      '/settings',
    ]) {
      const res = await agent.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      // No inline script or style; the one first-party script file (app.js) is allowed by the CSP.
      expect(res.text).not.toMatch(/<script(?! src="\/static\/app\.js" defer><\/script>)|style=|<style/);
      expect(res.text.match(/<h1>/g)).toHaveLength(1);
      expect(res.text).not.toMatch(/<label for="[^"]+">(<span|<\/label>)/); // every label has its text
    }
  });
});
