import { plainQuestion } from '../../src/modules/documents/japanese-format';
import type { InspectionResponse } from '../../src/modules/inspections/dto/inspection.dto';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  endContractsOf,
  japanDatePlus,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

const PLACE = '山形県米沢市金池3丁目1番55号 受託者作業室';
const textOf = (html: string, id: string): string | undefined =>
  new RegExp(`id="${id}"[^>]*>([^<]*)<`, 'u').exec(html)?.[1];

/**
 * The web pages of 立入検査・書面監査: plan, record the checklist per article, conduct, report after the
 * confirmation step, and from a nonconformity the improvement order form prefilled with it. The contractor sees the
 * inspection only once reported, read-only.
 */
describe('web UI: inspections', () => {
  let ctx: TestContext;
  let contractId: string;
  let company: { id: string; name: string };
  let web: {
    officer: Awaited<ReturnType<typeof webSignIn>>;
    admin: Awaited<ReturnType<typeof webSignIn>>;
    contractor: Awaited<ReturnType<typeof webSignIn>>;
  };
  const today = japanDatePlus(0);

  beforeAll(async () => {
    ctx = await startTestApp();
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    company = await createContractor(ctx, admin, { name: '画面検査株式会社' });
    const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    contractId = (await createApprovedContract(ctx, officer.token, company.id, { workLocations: [PLACE] }))
      .id;
    web = {
      officer: await webSignIn(ctx, officer.email, officer.password),
      admin: await webSignIn(ctx, ADMIN.email, ADMIN.password),
      contractor: await webSignIn(ctx, contractor.email, contractor.password),
    };
  });
  afterAll(async () => ctx.close());

  const read = async (id: string): Promise<InspectionResponse> =>
    (
      await ctx
        .http()
        .get(`/api/inspections/${id}`)
        .set(...bearer(await login(ctx, ADMIN.email, ADMIN.password)))
    ).body as InspectionResponse;

  it('should plan, record per article, conduct, report after confirming, and lead to a prefilled order', async () => {
    const form = await web.officer.get(`/inspections/new?contractId=${contractId}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${PLACE}"></option>`);
    const refused = await submitForm(
      web.officer,
      `/inspections/new?contractId=${contractId}`,
      '/inspections',
      {
        contractId,
        kind: 'ON_SITE',
        plannedOn: today,
        announced: 'false',
        inspectors: '',
        place: '東京都千代田区',
      },
    );
    expect(refused.status).toBe(400);
    expect(textOf(refused.text, 'f-inspectors-error')).toBe('検査員の氏名を1行に1人ずつ記入してください。');
    const planned = await submitForm(
      web.officer,
      `/inspections/new?contractId=${contractId}`,
      '/inspections',
      {
        contractId,
        kind: 'ON_SITE',
        plannedOn: today,
        announced: 'false',
        inspectors: '長井 花子\n米沢 一郎\n',
        place: PLACE,
      },
    );
    expect(planned.status).toBe(303);
    const url = String(planned.headers.location);
    expect(url).toMatch(/^\/inspections\/[0-9a-f-]{36}\?flash=inspection-planned$/u);
    const id = url.split('/')[2].split('?')[0];
    const page = await web.officer.get(url);
    expect(page.text).toContain('検査を計画しました。');
    expect(page.text).toContain('長井 花子、米沢 一郎');
    const inspection = await read(id);
    const duty = inspection.items?.find((i) => !i.advisory && i.basis !== null);
    if (!duty) throw new Error('no item');
    // The checklist per article, each item citing its paragraph.
    expect(page.text).toContain(`<h3>第${duty.articleNo}条（${duty.clauseTitle}）</h3>`);
    expect(page.text).toContain(`第${duty.basis}項　${plainQuestion(duty.question)}`);
    // A long form: the page says when the session ends and to save on the way (SESSION_IDLE_MINUTES, 30 here).
    expect(page.text).toContain('30分以上操作しないとサインアウトされます。途中で保存してください。');
    // Not conducted yet: no counts, on the page and in the list.
    expect(page.text).toContain('<dt>結果</dt><dd>—</dd>');
    const staffList = await web.officer.get('/inspections');
    expect(staffList.text).toMatch(new RegExp(`/inspections/${id}"[\\s\\S]*?<td>—</td>\\s*<td>—</td>`, 'u'));
    // The contractor never sees a planned (unannounced) inspection.
    expect((await web.contractor.get(`/inspections/${id}`)).status).toBe(404);
    expect((await web.contractor.get('/inspections')).text).not.toContain(id);

    const noNote = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/items`, {
      version: String(inspection.version),
      [`result_${duty.id}`]: 'NONCONFORMING',
    });
    expect(noNote.status).toBe(400);
    expect(textOf(noNote.text, `f-note_${duty.id}-error`)).toBe(
      '不適合とした項目には、確認した事実を記入してください。',
    );
    const recorded = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/items`, {
      version: String(inspection.version),
      [`result_${duty.id}`]: 'NONCONFORMING',
      [`note_${duty.id}`]: '入退室の記録が作成されていなかった。',
      [`seen_${duty.id}`]: '入退室管理簿',
    });
    expect(recorded.status).toBe(303);
    expect((await read(id)).items?.find((i) => i.id === duty.id)).toMatchObject({
      result: 'NONCONFORMING',
      note: '入退室の記録が作成されていなかった。',
      evidence: '入退室管理簿',
    });
    const conducted = await submitForm(
      web.officer,
      `/inspections/${id}`,
      `/inspections/${id}/conduct`,
      { conductedOn: today, summary: '記録の作成に改善を要する。' },
      { pageVersion: true },
    );
    expect(conducted.status).toBe(303);
    // Reporting asks first; the first post changes nothing.
    const version = String((await read(id)).version);
    const ask = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/report`, { version });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('検査結果の通知の確認');
    expect((await read(id)).status).toBe('CONDUCTED');
    const done = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/report`, {
      version,
      confirm: 'yes',
    });
    expect(done.status).toBe(303);
    const reported = await web.officer.get(String(done.headers.location));
    expect(reported.text).toContain('検査結果通知書を発行し、検査の結果を通知しました。');
    expect(reported.text).toMatch(/<dt>文書番号<\/dt><dd>[^<]+第\d+号/u);
    expect(reported.text).toContain(`/api/inspections/${id}/result.pdf`);

    // The contractor reads it now, without any form.
    const theirs = await web.contractor.get(`/inspections/${id}`);
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('入退室の記録が作成されていなかった。');
    expect(theirs.text).not.toContain('<form method="post" action="/inspections/');
    const theirList = (await web.contractor.get('/inspections')).text;
    expect(theirList).toContain(`/inspections/${id}`);
    // The body as configured (not a hard-coded 組合), and no planned day, which means nothing to a contractor.
    const org = /<span class="org">([^<]+)<\/span>/u.exec(theirList)?.[1];
    expect(org).toBeTruthy();
    expect(theirList).toContain(`<p>${org}が実施した立入検査及び書面監査のうち`);
    expect(theirList).not.toContain('実施予定日');

    // From the nonconformity, the order form with it checked; issued, its page names the inspection.
    const adminPage = await web.admin.get(`/inspections/${id}`);
    const link = `/orders/new?inspectionId=${id}&amp;itemId=${duty.id}`;
    expect(adminPage.text).toContain(link);
    const orderForm = await web.admin.get(`/orders/new?inspectionId=${id}&itemId=${duty.id}`);
    expect(orderForm.text).toContain(`name="nonconformityItemIds" value="${duty.id}" checked`);
    expect(orderForm.text).not.toContain('name="foundOn"');
    const issued = await submitForm(
      web.admin,
      `/orders/new?inspectionId=${id}&itemId=${duty.id}`,
      '/orders',
      {
        contractId,
        inspectionId: id,
        nonconformityItemIds: duty.id,
        title: '入退室管理の徹底',
        description: '入退室の記録を作成し、保管すること。',
        severity: 'MEDIUM',
        dueDate: japanDatePlus(30),
      },
    );
    expect(issued.status).toBe(303);
    const order = await web.admin.get(String(issued.headers.location));
    // Where the facts were found: the inspection, its day, linked (the legal basis is the PDF's 指示の根拠).
    expect(order.text).toMatch(
      new RegExp(
        `<dt>事実を確認した端緒</dt><dd><a href="/inspections/${id}">立入検査（令和\\d+年\\d+月\\d+日実施）</a></dd>`,
        'u',
      ),
    );
    expect(order.text).not.toContain('発出の根拠');
    expect(order.text).toMatch(/令和\d+年\d+月\d+日に実施した立入検査において、次の事実を認めた。/u);
    expect((await web.admin.get(`/inspections/${id}`)).text).not.toContain(link);
  });

  it('should offer an ended contract on the plan form, and plan an inspection of it (erasure after the end)', async () => {
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const ended = await createContractor(ctx, admin, { name: '契約終了株式会社' });
    const endedContract = await createApprovedContract(ctx, officer.token, ended.id);
    await endContractsOf(ctx, officer.token, ended.id);
    const choose = await web.officer.get('/inspections/new');
    expect(choose.text).toContain(`<option value="${endedContract.id}">`);
    expect(choose.text).toMatch(
      new RegExp(`<option value="${endedContract.id}">[^<]*（契約終了株式会社、終了）</option>`, 'u'),
    );
    const planned = await submitForm(
      web.officer,
      `/inspections/new?contractId=${endedContract.id}`,
      '/inspections',
      {
        contractId: endedContract.id,
        kind: 'DOCUMENT',
        plannedOn: today,
        announced: 'true',
        inspectors: '長井 花子',
      },
    );
    expect(planned.status).toBe(303);
    const id = String(planned.headers.location).split('/')[2].split('?')[0];
    expect(await read(id)).toMatchObject({
      contractId: endedContract.id,
      status: 'PLANNED',
      announced: true,
    });
    // Announced: the page says the prior notice is given outside the system.
    expect((await web.officer.get(`/inspections/${id}`)).text).toContain(
      '委託先への事前の通知は、別途行ってください。',
    );
  });

  it('should cancel a planned inspection only after confirming, with the reason', async () => {
    const planned = await submitForm(web.officer, '/inspections/new', '/inspections', {
      contractId,
      kind: 'DOCUMENT',
      plannedOn: today,
      announced: 'true',
      inspectors: '長井 花子',
    });
    expect(planned.status).toBe(303);
    const id = String(planned.headers.location).split('/')[2].split('?')[0];
    const version = String((await read(id)).version);
    const ask = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/cancel`, {
      version,
      reason: '日程を改めるため。',
    });
    expect(ask.text).toContain('検査の中止の確認');
    expect((await read(id)).status).toBe('PLANNED');
    const done = await submitForm(web.officer, `/inspections/${id}`, `/inspections/${id}/cancel`, {
      version,
      reason: '日程を改めるため。',
      confirm: 'yes',
    });
    expect(done.status).toBe(303);
    expect(await read(id)).toMatchObject({ status: 'CANCELLED', cancelReason: '日程を改めるため。' });
    expect((await web.admin.get('/inspections?status=CANCELLED')).text).toContain(`/inspections/${id}`);
  });
});
