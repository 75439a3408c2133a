import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { formatWareki } from '../../src/common/dates/wareki';
import { Subcontract } from '../../src/modules/contracts/subcontract.entity';
import {
  acceptableAnswer,
  completeSelection,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  japanDatePlus,
  ORDER_ON_FACTS,
  subcontractRequestBody,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

/**
 * Every web action that approves, completes a review, deletes, archives or withdraws asks first: the first post
 * (without confirm=yes) changes nothing — the row is read back unchanged through the API — and shows what will
 * happen to what; the same post with confirm=yes does it.
 */
describe('web UI: the confirmation step before approving, completing, deleting, archiving and withdrawing', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { email: string; password: string; token: string };
  let company: { id: string; name: string };
  let contractorUser: { email: string; password: string; token: string };
  let officerWeb: TestAgent;
  let contractorWeb: TestAgent;

  /** What a confirmation page always holds: its heading, the same fields again with confirm=yes, and 戻る. */
  function expectConfirmation(
    res: Response,
    what: string | RegExp,
    back: string,
    fields: [string, string][],
  ) {
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<title>[^<]*の確認 \| /u);
    if (typeof what === 'string') expect(res.text).toContain(`<strong>${what}</strong>`);
    else expect(res.text).toMatch(what);
    expect(res.text).toMatch(/<button type="submit" name="confirm" value="yes"[^>]*>実行する<\/button>/u);
    for (const [name, value] of fields) {
      expect(res.text).toContain(`<input type="hidden" name="${name}" value="${value}">`);
    }
    expect(res.text).toContain(`<a href="${back}">戻る</a>`);
  }

  const api = (token: string, path: string) =>
    ctx
      .http()
      .get(path)
      .set(...bearer(token));

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    company = await createContractor(ctx, adminToken, { name: '株式会社置賜確認サービス' });
    contractorUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
    officerWeb = await webSignIn(ctx, officer.email, officer.password);
    contractorWeb = await webSignIn(ctx, contractorUser.email, contractorUser.password);
  });
  afterAll(async () => ctx.close());

  it('should ask before approving a contract, and approve it only with confirm=yes', async () => {
    const created = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `C-${Date.now()}`,
        title: '証明書交付システム保守業務委託',
        contractorId: company.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: false,
      })
      .expect(201);
    const id = (created.body as { id: string }).id;
    const page = `/contracts/${id}`;
    await completeSelection(ctx, officer.token, id);

    const asked = await submitForm(officerWeb, page, `${page}/approve`, [['version', '1']]);
    expectConfirmation(
      asked,
      /<strong>契約「証明書交付システム保守業務委託」（C-\d+、委託先：株式会社置賜確認サービス）を承認します。<\/strong>/u,
      page,
      [['version', '1']],
    );
    expect(asked.text).toContain('以後は契約の内容及び条項を変更することができなくなります。');
    expect((await api(officer.token, `/api/contracts/${id}`)).body).toMatchObject({
      status: 'DRAFT',
      version: 1,
    });

    const done = await submitForm(officerWeb, page, `${page}/approve`, [
      ['version', '1'],
      ['confirm', 'yes'],
    ]);
    expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=contract-approved`]);
    expect((await api(officer.token, `/api/contracts/${id}`)).body).toMatchObject({ status: 'ACTIVE' });
    expect((await officerWeb.get(String(done.headers.location))).text).toContain(
      '<p class="flash" role="status">契約「証明書交付システム保守業務委託」を承認しました。</p>',
    );
  });

  it('should ask before removing a certification, and remove it only with confirm=yes', async () => {
    const added = await ctx
      .http()
      .post(`/api/contractors/${company.id}/certifications`)
      .set(...bearer(officer.token))
      .send({
        type: 'PRIVACY_MARK',
        registrationNumber: 'P-20260001',
        issuer: '一般財団法人日本情報経済社会推進協会',
        validFrom: '2026-01-01',
        validUntil: '2027-12-31',
      })
      .expect(201);
    const certId = (added.body as { id: string }).id;
    const page = `/contractors/${company.id}`;
    const action = `${page}/certifications/${certId}/remove`;
    const listed = async () =>
      (
        (await api(officer.token, `/api/contractors/${company.id}/certifications`)).body as { id: string }[]
      ).map((c) => c.id);

    const asked = await submitForm(officerWeb, page, action, []);
    expectConfirmation(
      asked,
      '株式会社置賜確認サービスの認証「プライバシーマーク」（登録番号 P-20260001）を削除します。',
      page,
      [],
    );
    expect(await listed()).toContain(certId);

    const done = await submitForm(officerWeb, page, action, [['confirm', 'yes']]);
    expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=certification-removed`]);
    expect(await listed()).not.toContain(certId);
    expect((await officerWeb.get(String(done.headers.location))).text).toContain(
      '株式会社置賜確認サービスの認証を削除しました。',
    );
  });

  it('should ask before archiving a contractor, show the reason typed, and archive only with confirm=yes', async () => {
    const leaving = await createContractor(ctx, adminToken, { name: '株式会社取引終了' });
    const page = `/contractors/${leaving.id}`;
    const fields: [string, string][] = [
      ['version', String(leaving.version)],
      ['reason', '契約期間の満了'],
    ];
    const asked = await submitForm(officerWeb, page, `${page}/archive`, fields);
    expectConfirmation(asked, '株式会社取引終了をアーカイブします。', page, fields);
    expect(asked.text).toContain('<dt>アーカイブの理由</dt><dd class="pre">契約期間の満了</dd>');
    expect((await api(officer.token, `/api/contractors/${leaving.id}`)).body).toMatchObject({
      status: 'ACTIVE',
    });
    // 「入力内容を修正する」 (confirm=back) gives the form back with the reason typed, and changes nothing.
    expect(asked.text).toContain(
      '<button type="submit" name="confirm" value="back">入力内容を修正する</button>',
    );
    const back = await submitForm(officerWeb, page, `${page}/archive`, [...fields, ['confirm', 'back']]);
    expect(back.status).toBe(200);
    expect(back.text).toMatch(/<textarea id="f-reason" name="reason"[^>]*>契約期間の満了<\/textarea>/u);
    expect((await api(officer.token, `/api/contractors/${leaving.id}`)).body).toMatchObject({
      status: 'ACTIVE',
    });

    const done = await submitForm(officerWeb, page, `${page}/archive`, [...fields, ['confirm', 'yes']]);
    expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=contractor-archived`]);
    expect((await api(officer.token, `/api/contractors/${leaving.id}`)).body).toMatchObject({
      status: 'ARCHIVED',
    });
    expect((await officerWeb.get(String(done.headers.location))).text).toContain(
      '<p class="flash" role="status">株式会社取引終了をアーカイブしました。</p>',
    );
  });

  it('should ask before removing a worker from the roster, and remove only with confirm=yes', async () => {
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    const added = await ctx
      .http()
      .post(`/api/contracts/${contract.id}/workers`)
      .set(...bearer(contractorUser.token))
      .send({
        name: '田中 一郎',
        employerContractorId: company.id,
        role: '運用担当',
        workLocation: '受託者本社',
      })
      .expect(201);
    const workerId = (added.body as { id: string }).id;
    const roster = `/contracts/${contract.id}/workers`;
    const action = `${roster}/${workerId}/remove`;
    const names = async () =>
      (
        (await api(officer.token, `/api/contracts/${contract.id}/workers`)).body as {
          items: { id: string }[];
        }
      ).items.map((w) => w.id);

    const asked = await submitForm(contractorWeb, roster, action, []);
    expectConfirmation(asked, '田中 一郎さん（運用担当）を従事者名簿から削除します。', roster, []);
    expect(await names()).toContain(workerId);

    const done = await submitForm(contractorWeb, roster, action, [['confirm', 'yes']]);
    expect([done.status, done.headers.location]).toEqual([303, `${roster}?flash=worker-removed`]);
    expect(await names()).not.toContain(workerId);
  });

  describe('再委託', () => {
    let contractId: string;

    /** A 再委託 request by the contractor, registered by the officer when asked: its id and version. */
    async function requested(register: boolean): Promise<{ id: string; version: number }> {
      const res = await ctx
        .http()
        .post(`/api/contracts/${contractId}/subcontracts`)
        .set(...bearer(contractorUser.token))
        .send(subcontractRequestBody())
        .expect(201);
      const sub = res.body as { id: string; version: number };
      if (!register) return sub;
      const registered = await ctx
        .http()
        .post(`/api/subcontracts/${sub.id}/registration`)
        .set(...bearer(officer.token))
        .send({ version: sub.version })
        .expect(200);
      return registered.body as { id: string; version: number };
    }
    const statusOf = async (id: string) =>
      ((await api(officer.token, `/api/subcontracts/${id}`)).body as { status: string }).status;

    beforeAll(async () => {
      contractId = (await createApprovedContract(ctx, officer.token, company.id)).id;
    });

    it('should ask before approving, and approve only with confirm=yes', async () => {
      const sub = await requested(true);
      const page = `/contracts/${contractId}/subcontracts/${sub.id}`;
      const fields: [string, string][] = [
        ['version', String(sub.version)],
        ['approved', 'true'],
        ['note', '作業の開始及び終了の都度、甲に報告すること。'],
      ];
      const asked = await submitForm(officerWeb, page, `${page}/decision`, fields);
      expectConfirmation(
        asked,
        '米沢データ印刷株式会社への再委託（契約「窓口業務支援システム保守業務委託」）を承認し、再委託承認通知書を発行します。',
        page,
        fields,
      );
      expect(asked.text).toContain(
        '<dt>承認の条件</dt><dd class="pre">作業の開始及び終了の都度、甲に報告すること。</dd>',
      );
      expect(await statusOf(sub.id)).toBe('REGISTERED');

      const done = await submitForm(officerWeb, page, `${page}/decision`, [...fields, ['confirm', 'yes']]);
      expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=subcontract-approved`]);
      expect(await statusOf(sub.id)).toBe('APPROVED');
      expect((await officerWeb.get(String(done.headers.location))).text).toContain(
        '米沢データ印刷株式会社への再委託を承認し、承認通知書を発行しました。',
      );
    });

    it('should refuse at once, without asking, to approve a request whose planned start has passed', async () => {
      const sub = await requested(true);
      const yesterday = japanDatePlus(-1);
      await ctx.dataSource.manager.update(Subcontract, { id: sub.id }, { plannedStartDate: yesterday });
      const page = `/contracts/${contractId}/subcontracts/${sub.id}`;
      const refused = await submitForm(officerWeb, page, `${page}/decision`, [
        ['version', String(sub.version)],
        ['approved', 'true'],
        ['note', ''],
      ]);
      expect(refused.status).toBe(422);
      expect(refused.text).toContain(
        `再委託の開始予定日（${formatWareki(yesterday)}）を過ぎているため、承認できません。`,
      );
      expect(refused.text).not.toContain('name="confirm"');
      expect(await statusOf(sub.id)).toBe('REGISTERED');
    });

    it('should refuse a rejection without its reason before asking, then ask, and reject only with confirm=yes', async () => {
      const sub = await requested(true);
      const page = `/contracts/${contractId}/subcontracts/${sub.id}`;
      const blank = await submitForm(officerWeb, page, `${page}/decision`, [
        ['version', String(sub.version)],
        ['approved', 'false'],
        ['note', ''],
      ]);
      expect(blank.status).toBe(400);
      expect(blank.text).toContain(
        '<a href="#reject-note">承認しない理由：再委託を承認しない場合は、理由を入力してください。</a>',
      );
      expect(blank.text).not.toContain('name="confirm"');

      const fields: [string, string][] = [
        ['version', String(sub.version)],
        ['approved', 'false'],
        ['note', '情報セキュリティ対策が不十分であるため。'],
      ];
      const asked = await submitForm(officerWeb, page, `${page}/decision`, fields);
      expectConfirmation(
        asked,
        '米沢データ印刷株式会社への再委託（契約「窓口業務支援システム保守業務委託」）を承認せず、再委託不承認通知書を発行します。',
        page,
        fields,
      );
      expect(await statusOf(sub.id)).toBe('REGISTERED');

      const done = await submitForm(officerWeb, page, `${page}/decision`, [...fields, ['confirm', 'yes']]);
      expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=subcontract-rejected`]);
      expect(await statusOf(sub.id)).toBe('REJECTED');
    });

    it('should ask the contractor before withdrawing a request, and withdraw only with confirm=yes', async () => {
      const sub = await requested(false);
      const page = `/contracts/${contractId}/subcontracts/${sub.id}`;
      const fields: [string, string][] = [
        ['version', String(sub.version)],
        ['reason', '再委託の必要がなくなったため。'],
      ];
      const asked = await submitForm(contractorWeb, page, `${page}/withdrawal`, fields);
      expectConfirmation(
        asked,
        '米沢データ印刷株式会社への再委託（契約「窓口業務支援システム保守業務委託」）の申請を取り下げます。',
        page,
        fields,
      );
      expect(await statusOf(sub.id)).toBe('REQUESTED');

      const done = await submitForm(contractorWeb, page, `${page}/withdrawal`, [
        ...fields,
        ['confirm', 'yes'],
      ]);
      expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=subcontract-withdrawn`]);
      expect(await statusOf(sub.id)).toBe('WITHDRAWN');
    });
  });

  describe('自己点検票 and 改善指示', () => {
    let openId: string;
    let openItems: { id: string; requiresEvidence: boolean }[];
    let submittedId: string;
    let submittedVersion: number;
    let submittedItems: { id: string }[];
    let orderContractId: string;

    /** The CHECKLIST generated for a contract, with its items. */
    async function checklistOf(contractId: string) {
      const list = await api(
        contractorUser.token,
        `/api/assessments?contractId=${contractId}&kind=CHECKLIST`,
      );
      const id = (list.body as { items: { id: string }[] }).items[0].id;
      return (await api(contractorUser.token, `/api/assessments/${id}`)).body as {
        id: string;
        version: number;
        items: { id: string; requiresEvidence: boolean }[];
      };
    }

    beforeAll(async () => {
      const open = await createApprovedContract(ctx, officer.token, company.id, {
        title: '証跡の確認用の契約',
      });
      const toReview = await createApprovedContract(ctx, officer.token, company.id, {
        title: '確認の完了用の契約',
      });
      orderContractId = toReview.id;
      await ctx
        .http()
        .post('/api/assessments/generate')
        .set(...bearer(adminToken))
        .send({ asOf: '2026-04-01' })
        .expect(200);
      const first = await checklistOf(open.id);
      openId = first.id;
      openItems = first.items;
      const second = await checklistOf(toReview.id);
      const saved = await ctx
        .http()
        .put(`/api/assessments/${second.id}/items`)
        .set(...bearer(contractorUser.token))
        .send({ version: second.version, items: second.items.map((item) => acceptableAnswer(item)) })
        .expect(200);
      const submitted = await ctx
        .http()
        .post(`/api/assessments/${second.id}/submit`)
        .set(...bearer(contractorUser.token))
        .send({ version: (saved.body as { version: number }).version })
        .expect(200);
      submittedId = second.id;
      submittedVersion = (submitted.body as { version: number }).version;
      submittedItems = second.items;
    });

    it('should ask before removing an evidence file, and remove it only with confirm=yes', async () => {
      const upload = await ctx
        .http()
        .post('/api/evidence')
        .set(...bearer(contractorUser.token))
        .field('itemId', openItems[0].id)
        .attach('file', Buffer.from('入退室記録の確認結果\n'), {
          filename: '入退室記録.txt',
          contentType: 'text/plain',
        })
        .expect(201);
      const evidenceId = (upload.body as { id: string }).id;
      const page = `/assessments/${openId}`;
      const action = `${page}/evidence/${evidenceId}/remove`;

      const asked = await submitForm(contractorWeb, page, action, []);
      expectConfirmation(asked, '証跡ファイル「入退室記録.txt」を削除します。', page, []);
      await api(contractorUser.token, `/api/evidence/${evidenceId}`).expect(200);

      const done = await submitForm(contractorWeb, page, action, [['confirm', 'yes']]);
      expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=evidence-removed`]);
      await api(contractorUser.token, `/api/evidence/${evidenceId}`).expect(404);
    });

    it('should ask before 確認を完了する, save nothing until confirmed, and complete the review with confirm=yes', async () => {
      const page = `/assessments/${submittedId}`;
      const fields: [string, string][] = [
        ['version', String(submittedVersion)],
        ...submittedItems.map((item): [string, string] => [`verdict_${item.id}`, 'ACCEPTED']),
        ['complete', 'true'],
      ];
      const asked = await submitForm(officerWeb, page, `${page}/review`, fields);
      expectConfirmation(
        asked,
        '株式会社置賜確認サービスの自己点検票（契約「確認の完了用の契約」）の確認を完了します。',
        page,
        fields,
      );
      expect(asked.text).toContain('指摘とした設問はありません。');
      const back = await submitForm(officerWeb, page, `${page}/review`, [...fields, ['confirm', 'back']]);
      expect(back.status).toBe(200);
      expect(back.text).toMatch(
        new RegExp(`name="verdict_${submittedItems[0].id}" value="ACCEPTED" checked`, 'u'),
      );
      expect((await api(officer.token, `/api/assessments/${submittedId}`)).body).toMatchObject({
        status: 'SUBMITTED',
        version: submittedVersion,
      });

      const done = await submitForm(officerWeb, page, `${page}/review`, [...fields, ['confirm', 'yes']]);
      expect(done.status).toBe(303);
      expect(String(done.headers.location)).toMatch(/flash=reviewed/u);
      expect((await api(officer.token, `/api/assessments/${submittedId}`)).body).toMatchObject({
        status: 'REVIEWED',
      });
    });

    it('should ask before withdrawing an improvement order, and withdraw it only with confirm=yes', async () => {
      const order = await issueOrder(ctx, adminToken, orderContractId, {
        ...ORDER_ON_FACTS,
        clauseParagraphs: [1],
      });
      const page = `/orders/${order.id}`;
      const admin = await webSignIn(ctx, ADMIN.email, ADMIN.password);
      const fields: [string, string][] = [
        ['version', String(order.version)],
        ['reason', '事実の確認に誤りがあったため。'],
      ];
      const asked = await submitForm(admin, page, `${page}/withdrawal`, fields);
      expectConfirmation(
        asked,
        '株式会社置賜確認サービスに対する改善指示「持出し媒体の暗号化の徹底」を取り下げます。',
        page,
        fields,
      );
      expect((await api(adminToken, `/api/improvement-orders/${order.id}`)).body).toMatchObject({
        status: 'ISSUED',
      });

      const done = await submitForm(admin, page, `${page}/withdrawal`, [...fields, ['confirm', 'yes']]);
      expect([done.status, done.headers.location]).toEqual([303, `${page}?flash=order-withdrawn`]);
      expect((await api(adminToken, `/api/improvement-orders/${order.id}`)).body).toMatchObject({
        status: 'WITHDRAWN',
      });
      expect((await admin.get(String(done.headers.location))).text).toContain('改善指示を取り下げました。');
    });
  });
});
