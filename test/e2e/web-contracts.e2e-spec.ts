import { createHash } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { addDays, todayInJapan } from '../../src/common/clock';
import { formatWareki } from '../../src/common/dates/wareki';
import {
  completeSelection,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

interface ContractBody {
  id: string;
  version: number;
  clauses: { code: string; articleNo: number; title: string }[];
  micCoverage: { item: number; label: string; clauses: string[] }[];
}

/** The contract pages over HTTP: a browser's cookie, its forms and their CSRF tokens. */
describe('web UI: contracts, clauses, 再委託 and the worker roster', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { email: string; password: string; token: string };
  let prime: { id: string; name: string };
  let subCo: { id: string; name: string };
  let stranger: { id: string; name: string };
  let other: { id: string; name: string };
  let primeUser: { email: string; password: string };
  let otherUser: { email: string; password: string };
  let officerWeb: TestAgent;
  let primeWeb: TestAgent;

  const uuidIn = (location: string | undefined): string =>
    /\/contracts\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';
  /** Text as Handlebars prints it. */
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
  /** The row of the MIC table for one item. */
  const micRow = (html: string, item: number, label: string): string => {
    const at = html.indexOf(`<th scope="row">${esc(label)}</th>`);
    expect(at).toBeGreaterThanOrEqual(0);
    const row = html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at));
    expect(row).toContain(`<td class="num">${item}</td>`);
    return row;
  };
  /** 令和8年4月1日, as the pages print a date (one style on every page, issue 15). */
  const japaneseDate = (iso: string): string => formatWareki(iso);
  const decode = (html: string): string =>
    html
      .replace(/&#x3D;/g, '=')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');

  const contractForm = (overrides: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      contractNumber: `R8-情政-${Date.now()}`,
      title: '住民情報システム運用保守業務委託',
      contractorId: prime.id,
      department: '総務課情報政策係',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: '2',
      handlesPersonalInfo: 'false',
      usesCloud: 'false',
      workLocations: '',
      assessmentFrequency: '',
      ...overrides,
    });

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    prime = await createContractor(ctx, adminToken, { name: '株式会社置賜情報サービス' });
    subCo = await createContractor(ctx, adminToken, { name: '米沢データ印刷株式会社' });
    stranger = await createContractor(ctx, adminToken, { name: '未承認システム合同会社' });
    other = await createContractor(ctx, adminToken, { name: '南陽ソフト株式会社' });
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    otherUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', other.id);
    officerWeb = await webSignIn(ctx, officer.email, officer.password);
    primeWeb = await webSignIn(ctx, primeUser.email, primeUser.password);
  });
  afterAll(async () => ctx.close());

  it('should draft a contract through the form, set a clause parameter, approve it and serve its PDF', async () => {
    const form = await officerWeb.get('/contracts/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${prime.id}">株式会社置賜情報サービス</option>`);
    expect(form.text).toContain('機密性に応じた頻度（機密性3は四半期ごと');

    const created = await submitForm(officerWeb, '/contracts/new', '/contracts/new', contractForm());
    expect(created.status).toBe(303);
    expect(created.headers.location).toMatch(/^\/contracts\/[0-9a-f-]{36}\?flash=contract-created$/);
    const id = uuidIn(created.headers.location);

    const draft = await officerWeb.get(created.headers.location);
    expect(draft.text).toContain(
      '<p class="flash" role="status">契約「住民情報システム運用保守業務委託」を起案しました。</p>',
    );
    expect(draft.text).toContain('起案中');
    expect(draft.text).toContain('令和8年4月1日から令和9年3月31日まで');
    expect(draft.text).toContain(
      `href="/api/contracts/${id}/clauses.pdf">情報セキュリティに関する特記事項（案）の PDF`,
    );
    expect(draft.text).toContain(`href="/contracts/${id}/clauses">条項を選択</a>`);
    expect(draft.text).toContain(`href="/assessments?contractId=${id}"`);
    expect(draft.text).toContain('知った時から2時間以内に');

    // The clause form: the defaults pre-selected, mandatory ones fixed, non-applicable ones listed with the reason.
    const clauses = await officerWeb.get(`/contracts/${id}/clauses`);
    expect(clauses.status).toBe(200);
    expect(clauses.text).toContain('<input type="hidden" name="clauses" value="INCIDENT_REPORT">');
    expect(clauses.text).toMatch(/id="c-INCIDENT_REPORT" value="INCIDENT_REPORT" checked disabled/);
    expect(clauses.text).toMatch(/id="c-SERVICE_LEVEL" name="clauses" value="SERVICE_LEVEL" checked>/);
    expect(clauses.text).toMatch(
      /id="c-SUBCONTRACT_PROHIBITED" name="clauses" value="SUBCONTRACT_PROHIBITED">/,
    );
    expect(clauses.text).toContain('個人情報の取扱い：対象外（個人情報を取り扱う契約にのみ適用されます。）');
    expect(clauses.text).toContain('乙に関する情報の提供：対象外（機密性3以上の契約にのみ適用されます。）');
    expect(clauses.text).toMatch(/name="p\.INCIDENT_REPORT\.reportHours" value="2" min="1" max="24"/);

    // What the browser would send back: the chosen boxes, the hidden mandatory codes and every parameter input.
    const html = decode(clauses.text);
    const chosen = [
      ...html.matchAll(/<input type="hidden" name="clauses" value="([A-Z_]+)">/g),
      ...html.matchAll(/name="clauses" value="([A-Z_]+)" checked>/g),
    ].map((m): [string, string] => ['clauses', m[1]]);
    const params = [...html.matchAll(/name="(p\.[A-Z_]+\.[A-Za-z]+)" value="([^"]*)"/g)].map(
      (m): [string, string] => [m[1], m[2]],
    );
    const version = /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
    const withHours = (hours: string): [string, string][] => [
      ['version', version],
      ...chosen,
      ...params.map(([k, v]): [string, string] => [k, k === 'p.INCIDENT_REPORT.reportHours' ? hours : v]),
    ];

    const refused = await submitForm(
      officerWeb,
      `/contracts/${id}/clauses`,
      `/contracts/${id}/clauses`,
      withHours('48'),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(
      '<span class="error" id="p-INCIDENT_REPORT-reportHours-error">条項「事故発生時の報告」の「第一報の期限」は1から24までの整数で指定してください（単位：時間）。</span>',
    );
    expect(refused.text).toMatch(/name="p\.INCIDENT_REPORT\.reportHours" value="48"/);
    // The summary at the top links the refused value, named by its clause and caption.
    expect(refused.text).toMatch(/<title>エラー：/u);
    expect(refused.text).toMatch(
      /<li><a href="#p-INCIDENT_REPORT-reportHours">事故発生時の報告の第一報の期限：条項「事故発生時の報告」の「第一報の期限」は1から24までの整数で指定してください（単位：時間）。<\/a><\/li>/u,
    );

    const saved = await submitForm(
      officerWeb,
      `/contracts/${id}/clauses`,
      `/contracts/${id}/clauses`,
      withHours('1'),
    );
    expect(saved.status).toBe(303);
    const withParam = await officerWeb.get(`/contracts/${id}`);
    expect(withParam.text).toContain('知った時から1時間以内に');
    expect(withParam.text).toMatch(/第\d+条（事故発生時の報告）/);

    await completeSelection(ctx, officer.token, id);
    const approveVersion = /name="version" value="(\d+)"/.exec(withParam.text)?.[1] ?? '';
    // 「この契約を承認する」 asks first; the contract stays a draft until 「実行する」.
    const asked = await submitForm(officerWeb, `/contracts/${id}`, `/contracts/${id}/approve`, [
      ['version', approveVersion],
    ]);
    expect(asked.status).toBe(200);
    expect(asked.text).toMatch(/<strong>契約「[^」]+」（[^）]+、委託先：[^）]+）を承認します。<\/strong>/u);
    expect(asked.text).toContain(`<input type="hidden" name="version" value="${approveVersion}">`);
    expect((await officerWeb.get(`/contracts/${id}`)).text).toContain('起案中');
    const approved = await submitForm(officerWeb, `/contracts/${id}`, `/contracts/${id}/approve`, [
      ['version', approveVersion],
      ['confirm', 'yes'],
    ]);
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(`/contracts/${id}?flash=contract-approved`);
    const active = await officerWeb.get(approved.headers.location);
    expect(active.text).toMatch(/<p class="flash" role="status">契約「[^」]+」を承認しました。<\/p>/u);
    expect(active.text).toContain('<span class="status ok">有効</span>');
    expect(active.text).toContain(
      `href="/api/contracts/${id}/clauses.pdf">情報セキュリティに関する特記事項の PDF`,
    );
    expect(active.text).toContain('知った時から1時間以内に');
    expect(active.text).not.toContain('この契約を承認する');
    expect(active.text).toContain('契約を解除する');
    const sha = /特記事項 PDF の SHA-256<\/dt><dd><code>([0-9a-f]{64})<\/code>/.exec(active.text)?.[1];
    // The 照合番号 printed in the PDF's footer: the content hash, shown apart from the file's hash.
    const content = /特記事項の照合番号[^<]*<\/dt><dd><code>([0-9a-f]{64})<\/code>/.exec(active.text)?.[1];
    expect(content).toMatch(/^[0-9a-f]{64}$/);
    expect(content).not.toBe(sha);

    const pdf = await officerWeb
      .get(`/api/contracts/${id}/clauses.pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  });

  it('should re-render the contract form with the error next to the field and what was typed', async () => {
    const typed = contractForm({
      title: '窓口業務委託（入力保持の確認）',
      startDate: '2026-04-01',
      endDate: '2026-03-31',
    });
    const res = await submitForm(officerWeb, '/contracts/new', '/contracts/new', typed);
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      '<span class="error" id="f-endDate-error">契約期間の終了日は開始日以降の日付を指定してください。</span>',
    );
    expect(res.text).toContain('value="窓口業務委託（入力保持の確認）"');
    expect(res.text).toContain('value="2026-03-31"');
    expect(res.text).toMatch(
      /id="f-confidentialityClass-2" name="confidentialityClass" type="radio" value="2" checked/,
    );
    expect(res.text).toContain(`<option value="${prime.id}" selected>`);

    const blank = await submitForm(
      officerWeb,
      '/contracts/new',
      '/contracts/new',
      contractForm({ title: '' }),
    );
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('<span class="error" id="f-title-error">入力してください。</span>');
    expect(blank.text).toContain('<h2 id="form-error-title">入力内容を確認してください（1件）</h2>');
    expect(blank.text).toContain('<li><a href="#f-title">件名：入力してください。</a></li>');
  });

  it('should change a draft through the edit form and refuse the edit form once approved', async () => {
    const created = await submitForm(officerWeb, '/contracts/new', '/contracts/new', contractForm());
    const id = uuidIn(created.headers.location);
    const form = await officerWeb.get(`/contracts/${id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="住民情報システム運用保守業務委託"');
    expect(form.text).toMatch(
      /id="f-confidentialityClass-2" name="confidentialityClass" type="radio" value="2" checked/,
    );
    expect(form.text).toContain('<option value="SEMIANNUAL" selected>半期ごと</option>');
    const fields = contractForm({
      title: '住民情報システム運用保守業務委託（変更後）',
      confidentialityClass: '3',
    })
      .filter(([k]) => k !== 'contractorId')
      .map(([k, v]): [string, string] => [k, k === 'assessmentFrequency' ? 'QUARTERLY' : v]);
    const saved = await submitForm(officerWeb, `/contracts/${id}/edit`, `/contracts/${id}/edit`, [
      ['version', '1'],
      ...fields,
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/contracts/${id}?flash=contract-saved`);
    const page = await officerWeb.get(saved.headers.location);
    expect(page.text).toContain('<dt>件名</dt><dd>住民情報システム運用保守業務委託（変更後）</dd>');
    expect(page.text).toContain('<dd>機密性3</dd>');

    const stale = await submitForm(officerWeb, `/contracts/${id}/edit`, `/contracts/${id}/edit`, [
      ['version', '1'],
      ...fields,
    ]);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('他の操作によって更新されています。');

    const approved = await createApprovedContract(ctx, officer.token, prime.id);
    const refused = await officerWeb.get(`/contracts/${approved.id}/edit`);
    expect(refused.status).toBe(409);
    expect((await officerWeb.get(`/contracts/${approved.id}/clauses`)).status).toBe(409);
  });

  it('should terminate an active contract only with a reason, and show auditors no forms', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id);
    const url = `/contracts/${contract.id}`;
    const blank = await submitForm(officerWeb, url, `${url}/terminate`, [
      ['version', String(contract.version)],
      ['reason', ''],
    ]);
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('<span class="error" id="terminate-reason-error">入力してください。</span>');
    expect(blank.text).not.toContain('id="end-reason-error"');

    const done = await submitForm(officerWeb, url, `${url}/terminate`, [
      ['version', String(contract.version)],
      ['reason', '特記事項第20条に基づき、是正されない重大な違反を理由として解除する。'],
    ]);
    expect(done.status).toBe(303);
    const page = await officerWeb.get(url);
    expect(page.text).toContain('<span class="status danger">解除</span>');
    expect(page.text).toContain('<dt>解除の理由</dt><dd>特記事項第20条に基づき');
    expect(page.text).not.toContain('契約を解除する</button>');

    const auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    const auditorWeb = await webSignIn(ctx, auditor.email, auditor.password);
    const read = await auditorWeb.get(url);
    expect(read.status).toBe(200);
    expect(read.text).not.toMatch(/<form method="post" action="\/contracts/);
    expect((await auditorWeb.get(`${url}/workers`)).text).not.toContain('従事者の登録');
  });

  it('should let the contractor request a sub-contract through the form, and the officer register and decide it', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id);
    const url = `/contracts/${contract.id}`;
    const page = await primeWeb.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('再委託の承認を申請する');
    // A contractor proposes its sub-contractor: no list of the companies the body has registered.
    expect(page.text).not.toContain(subCo.id);
    expect(page.text).not.toContain('南陽ソフト株式会社');
    expect(page.text).not.toContain('この契約を承認する');
    expect(page.text).toContain('name="subcontractor.corporateNumber"');

    const start = addDays(todayInJapan(), 30);
    const form = (overrides: Record<string, string> = {}): [string, string][] =>
      Object.entries({
        'subcontractor.name': '米沢データ印刷株式会社',
        'subcontractor.corporateNumber': (subCo as { corporateNumber?: string }).corporateNumber ?? '',
        'subcontractor.address': '山形県米沢市金池三丁目1番1号',
        'subcontractor.representativeName': '代表取締役 米沢 一郎',
        'subcontractor.securityOfficer.name': '保安 花子',
        'subcontractor.securityOfficer.email': 'security@yonezawa-print.example.jp',
        'subcontractor.securityOfficer.phone': '0238-11-1111',
        scope: '帳票の印刷及び封入封緘',
        necessity: '繁忙期の印刷量が自社設備の能力を超えるため。',
        informationHandled: '住民の氏名及び住所',
        securityMeasures: '入退室を管理した印刷室でのみ作業する。',
        workers: '山﨑 花子／封入封緘作業\n髙橋 二郎／印刷機の操作',
        plannedStartDate: start,
        parentSubcontractId: '',
        ...overrides,
      });

    const missing = await submitForm(
      primeWeb,
      url,
      `${url}/subcontracts`,
      form({ scope: '', workers: '山田 太郎' }),
    );
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<span class="error" id="f-scope-error">入力してください。</span>');
    expect(missing.text).toContain(
      '<span class="error" id="f-workers-error">1行目：「氏名／担当する作業」の形で入力してください。</span>',
    );
    expect(missing.text).toContain('value="米沢データ印刷株式会社"');

    const early = await submitForm(
      primeWeb,
      url,
      `${url}/subcontracts`,
      form({ plannedStartDate: addDays(todayInJapan(), 3) }),
    );
    expect(early.status).toBe(422);
    expect(early.text).toMatch(
      /id="f-plannedStartDate-error">再委託の承認の申請は、再委託を開始する日の14日前までに/,
    );
    expect(early.text).toContain(
      `開始予定日は${japaneseDate(addDays(todayInJapan(), 14))}以降の日としてください。`,
    );

    const requested = await submitForm(primeWeb, url, `${url}/subcontracts`, form());
    expect(requested.status).toBe(303);
    const detailUrl = /^(\/contracts\/[0-9a-f-]+\/subcontracts\/[0-9a-f-]+)\?/.exec(
      requested.headers.location ?? '',
    )?.[1];
    expect(detailUrl).toBeDefined();
    const own = await primeWeb.get(detailUrl ?? '');
    expect(own.text).toContain('山﨑 花子（封入封緘作業）');
    expect(own.text).toContain('申請を取り下げる');
    expect(own.text).not.toContain('再委託先を登録する');

    const staffView = await officerWeb.get(detailUrl ?? '');
    expect(staffView.text).toContain('申請中（再委託先の登録待ち）');
    expect(staffView.text).toContain('登録済みの事業者「米沢データ印刷株式会社」（取引中）と一致します');
    expect(staffView.text).not.toContain('承認し、承認通知書を発行する');
    const registered = await submitForm(officerWeb, detailUrl ?? '', `${detailUrl}/registration`, [
      ['version', '1'],
    ]);
    expect(registered.status).toBe(303);

    const noNote = await submitForm(officerWeb, detailUrl ?? '', `${detailUrl}/decision`, [
      ['version', '2'],
      ['approved', 'false'],
      ['note', ''],
    ]);
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain(
      '<span class="error" id="reject-note-error">再委託を承認しない場合は、理由を入力してください。</span>',
    );

    const asked = await submitForm(officerWeb, detailUrl ?? '', `${detailUrl}/decision`, [
      ['version', '2'],
      ['approved', 'true'],
      ['note', ''],
    ]);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('米沢データ印刷株式会社への再委託（契約「');
    expect(asked.text).toContain('を承認し、再委託承認通知書を発行します。');
    expect((await officerWeb.get(detailUrl ?? '')).text).toContain('承認待ち');
    const decided = await submitForm(officerWeb, detailUrl ?? '', `${detailUrl}/decision`, [
      ['version', '2'],
      ['approved', 'true'],
      ['note', ''],
      ['confirm', 'yes'],
    ]);
    expect(decided.status).toBe(303);
    expect(decided.headers.location).toBe(`${detailUrl}?flash=subcontract-approved`);
    const after = await primeWeb.get(url);
    expect(after.text).toMatch(
      /<td><a href="\/contracts\/[0-9a-f-]+\/subcontracts\/[0-9a-f-]+">米沢データ印刷株式会社<\/a><\/td>\s*<td>株式会社置賜情報サービス（受託者）<\/td>\s*<td>帳票の印刷及び封入封緘<\/td>\s*<td>[^<]+<\/td>\s*<td><span class="status ok">承認済み<\/span>/,
    );
    expect(after.text).toMatch(
      /<a href="\/api\/subcontracts\/[0-9a-f-]+\/notice.pdf">承認通知書（置広情第\d+号）<\/a>/,
    );
    // The approved tier can now be named as the parent of a further tier.
    expect(after.text).toMatch(
      /<option value="[0-9a-f-]+">米沢データ印刷株式会社（帳票の印刷及び封入封緘）<\/option>/,
    );
    const notice = /href="(\/api\/subcontracts\/[0-9a-f-]+\/notice.pdf)"/.exec(after.text)?.[1] ?? '';
    const pdf = await primeWeb.get(notice);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('should keep the roster to the contractor and approved sub-contractors, with badges for missing records', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id);
    const roster = `/contracts/${contract.id}/workers`;
    const empty = await primeWeb.get(roster);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('従事者は登録されていません。');
    expect(empty.text).toContain(`<option value="${prime.id}">株式会社置賜情報サービス（受託者）</option>`);
    expect(empty.text).not.toContain(stranger.id);

    const worker = (employer: string, name: string): [string, string][] => [
      ['name', name],
      ['employerContractorId', employer],
      ['role', '運用担当'],
      ['workLocation', '受託者本社（山形県長井市）'],
      ['trainingDate', ''],
      ['pledgeDate', '2026-04-01'],
    ];
    const refused = await submitForm(primeWeb, roster, roster, worker(stranger.id, '髙橋 一郎'));
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      '<span class="error" id="f-employerContractorId-error">従事者の所属事業者は、契約の受託者または承認済みの再委託先でなければなりません。</span>',
    );
    expect(refused.text).toContain('value="髙橋 一郎"');

    const added = await submitForm(primeWeb, roster, roster, worker(prime.id, '山﨑 花子'));
    expect(added.status).toBe(303);
    const listed = await primeWeb.get(roster);
    expect(listed.text).toContain('<td>山﨑 花子</td>');
    expect(listed.text).toContain('<span class="status danger">未受講</span>');
    expect(listed.text).not.toContain('誓約書未提出</span>');
    expect(listed.text).toContain('令和8年4月1日');

    const edit = /href="(\/contracts\/[0-9a-f-]+\/workers\/[0-9a-f-]+\/edit)"/.exec(listed.text)?.[1] ?? '';
    const future = await submitForm(primeWeb, edit, edit, [
      ['version', '1'],
      ...worker(prime.id, '山﨑 花子').map(([k, v]): [string, string] => [
        k,
        k === 'trainingDate' ? '2999-01-01' : v,
      ]),
    ]);
    expect(future.status).toBe(400);
    expect(future.text).toContain(
      '<span class="error" id="f-trainingDate-error">本日以前の日付を入力してください。</span>',
    );
    const updated = await submitForm(primeWeb, edit, edit, [
      ['version', '1'],
      ...worker(prime.id, '山﨑 花子').map(([k, v]): [string, string] => [
        k,
        k === 'trainingDate' ? '2026-04-02' : v,
      ]),
    ]);
    expect(updated.status).toBe(303);
    const trained = await primeWeb.get(roster);
    expect(trained.text).not.toContain('未受講</span>');
    expect(trained.text).toContain('<span class="status ok">受講・提出済み</span>');

    const remove =
      /action="(\/contracts\/[0-9a-f-]+\/workers\/[0-9a-f-]+\/remove)"/.exec(trained.text)?.[1] ?? '';
    const asked = await submitForm(primeWeb, roster, remove, []);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('を従事者名簿から削除します。');
    expect((await primeWeb.get(roster)).text).not.toContain('従事者は登録されていません。');
    expect((await submitForm(primeWeb, roster, remove, [['confirm', 'yes']])).status).toBe(303);
    expect((await primeWeb.get(roster)).text).toContain('従事者は登録されていません。');
  });

  it("should answer 404 for another company's contract and leave it out of the list", async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id, {
      title: '他社からは見えない契約',
    });
    const otherWeb = await webSignIn(ctx, otherUser.email, otherUser.password);
    for (const url of [`/contracts/${contract.id}`, `/contracts/${contract.id}/workers`]) {
      const res = await otherWeb.get(url);
      expect(res.status).toBe(404);
      expect(res.text).toContain('ページが見つかりません');
      expect(res.text).not.toContain('他社からは見えない契約');
    }
    const list = await otherWeb.get('/contracts');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('他社からは見えない契約');
    expect((await otherWeb.get('/contracts/new')).status).toBe(403);
  });

  it('should filter the list and keep the filters', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id, {
      title: '絞り込み確認用の保守業務',
    });
    const res = await officerWeb.get(`/contracts?status=ACTIVE&q=${encodeURIComponent('絞り込み確認用')}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<a href="/contracts/${contract.id}">`);
    expect(res.text).toContain('<option value="ACTIVE" selected>有効</option>');
    expect(res.text).toContain('value="絞り込み確認用"');
    const drafts = await officerWeb.get(`/contracts?status=DRAFT&q=${encodeURIComponent('絞り込み確認用')}`);
    expect(drafts.text).toContain('条件に当てはまる契約はありません。');
    const bad = await officerWeb.get('/contracts?status=NOPE');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<span class="error" id="f-status-error">選択肢から選んでください。</span>');
  });

  it('should refuse a contract form posted without its CSRF token', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id);
    const res = await officerWeb
      .post(`/contracts/${contract.id}/terminate`)
      .type('form')
      .send({ version: String(contract.version), reason: '契約違反による。' });
    expect(res.status).toBe(403);
    const still = await officerWeb.get(`/contracts/${contract.id}`);
    expect(still.text).toContain('<span class="status ok">有効</span>');
  });

  async function draftContract(overrides: Record<string, unknown> = {}): Promise<ContractBody> {
    const res = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: `R8-MIC-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
        title: '証明書発行システム保守業務委託',
        contractorId: prime.id,
        department: '市民課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
        ...overrides,
      });
    expect(res.status).toBe(201);
    const detail = await ctx
      .http()
      .get(`/api/contracts/${(res.body as { id: string }).id}`)
      .set(...bearer(officer.token));
    return detail.body as ContractBody;
  }

  it('should show the 13 items of the MIC guideline with the articles of the contract that state each', async () => {
    const contract = await draftContract();
    expect(contract.micCoverage).toHaveLength(13);
    const page = await officerWeb.get(`/contracts/${contract.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2 id="mic">契約書に定めるべき事項（総務省ガイドライン）</h2>');
    const byCode = new Map(contract.clauses.map((c) => [c.code, c]));
    for (const mic of contract.micCoverage) {
      const row = micRow(page.text, mic.item, mic.label);
      expect(mic.clauses.length).toBeGreaterThan(0);
      for (const code of mic.clauses) {
        const clause = byCode.get(code);
        expect(row).toContain(
          `<a href="#article-${code}">第${clause?.articleNo}条（${esc(clause?.title ?? '')}）</a>`,
        );
        // The link leads to the article's text on the same page.
        expect(page.text).toContain(`<h3 id="article-${code}">`);
      }
      expect(row).not.toContain('未対応');
    }
    expect(page.text).not.toContain('class="uncovered"');
    // A contractor reads the same table on its contract.
    const own = await primeWeb.get(`/contracts/${contract.id}`);
    expect(own.text).toContain('<h2 id="mic">契約書に定めるべき事項（総務省ガイドライン）</h2>');
  });

  it('should mark an item no chosen clause states as 未対応 and refuse approval naming it by number and label', async () => {
    const contract = await draftContract();
    const catalogue = (
      (
        await ctx
          .http()
          .get('/api/clauses')
          .set(...bearer(officer.token))
      ).body as { items: { code: string; mandatory: boolean }[] }
    ).items;
    const optional = new Set(catalogue.filter((c) => !c.mandatory).map((c) => c.code));
    // An item that in this contract only optional clauses state: drop them.
    const alone = contract.micCoverage.find((m) => m.clauses.every((code) => optional.has(code)));
    expect(alone).toBeDefined();
    const dropped = new Set(alone?.clauses);
    const put = await ctx
      .http()
      .put(`/api/contracts/${contract.id}/clauses`)
      .set(...bearer(officer.token))
      .send({
        version: contract.version,
        clauses: contract.clauses.filter((c) => !dropped.has(c.code)).map((c) => ({ code: c.code })),
      });
    expect(put.status).toBe(200);
    const url = `/contracts/${contract.id}`;
    const page = await officerWeb.get(url);
    const row = micRow(page.text, alone?.item ?? 0, alone?.label ?? '');
    expect(row).toMatch(/^<tr class="uncovered">/);
    expect(row).toContain('<span class="status danger">未対応</span>');
    expect(page.text).toContain('のうち、1件が選択された条項で定められていません');

    const refused = await submitForm(officerWeb, url, `${url}/approve`, [
      ['version', String((put.body as ContractBody).version)],
      ['confirm', 'yes'],
    ]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain(
      '契約書に定めるべき事項（総務省ガイドライン）のうち、選択された条項で定められていないものがあるため、承認できません。次の事項を定める条項を選択してください。',
    );
    expect(refused.text).toContain(`<li>${alone?.item}　${esc(alone?.label ?? '')}</li>`);
    expect(refused.text).toContain(`<a href="/contracts/${contract.id}/clauses">条項を選択し直す</a>`);
    expect(refused.text).toContain('role="alert"');
    expect((await officerWeb.get(url)).text).toContain('起案中');
  });

  it('should let the officer ask for a 自己点検票 on an active contract, with an optional due date checked beside the field', async () => {
    const contract = await createApprovedContract(ctx, officer.token, prime.id);
    const url = `/contracts/${contract.id}`;
    const page = await officerWeb.get(url);
    expect(page.text).toContain('<h2 id="request-checklist">自己点検票の提出を求める</h2>');
    expect(page.text).toContain(`<form method="post" action="${url}/assessments" novalidate>`);
    expect(page.text).toContain('指定しない場合は、本日から30日後を提出期限とします。');
    expect(page.text).toContain('>自己点検票の提出を求める</button>');
    // Neither the contractor nor a draft's page offers it.
    expect((await primeWeb.get(url)).text).not.toContain('自己点検票の提出を求める');
    const draft = await draftContract();
    expect((await officerWeb.get(`/contracts/${draft.id}`)).text).not.toContain('id="request-checklist"');

    const past = await submitForm(officerWeb, url, `${url}/assessments`, [['dueDate', '2026-01-05']]);
    expect(past.status).toBe(400);
    expect(past.text).toContain(
      '<span class="error" id="checklist-dueDate-error">提出期限には本日以降の日付を指定してください。</span>',
    );
    expect(past.text).toContain('value="2026-01-05"');
    expect(past.text).toContain('aria-describedby="checklist-dueDate-hint checklist-dueDate-error"');

    const asked = await submitForm(officerWeb, url, `${url}/assessments`, [['dueDate', '']]);
    expect(asked.status).toBe(303);
    const location = /^\/assessments\/([0-9a-f-]{36})\?flash=requested$/.exec(String(asked.headers.location));
    expect(location).not.toBeNull();
    const created = await officerWeb.get(String(asked.headers.location));
    expect(created.text).toContain('自己点検票の提出を求めました。');
    expect(created.text).toContain('<dt>種別</dt><dd>自己点検票</dd>');
    expect(created.text).toContain(`<dt>提出期限</dt><dd>${japaneseDate(addDays(todayInJapan(), 30))}</dd>`);
    // The contractor finds it among its checklists.
    const list = await primeWeb.get(`/assessments?contractId=${contract.id}&kind=CHECKLIST`);
    expect(list.text).toContain(`href="/assessments/${location?.[1]}"`);

    const again = await submitForm(officerWeb, url, `${url}/assessments`, [['dueDate', '']]);
    expect(again.status).toBe(409);
    expect(again.text).toContain(
      'この契約については、本日既に自己点検票の提出を求めています。同じ日に重ねて求めることはできません。',
    );

    const other = await createApprovedContract(ctx, officer.token, prime.id);
    const due = addDays(todayInJapan(), 7);
    const withDate = await submitForm(
      officerWeb,
      `/contracts/${other.id}`,
      `/contracts/${other.id}/assessments`,
      [['dueDate', due]],
    );
    expect(withDate.status).toBe(303);
    const dated = await officerWeb.get(String(withDate.headers.location));
    expect(dated.text).toContain(`<dt>提出期限</dt><dd>${japaneseDate(due)}</dd>`);
    // Not for a contractor, even posted by hand.
    const forbidden = await submitForm(
      primeWeb,
      `/contracts/${other.id}`,
      `/contracts/${other.id}/assessments`,
      [],
    );
    expect(forbidden.status).toBe(403);
  });
});
