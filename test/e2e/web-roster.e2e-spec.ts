import type TestAgent from 'supertest/lib/agent';
import { ContractRoster } from '../../src/modules/contracts/contract-roster.entity';
import { ContractWorker } from '../../src/modules/contracts/contract-worker.entity';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

const HONCHO = '置賜広域行政事務組合本庁舎3階電算室';
const YONEZAWA = '乙の米沢開発センター（山形県米沢市）';

/**
 * The roster pages over HTTP (issue 12, item 6): the contract form edits the list of places, the roster's form
 * offers only those places and the employment types, the officer acknowledges (受理) the version shown, and a
 * change afterwards shows 「変更あり・未受理」 until the next acknowledgement.
 */
describe('web UI: the worker roster as the body sees it', () => {
  let ctx: TestContext;
  let officer: { email: string; password: string; token: string };
  let primeUser: { email: string; password: string };
  let prime: { id: string; name: string };
  let officerWeb: TestAgent;
  let primeWeb: TestAgent;

  beforeAll(async () => {
    ctx = await startTestApp();
    const adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    prime = await createContractor(ctx, adminToken, { name: '株式会社置賜情報サービス' });
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    officerWeb = await webSignIn(ctx, officer.email, officer.password);
    primeWeb = await webSignIn(ctx, primeUser.email, primeUser.password);
  });
  afterAll(async () => ctx.close());

  it('should edit the list of places on the contract form, one a line', async () => {
    const created = await submitForm(officerWeb, '/contracts/new', '/contracts/new', [
      ['contractNumber', `R8-情政-${Date.now()}`],
      ['title', '住民情報システム運用保守業務委託'],
      ['contractorId', prime.id],
      ['department', '総務課情報政策係'],
      ['startDate', '2026-04-01'],
      ['endDate', '2027-03-31'],
      ['confidentialityClass', '2'],
      ['handlesPersonalInfo', 'false'],
      ['usesCloud', 'false'],
      ['workLocations', `${HONCHO}\r\n\r\n  ${YONEZAWA}  \r\n`],
      ['assessmentFrequency', ''],
    ]);
    expect(created.status).toBe(303);
    const id = /\/contracts\/([0-9a-f-]{36})/.exec(created.headers.location ?? '')?.[1] ?? '';
    const read = (
      await ctx.http().get(`/api/contracts/${id}`).set('Authorization', `Bearer ${officer.token}`)
    ).body as ContractResponse;
    expect(read.workLocations).toEqual([HONCHO, YONEZAWA]);
    const page = await officerWeb.get(`/contracts/${id}`);
    expect(page.text).toContain(`<li>${HONCHO}</li><li>${YONEZAWA}</li>`);

    const edit = await officerWeb.get(`/contracts/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('<textarea id="f-workLocations" name="workLocations"');
    // One place a line, each exactly as stored (a partial's indentation must not creep into the value).
    expect(edit.text).toContain(`>${HONCHO}\n${YONEZAWA}</textarea>`);
    const twice = await submitForm(officerWeb, `/contracts/${id}/edit`, `/contracts/${id}/edit`, [
      ['version', String(read.version)],
      ['workLocations', `${HONCHO}\n${HONCHO}`],
    ]);
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(
      `<span class="error" id="f-workLocations-error">同じ作業場所が重複して指定されています（「${HONCHO}」）。</span>`,
    );
  });

  it('should offer only the named places, record the employment type, acknowledge, and show a later change', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id, {
      workLocations: [HONCHO, YONEZAWA],
    });
    const roster = `/contracts/${contract.id}/workers`;
    const empty = await primeWeb.get(roster);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain(`<option value="${HONCHO}">${HONCHO}</option>`);
    expect(empty.text).toContain(`<option value="${YONEZAWA}">${YONEZAWA}</option>`);
    expect(empty.text).toContain('<option value="DISPATCHED">派遣労働者</option>');
    expect(empty.text).toContain(
      `<a href="/api/contracts/${contract.id}/workers.pdf">従事者名簿を印刷する（PDF）</a>`,
    );
    expect(empty.text).not.toContain('この名簿を受理する'); // a contractor does not acknowledge

    const elsewhere = await submitForm(primeWeb, roster, roster, [
      ['name', '髙橋 一郎'],
      ['employerContractorId', prime.id],
      ['employmentType', 'EMPLOYEE'],
      ['role', '運用担当'],
      ['workLocation', '従事者の自宅'],
    ]);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain(
      `<span class="error" id="f-workLocation-error">作業場所は、契約で定めた作業場所（「${HONCHO}」、「${YONEZAWA}」）のいずれかを指定してください。</span>`,
    );

    const added = await submitForm(primeWeb, roster, roster, [
      ['name', '髙橋 一郎'],
      ['employerContractorId', prime.id],
      ['employmentType', 'DISPATCHED'],
      ['dispatchAgencyName', '株式会社米沢人材サービス'],
      ['role', '運用担当'],
      ['workLocation', YONEZAWA],
      ['trainingDate', '2026-04-10'],
      ['pledgeDate', '2026-04-01'],
    ]);
    expect(added.status).toBe(303);
    const [row] = await ctx.dataSource.manager.findBy(ContractWorker, { contractId: contract.id });
    expect(row).toMatchObject({
      employmentType: 'DISPATCHED',
      dispatchAgencyName: '株式会社米沢人材サービス',
      workLocation: YONEZAWA,
    });

    const officerPage = await officerWeb.get(roster);
    expect(officerPage.text).toContain('<td>派遣労働者</td>');
    expect(officerPage.text).toContain(`${prime.name}（受託者）<br>派遣元：株式会社米沢人材サービス`);
    expect(officerPage.text).toContain('<span class="status">未受理</span>');
    expect(officerPage.text).toContain('<input type="hidden" name="version" value="1">');
    const acknowledged = await submitForm(officerWeb, roster, `${roster}/acknowledgement`, [
      ['version', '1'],
    ]);
    expect(acknowledged.status).toBe(303);
    expect(acknowledged.headers.location).toBe(`${roster}?flash=acknowledged`);
    const after = await officerWeb.get(`${roster}?flash=acknowledged`);
    expect(after.text).toContain('従事者名簿を受理しました。');
    expect(after.text).toContain('<span class="status ok">受理済み</span></dd>');
    expect(after.text).not.toContain('この名簿を受理する');
    expect(await ctx.dataSource.manager.findOneBy(ContractRoster, { contractId: contract.id })).toMatchObject(
      {
        status: 'ACKNOWLEDGED',
        acknowledgedRevision: 1,
      },
    );

    // The contractor changes the entry: the officer sees 変更あり・未受理 and may acknowledge version 2.
    const edit = /href="(\/contracts\/[0-9a-f-]+\/workers\/[0-9a-f-]+\/edit)"/.exec(after.text)?.[1] ?? '';
    const editForm = await primeWeb.get(edit);
    expect(editForm.text).toContain(`<option value="${YONEZAWA}" selected>${YONEZAWA}</option>`);
    expect(editForm.text).toContain('<option value="DISPATCHED" selected>派遣労働者</option>');
    const changed = await submitForm(primeWeb, edit, edit, [
      ['version', '1'],
      ['name', '髙橋 一郎'],
      ['employerContractorId', prime.id],
      ['employmentType', 'EMPLOYEE'],
      ['dispatchAgencyName', '株式会社米沢人材サービス'], // ignored: not dispatched any more
      ['role', '運用担当'],
      ['workLocation', HONCHO],
      ['trainingDate', '2026-04-10'],
      ['pledgeDate', '2026-04-01'],
    ]);
    expect(changed.status).toBe(303);
    const changedPage = await officerWeb.get(roster);
    expect(changedPage.text).toContain('<span class="status danger">変更あり・未受理</span>');
    expect(changedPage.text).toContain('追加0名、変更1名、削除0名');
    expect(changedPage.text).toContain('<input type="hidden" name="version" value="2">');
    expect(await ctx.dataSource.manager.findOneByOrFail(ContractWorker, { id: row.id })).toMatchObject({
      employmentType: 'EMPLOYEE',
      dispatchAgencyName: null,
      workLocation: HONCHO,
    });

    // Acknowledging the version shown before the change is refused with the reason, and nothing changes.
    const stale = await submitForm(officerWeb, roster, `${roster}/acknowledgement`, [['version', '1']]);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('従事者名簿は、表示した後に変更されています。');
    const again = await submitForm(officerWeb, roster, `${roster}/acknowledgement`, [['version', '2']]);
    expect(again.status).toBe(303);
    expect((await officerWeb.get(roster)).text).toContain('<span class="status ok">受理済み</span></dd>');
  });
});
