import { completeSelection, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

/**
 * The selection page (委託先の選定) over the web forms: the officer records it on a draft, a refused field is shown
 * beside it and in the error summary, approval without it is refused in Japanese, and after approval the page is
 * read-only. The contractor never reaches it.
 */
describe('the selection page (web e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { email: string; password: string; token: string };
  let company: { id: string };
  let contractorUser: { email: string; password: string };

  async function draft(): Promise<string> {
    const res = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `WSEL-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
        title: '窓口予約システム保守業務委託',
        contractorId: company.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      });
    expect(res.status).toBe(201);
    return (res.body as { id: string }).id;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    company = await createContractor(ctx, officer.token, { name: '株式会社選定画面' });
    contractorUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
  });
  afterAll(async () => ctx.close());

  it('should record the selection through the form, showing a refused note beside its field', async () => {
    const id = await draft();
    const web = await webSignIn(ctx, officer.email, officer.password);
    const detail = await web.get(`/contracts/${id}`);
    expect(detail.text).toContain('<h2 id="selection">委託先の選定</h2>');
    expect(detail.text).toContain('未完了');
    expect(detail.text).toContain('未記入：選定の方法、確認項目「情報セキュリティに関する第三者認証」');
    expect(detail.text).toContain(`<a href="/contracts/${id}/selection">委託先の選定を記録する</a>`);

    const page = `/contracts/${id}/selection`;
    const form = await web.get(page);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h1>委託先の選定</h1>');
    expect(form.text).not.toContain('クラウドサービスの登録'); // no cloud: ISMAP does not apply
    // Each criterion's evidence field has its own example; the certificate's only under the certification.
    const hintOf = (code: string) =>
      new RegExp(`id="f-evidence\\.${code}-hint">([^<]*)<`, 'u').exec(form.text)?.[1] ?? '';
    expect(hintOf('SECURITY_CERTIFICATION')).toContain('ISMS 登録証');
    for (const code of ['NO_SUSPENSION', 'ORGANIZATION_AND_STAFF', 'PAST_INCIDENTS']) {
      expect(hintOf(code)).toMatch(/^確認に用いた書類等/u);
      expect(hintOf(code)).not.toContain('登録証');
    }
    expect(hintOf('PAST_INCIDENTS')).toContain('事故報告書');
    expect(form.text).toContain('プロポーザル方式');
    const fields: [string, string][] = [
      ['version', '0'],
      ['method', 'NEGOTIATED'],
      ['met.SECURITY_CERTIFICATION', 'yes'],
      ['note.SECURITY_CERTIFICATION', 'プライバシーマーク登録証で確認した。'],
      ['evidence.SECURITY_CERTIFICATION', '登録証の写し'],
      ['met.NO_SUSPENSION', 'no'],
      ['note.NO_SUSPENSION', ''],
      ['met.ORGANIZATION_AND_STAFF', 'yes'],
      ['met.PAST_INCIDENTS', 'yes'],
      ['reason', '特殊な技術を要し、他に履行できる者がいないため。'],
    ];
    const refused = await submitForm(web, page, page, fields);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      '<span class="error" id="f-note.NO_SUSPENSION-error">確認項目「指名停止の状況」を満たしていないときは、確認の内容に、満たしていない事実と選定に支障がないと判断した理由を記入してください。</span>',
    );
    expect(refused.text).toMatch(/<li><a href="#f-note\.NO_SUSPENSION">「指名停止の状況」の確認の内容：/u);
    // What was typed stays on the page.
    expect(refused.text).toContain('特殊な技術を要し、他に履行できる者がいないため。');
    expect(refused.text).toContain('value="NEGOTIATED" checked');

    const fixed = fields.map(([k, v]): [string, string] =>
      k === 'note.NO_SUSPENSION' ? [k, '過去に指名停止があったが、期間は満了している。'] : [k, v],
    );
    const saved = await submitForm(web, page, page, fixed);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`${page}?flash=selection-saved`);
    const after = await web.get(saved.headers.location);
    expect(after.text).toContain('契約「窓口予約システム保守業務委託」の委託先の選定の記録を保存しました。');
    expect(after.text).toContain('記録済み');
    const api = await ctx
      .http()
      .get(`/api/contracts/${id}/selection`)
      .set(...bearer(officer.token));
    expect(api.body).toMatchObject({
      method: 'NEGOTIATED',
      reason: '特殊な技術を要し、他に履行できる者がいないため。',
      complete: true,
      version: 1,
    });
    const noSuspension = (
      api.body as { criteria: { code: string; met: boolean; note: string }[] }
    ).criteria.find((c) => c.code === 'NO_SUSPENSION');
    expect(noSuspension).toMatchObject({
      met: false,
      note: '過去に指名停止があったが、期間は満了している。',
    });
  });

  it('should refuse approval in Japanese without a selection, and show the record read-only once approved', async () => {
    const id = await draft();
    const web = await webSignIn(ctx, officer.email, officer.password);
    const url = `/contracts/${id}`;
    const refused = await submitForm(web, url, `${url}/approve`, [
      ['version', '1'],
      ['confirm', 'yes'],
    ]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('委託先の選定の記録が完了していないため、契約を承認できません');
    expect(refused.text).toContain('<a href="#selection">委託先の選定の記録を完成させてください。</a>');
    expect((await web.get(url)).text).toContain('起案中');

    await completeSelection(ctx, officer.token, id);
    const asked = await submitForm(web, url, `${url}/approve`, [['version', '1']]);
    expect(asked.status).toBe(200); // the confirmation step
    const approved = await submitForm(web, url, `${url}/approve`, [
      ['version', '1'],
      ['confirm', 'yes'],
    ]);
    expect(approved.status).toBe(303);
    const page = await web.get(`/contracts/${id}/selection`);
    expect(page.text).toContain('契約が承認されているため、選定の記録は変更できません。');
    expect(page.text).not.toContain('<form method="post" action="/contracts/');
    expect(page.text).toContain(`<a href="/api/contracts/${id}/selection.pdf">委託先選定調書（PDF`);
    const post = await submitForm(web, `/contracts/${id}`, `/contracts/${id}/selection`, [
      ['version', '1'],
      ['method', 'OPEN_TENDER'],
      ['reason', '変更'],
    ]);
    expect(post.status).toBe(409);
    expect(post.text).toContain('選定の記録');
  });

  it('should take a certification with its scope on the contractor page and flag it beside its criterion', async () => {
    const web = await webSignIn(ctx, officer.email, officer.password);
    const page = `/contractors/${company.id}`;
    const added = await submitForm(web, page, `${page}/certifications`, [
      ['type', 'ISMS'],
      ['registrationNumber', 'IS 777001'],
      ['issuer', '一般財団法人日本品質保証機構'],
      ['validFrom', '2025-04-01'],
      ['validUntil', '2028-03-31'],
      ['scope', '本社（山形県長井市）における受託開発業務'],
    ]);
    expect(added.status).toBe(303);
    expect((await web.get(page)).text).toContain('適用範囲：本社（山形県長井市）における受託開発業務');
    const res = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `WSEL-SITE-${Date.now()}`,
        title: '窓口予約システム保守業務委託',
        contractorId: company.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
        workLocations: ['本庁舎3階電算室'],
      });
    const selection = await web.get(`/contracts/${(res.body as { id: string }).id}/selection`);
    expect(selection.text).toContain('IS 777001');
    expect(selection.text).toContain(
      '<span class="status danger">注意</span> 適用範囲に作業場所（「本庁舎3階電算室」）が含まれていない。',
    );
  });

  it('should not show the selection to the contractor', async () => {
    const id = await draft();
    const web = await webSignIn(ctx, contractorUser.email, contractorUser.password);
    const page = await web.get(`/contracts/${id}/selection`);
    expect(page.status).toBe(403);
    const detail = await web.get(`/contracts/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain('委託先の選定');
  });
});
