import type { Response } from 'supertest';
import { Like } from 'typeorm';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import type { IncidentResponse } from '../../src/modules/incidents/dto/incident.dto';
import { Incident } from '../../src/modules/incidents/incident.entity';
import type { ReminderRunResponse } from '../../src/modules/notifications/dto/notification.dto';
import { Notification } from '../../src/modules/notifications/notification.entity';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
  orderRequestBody,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { submitForm, webSignIn } from '../utils/web-agent';

/**
 * 事故報告 over HTTP (issue 16, item 2): the deadlines of the contract's clause (default 2 hours / 7 days, counted
 * from when the contractor learned of it), lateness with its figures, the body's 速報・確報 to the 個人情報保護委員会
 * where 個人情報保護法 第68条 calls for them, notices to the officer and the administrators in the same transaction,
 * and another company's incident answering 404.
 */

/** The error code of an answer. */
const codeOf = (res: { body: unknown }): unknown => (res.body as { code?: unknown }).code;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 'YYYY-MM-DD' in Japan for a moment (computed here, apart from the app's clock helpers). */
function japanDateOf(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** 「令和8年12月5日」, as the pages print a date. */
function wareki(date: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}
/** The home page's section of the body's 速報・確報. */
function commissionSection(html: string): string {
  const start = html.indexOf('<h2 id="commission-reports"');
  expect(start).toBeGreaterThan(0);
  const end = html.indexOf('<h2', start + 1);
  return html.slice(start, end < 0 ? undefined : end);
}
/** A moment as the API takes it, with the Japan offset. */
function jst(at: Date): string {
  return `${new Date(at.getTime() + 9 * HOUR).toISOString().slice(0, 19)}+09:00`;
}

describe('incidents (事故報告)', () => {
  let ctx: TestContext;
  let admin: string;
  let adminId: string;
  let officer: { id: string; token: string };
  let auditor: { token: string };
  let contractor: { id: string; token: string; email: string; password: string };
  let other: { token: string };
  let contractId: string;
  let otherContractId: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    adminId = (
      (
        await ctx
          .http()
          .get('/api/auth/me')
          .set(...bearer(admin))
      ).body as { id: string }
    ).id;
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
    const company = await createContractor(ctx, admin, { name: '置賜情報サービス株式会社' });
    const otherCompany = await createContractor(ctx, admin, { name: '最上システム株式会社' });
    contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    other = await createUserAndLogin(ctx, admin, 'CONTRACTOR', otherCompany.id);
    contractId = (await createApprovedContract(ctx, officer.token, company.id, { handlesPersonalInfo: true }))
      .id;
    otherContractId = (await createApprovedContract(ctx, officer.token, otherCompany.id)).id;
  });
  afterAll(async () => ctx.close());

  const report = (body: Record<string, unknown>, token = contractor.token) =>
    ctx
      .http()
      .post('/api/incidents')
      .set(...bearer(token))
      .send({
        contractId,
        kind: 'MISDELIVERY',
        summary: '納税通知書の発送データを別の宛先に電子メールで誤送信した。',
        informationInvolved: '住民3名分の氏名、住所及び税額',
        containment: '誤送信先に削除を依頼し、削除の報告を受けた。',
        ...body,
      });
  const read = async (id: string, token = admin): Promise<IncidentResponse> => {
    const res = await ctx
      .http()
      .get(`/api/incidents/${id}`)
      .set(...bearer(token));
    expect(res.status).toBe(200);
    return res.body as IncidentResponse;
  };

  it('should mark a first report made after the clause’s hours as late, with by how much', async () => {
    const detected = new Date(Date.now() - 5 * HOUR);
    const before = Date.now();
    const res = await report({
      occurredAt: jst(new Date(detected.getTime() - HOUR)),
      detectedAt: jst(detected),
    });
    const after = Date.now();
    expect(res.status).toBe(201);
    const created = res.body as IncidentResponse;
    const stored = await read(created.id);
    const due = Math.floor(detected.getTime() / 1000) * 1000 + 2 * HOUR;
    expect(stored.firstReport.hours).toBe(2);
    expect(Date.parse(stored.firstReport.dueAt)).toBe(due);
    const reportedAt = Date.parse(stored.reportedAt);
    expect(reportedAt).toBeGreaterThanOrEqual(before);
    expect(reportedAt).toBeLessThanOrEqual(after);
    // Counted between the printed times, each truncated to its minute (due 3時55分, received 6時55分 → 3時間).
    const minutes = Math.floor(reportedAt / 60_000) - Math.floor(due / 60_000);
    expect(stored.firstReport.lateness).toEqual({
      late: true,
      by: minutes,
      byText: expect.stringMatching(/^3時間/u),
    });
    expect(minutes).toBeGreaterThanOrEqual(180);
    expect(minutes).toBeLessThanOrEqual(181);
    // 第2項: 7 days, the day of detection left out (民法第140条).
    expect(stored.writtenReport).toMatchObject({
      days: 7,
      dueDate: plusDays(japanDateOf(detected), 7),
      submittedAt: null,
      lateness: null,
      overdue: false,
    });
    expect(stored.status).toBe('REPORTED');
    expect(stored.personalInfo).toBeNull();
    expect(stored.commissionGrounds).toEqual([]);
    expect(stored.commissionReports).toEqual([]);

    // The officer and the administrators heard of it in the same transaction; the contractor did not.
    const notices = await ctx.dataSource.manager.find(Notification, {
      where: { dedupeKey: Like(`incident-reported:${created.id}:%`) },
    });
    const recipients = notices.map((n) => n.userId);
    expect(recipients).toEqual(expect.arrayContaining([adminId, officer.id]));
    expect(recipients).not.toContain(contractor.id);
    for (const n of notices) {
      expect(n.kind).toBe('incident-reported');
      expect(n.link).toBe(`/incidents/${created.id}`);
      expect(n.body).toContain('置賜情報サービス株式会社');
      expect(n.body).toMatch(/第一報の期限：.+（3時間\d*分?遅れ）/u);
    }
    const audit = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, {
      entityId: created.id,
      action: 'incident.report',
    });
    expect(audit.summary).toMatchObject({
      kind: 'MISDELIVERY',
      writtenReportDueDate: stored.writtenReport.dueDate,
    });
  });

  it('should take a report within the hours as on time, and keep an unknown time of occurrence as null', async () => {
    const detected = new Date(Date.now() - 30 * 60_000);
    const res = await report({ detectedAt: detected.toISOString() });
    expect(res.status).toBe(201);
    const stored = await read((res.body as IncidentResponse).id);
    expect(stored.firstReport.lateness).toEqual({ late: false, by: 0, byText: '' });
    expect(stored.occurredAt).toBeNull();
  });

  it('should create the body’s 速報 and 確報 for 要配慮個人情報, due 5 and 30 days from the day of the report, on the admin’s home page', async () => {
    const res = await report({
      kind: 'LOSS',
      detectedAt: jst(new Date(Date.now() - HOUR)),
      summary: '健康診断結果の帳票を運搬中に紛失した。',
      personalInfo: { persons: 12, sensitive: true, myNumber: false },
    });
    expect(res.status).toBe(201);
    const created = res.body as IncidentResponse;
    const learned = japanDateOf(new Date(created.reportedAt));
    const stored = await read(created.id);
    expect(stored.personalInfo).toEqual({
      persons: 12,
      sensitive: true,
      myNumber: false,
      financialHarm: false,
      unlawfulPurpose: false,
    });
    expect(stored.commissionGrounds).toEqual(['SENSITIVE']);
    // Day 1 is the day the body learned of it (the report).
    expect(stored.commissionReports.map((t) => [t.kind, t.dueDate, t.doneDate, t.overdue])).toEqual([
      ['PROMPT', plusDays(learned, 4), null, false],
      ['FINAL', plusDays(learned, 29), null, false],
    ]);
    // The contractor sees neither the grounds nor the body's own tasks.
    const seen = await read(created.id, contractor.token);
    expect(seen.commissionGrounds).toEqual([]);
    expect(seen.commissionReports).toEqual([]);

    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    const section = commissionSection(home.text);
    expect(section).toContain('速報');
    expect(section).toContain(wareki(plusDays(learned, 4)));
    expect(section).toContain('確報');
    expect(section).toContain(wareki(plusDays(learned, 29)));
    expect(section).toContain(`/incidents/${created.id}`);
  });

  it('should give a 確報 60 days where an unlawful purpose is suspected (不正アクセス), and count more than 100 persons', async () => {
    const res = await report({
      kind: 'UNAUTHORIZED_ACCESS',
      detectedAt: jst(new Date(Date.now() - HOUR)),
      summary: '外部から委託業務用サーバーへの不正アクセスがあった。',
      personalInfo: { persons: 150, sensitive: false, myNumber: true },
    });
    expect(res.status).toBe(201);
    // The contractor's answer leaves the body's own tasks out: read as staff.
    expect((res.body as IncidentResponse).commissionReports).toEqual([]);
    const created = await read((res.body as IncidentResponse).id);
    const learned = japanDateOf(new Date(created.reportedAt));
    expect(created.commissionGrounds).toEqual(['UNLAWFUL_PURPOSE', 'OVER_THRESHOLD', 'MY_NUMBER']);
    expect(created.personalInfo?.unlawfulPurpose).toBe(true);
    expect(created.commissionReports.map((t) => [t.kind, t.dueDate])).toEqual([
      ['PROMPT', plusDays(learned, 4)],
      ['FINAL', plusDays(learned, 59)],
    ]);
  });

  it('should create no task for 100 persons or fewer without any other ground', async () => {
    const res = await report({
      detectedAt: jst(new Date(Date.now() - HOUR)),
      personalInfo: { persons: 100, sensitive: false, myNumber: false },
    });
    expect(res.status).toBe(201);
    expect((res.body as IncidentResponse).commissionReports).toEqual([]);
  });

  it('should record the 速報 and then the 確報 as done, refusing them out of order, twice, or dated wrongly', async () => {
    const created = (
      await report({
        kind: 'LEAK',
        detectedAt: jst(new Date(Date.now() - HOUR)),
        personalInfo: { persons: 3, sensitive: false, myNumber: false, financialHarm: true },
      })
    ).body as IncidentResponse;
    const record = (body: Record<string, unknown>, token = officer.token) =>
      ctx
        .http()
        .post(`/api/incidents/${created.id}/commission-reports`)
        .set(...bearer(token))
        .send(body);
    const today = japanDatePlus(0);
    const learned = japanDateOf(new Date(created.reportedAt));
    const early = await record({ version: 1, kind: 'FINAL', doneDate: today });
    expect([early.status, codeOf(early)]).toEqual([422, 'INCIDENT.FINAL_BEFORE_PROMPT']);
    const before = await record({ version: 1, kind: 'PROMPT', doneDate: plusDays(learned, -1) });
    expect([before.status, codeOf(before)]).toEqual([400, 'INCIDENT.DONE_BEFORE_REPORTED']);
    const future = await record({ version: 1, kind: 'PROMPT', doneDate: japanDatePlus(1) });
    expect([future.status, codeOf(future)]).toEqual([400, 'INCIDENT.DONE_IN_FUTURE']);
    const byContractor = await record({ version: 1, kind: 'PROMPT', doneDate: today }, contractor.token);
    expect(byContractor.status).toBe(403);
    const prompt = await record({
      version: 1,
      kind: 'PROMPT',
      doneDate: today,
      note: '電子申請により報告した。',
    });
    expect(prompt.status).toBe(200);
    const again = await record({ version: 2, kind: 'PROMPT', doneDate: today });
    expect([again.status, codeOf(again)]).toEqual([409, 'INCIDENT.COMMISSION_REPORT_ALREADY_RECORDED']);
    const stale = await record({ version: 1, kind: 'FINAL', doneDate: today });
    expect([stale.status, codeOf(stale)]).toEqual([409, 'INCIDENT.STALE_VERSION']);
    const final = await record({ version: 2, kind: 'FINAL', doneDate: today });
    expect(final.status).toBe(200);
    const stored = await read(created.id);
    expect(stored.commissionReports.map((t) => [t.kind, t.doneDate, t.note, t.recordedByName])).toEqual([
      ['PROMPT', today, '電子申請により報告した。', expect.any(String)],
      ['FINAL', today, null, expect.any(String)],
    ]);
    expect(stored.commissionReports[0].recordedBy).toBe(officer.id);
    // Once sent, the tasks leave the home page.
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    expect(commissionSection((await agent.get('/')).text)).not.toContain(`/incidents/${created.id}"`);

    const none = (await report({ detectedAt: jst(new Date(Date.now() - HOUR)) })).body as IncidentResponse;
    const nothing = await ctx
      .http()
      .post(`/api/incidents/${none.id}/commission-reports`)
      .set(...bearer(admin))
      .send({ version: 1, kind: 'PROMPT', doneDate: today });
    expect([nothing.status, codeOf(nothing)]).toEqual([422, 'INCIDENT.NO_COMMISSION_REPORT']);
  });

  it('should record the 公表 decision with its date, note and who decided', async () => {
    const created = (await report({ detectedAt: jst(new Date(Date.now() - HOUR)) })).body as IncidentResponse;
    const today = japanDatePlus(0);
    const res = await ctx
      .http()
      .post(`/api/incidents/${created.id}/publication`)
      .set(...bearer(officer.token))
      .send({ version: 1, decision: 'PUBLISH', date: today, note: 'ホームページに掲載する。' });
    expect(res.status).toBe(200);
    const stored = await read(created.id, contractor.token);
    expect(stored.publication).toMatchObject({
      decision: 'PUBLISH',
      date: today,
      note: 'ホームページに掲載する。',
      decidedBy: officer.id,
    });
    expect(stored.version).toBe(2);
    const audit = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, {
      entityId: created.id,
      action: 'incident.publication',
    });
    expect(audit.summary).toMatchObject({ decision: 'PUBLISH', date: today });
  });

  it('should mark a written report filed after the clause’s days as late by the days, and overdue before it is filed', async () => {
    const detected = new Date(Date.now() - 10 * DAY);
    const created = (await report({ detectedAt: jst(detected) })).body as IncidentResponse;
    const dueDate = plusDays(japanDateOf(detected), 7);
    expect(created.writtenReport).toMatchObject({ dueDate, overdue: true, lateness: null });
    expect(created.firstReport.lateness.late).toBe(true);
    const res = await ctx
      .http()
      .post(`/api/incidents/${created.id}/detailed-report`)
      .set(...bearer(contractor.token))
      .send({
        version: 1,
        cause: '宛先を確認する手順が定められていなかった。',
        damageScope: '住民3名分の氏名、住所及び税額。二次被害は確認されていない。',
        measuresTaken: '誤送信先から削除の報告を受けた。',
        recurrencePrevention: '送信前に別の担当者が宛先を確認する。',
      });
    expect(res.status).toBe(200);
    const stored = await read(created.id);
    const lateDays = Math.round(
      (Date.parse(`${japanDateOf(new Date(stored.writtenReport.submittedAt ?? ''))}T00:00:00Z`) -
        Date.parse(`${dueDate}T00:00:00Z`)) /
        DAY,
    );
    expect(lateDays).toBe(3);
    expect(stored.writtenReport.lateness).toEqual({ late: true, by: 3, byText: '3日' });
    expect(stored.writtenReport.overdue).toBe(false);
    expect(stored.status).toBe('DETAILED_REPORT_SUBMITTED');
    expect(stored.detailedReport?.recurrencePrevention).toBe('送信前に別の担当者が宛先を確認する。');
    const notices = await ctx.dataSource.manager.find(Notification, {
      where: { dedupeKey: Like(`incident-detailed-report:${created.id}:%`) },
    });
    expect(notices.map((n) => n.userId)).toEqual(expect.arrayContaining([adminId, officer.id]));
  });

  it('should tell the contractor’s people when the officer asks for the written report', async () => {
    const created = (await report({ detectedAt: jst(new Date(Date.now() - HOUR)) })).body as IncidentResponse;
    const reviewed = await ctx
      .http()
      .post(`/api/incidents/${created.id}/review`)
      .set(...bearer(officer.token))
      .send({ version: 1, note: '電話で概要を聴取した。' });
    expect(reviewed.status).toBe(200);
    // Taking it up issues the 事故報告受付通知書, which the contractor reads too.
    const receipt = (reviewed.body as IncidentResponse).receipt;
    expect(receipt?.url).toBe(`/api/incidents/${created.id}/receipt.pdf`);
    const pdf = await ctx
      .http()
      .get(receipt?.url ?? '')
      .set(...bearer(contractor.token))
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    const printed = squash(pdfText(pdf.body as Buffer, 'layout').join(''));
    expect(printed).toContain('事故の報告の受付について（通知）');
    expect(printed).toContain('置賜情報サービス株式会社');
    expect(printed).toContain(squash('この報告は、その期限内に行われた。'));
    // What was received: the information involved and the measures taken by then, as reported.
    expect(printed).toContain(squash('対象となった情報住民3名分の氏名、住所及び税額'));
    expect(printed).toContain(squash('講じた措置（報告時点）誤送信先に削除を依頼し、削除の報告を受けた。'));
    expect(printed).toContain(squash('個人情報含まれない'));
    expect(printed).toContain(
      squash(`${wareki(created.writtenReport.dueDate)}（乙が事故又はそのおそれを知った時から7日以内）までに`),
    );
    if (receipt?.documentNumber) expect(printed).toContain(receipt.documentNumber);
    // The contractor's people heard of the receipt, with its 文書番号, in the same transaction.
    const received = await ctx.dataSource.manager.find(Notification, {
      where: { dedupeKey: Like(`incident-received:${created.id}%`) },
    });
    expect(received.map((n) => n.userId)).toEqual([contractor.id]);
    expect(received[0]).toMatchObject({
      kind: 'incident-received',
      link: `/incidents/${created.id}`,
    });
    expect(received[0].subject).toContain(
      `事故の報告を受け付けました（事故報告受付通知書 ${receipt?.documentNumber ?? ''}）`,
    );
    expect(received[0].body).toContain('置賜情報サービス株式会社');
    const again = await ctx
      .http()
      .get(receipt?.url ?? '')
      .set(...bearer(admin))
      .buffer(true)
      .parse(binary);
    expect(Buffer.compare(again.body as Buffer, pdf.body as Buffer)).toBe(0);
    const none = (await report({ detectedAt: jst(new Date(Date.now() - HOUR)) })).body as IncidentResponse;
    expect(none.receipt).toBeNull();
    const missing = await ctx
      .http()
      .get(`/api/incidents/${none.id}/receipt.pdf`)
      .set(...bearer(admin));
    expect([missing.status, codeOf(missing)]).toEqual([404, 'INCIDENT.NO_RECEIPT']);
    expect((await read(created.id, contractor.token)).reviewNote).toBeNull();
    expect((await read(created.id)).reviewNote).toBe('電話で概要を聴取した。');
    const asked = await ctx
      .http()
      .post(`/api/incidents/${created.id}/detailed-report-request`)
      .set(...bearer(officer.token))
      .send({ version: 2, message: '送信の手順書を添えて報告してください。' });
    expect(asked.status).toBe(200);
    expect((asked.body as IncidentResponse).status).toBe('DETAILED_REPORT_REQUESTED');
    const notices = await ctx.dataSource.manager.find(Notification, {
      where: { dedupeKey: Like(`incident-detail-requested:${created.id}:%`) },
    });
    expect(notices.map((n) => n.userId)).toEqual([contractor.id]);
    expect(notices[0].body).toContain('送信の手順書を添えて報告してください。');
  });

  it('should keep what the contractor typed when the web form is refused, and report it once corrected', async () => {
    const agent = await webSignIn(ctx, contractor.email, contractor.password);
    const later = new Date(Date.now() + 3 * HOUR + 9 * HOUR).toISOString().slice(0, 16);
    const fields = {
      contractId,
      kind: 'LOSS',
      detectedAt: later,
      summary: '庁舎外で業務用ノートパソコンを紛失した。',
      informationInvolved: '住民情報の照会画面の控え',
    };
    const refused = await submitForm(agent, '/incidents/new', '/incidents', fields);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('error-summary');
    expect(refused.text).toContain('事故又はそのおそれを知った日時');
    expect(refused.text).toContain('報告する時点（現在）より後');
    expect(refused.text).toContain('日本時間で入力してください（例：令和8年12月5日 10時30分）。');
    expect(refused.text).toContain('庁舎外で業務用ノートパソコンを紛失した。');
    expect(refused.text).toMatch(/value="[0-9a-f-]{36}" selected/u);

    const earlier = new Date(Date.now() - 2 * HOUR + 9 * HOUR).toISOString().slice(0, 16);
    const sent = await submitForm(agent, '/incidents/new', '/incidents', {
      ...fields,
      detectedAt: earlier,
      personalInfoInvolved: 'true',
      'personalInfo.persons': '40',
      'personalInfo.sensitive': 'true',
    });
    expect(sent.status).toBe(303);
    const location = String(sent.headers.location);
    expect(location).toMatch(/^\/incidents\/[0-9a-f-]{36}\?flash=incident-reported$/u);
    const id = location.slice('/incidents/'.length, location.indexOf('?'));
    const stored = await read(id);
    expect(stored).toMatchObject({ kind: 'LOSS', personalInfo: { persons: 40, sensitive: true } });
    // The datetime-local field is Japan time.
    expect(stored.detectedAt).toBe(new Date(`${earlier}:00+09:00`).toISOString());
    const page = await agent.get(location);
    expect(page.text).toContain('事故を報告しました。');
    expect(page.text).toContain('事故報告書の提出');
    expect(page.text).not.toContain('個人情報保護委員会への報告');

    const staff = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const reviewed = await submitForm(
      staff,
      `/incidents/${id}`,
      `/incidents/${id}/review`,
      { reviewNote: '' },
      { pageVersion: true },
    );
    expect([reviewed.status, reviewed.headers.location]).toEqual([
      303,
      `/incidents/${id}?flash=incident-reviewed`,
    ]);
    const shown = await staff.get(String(reviewed.headers.location));
    expect(shown.text).toContain('置賜情報サービス株式会社からの事故報告を受け付けました。');
    expect(shown.text).toContain('個人情報保護委員会への報告');
    expect(shown.text).toContain(
      '要配慮個人情報が含まれる（個人情報の保護に関する法律第68条第1項、同法施行規則第43条第1号）',
    );
    expect(shown.text).toContain('各理由に示す規定に該当するかを確認してください。');
    const blank = await submitForm(
      staff,
      `/incidents/${id}`,
      `/incidents/${id}/detailed-report-request`,
      { detailRequest: '' },
      { pageVersion: true },
    );
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('報告を求める事項');
  });

  it('should take a multi-line summary over the API and the web form, print its lines, and name a refused character', async () => {
    // API: CR/LF and LF are line breaks, never refused characters; the receipt prints each line.
    const summary =
      '午前10時頃、住民票の写しを誤って郵送した。\r\n午後2時、誤送付先から連絡を受けた。\n回収に向かった。';
    const api = await report({ detectedAt: jst(new Date(Date.now() - HOUR)), summary });
    expect(api.status).toBe(201);
    const created = api.body as IncidentResponse;
    expect((await read(created.id)).summary).toBe(summary);
    const reviewed = await ctx
      .http()
      .post(`/api/incidents/${created.id}/review`)
      .set(...bearer(officer.token))
      .send({ version: 1 });
    expect(reviewed.status).toBe(200);
    const pdf = await ctx
      .http()
      .get(`/api/incidents/${created.id}/receipt.pdf`)
      .set(...bearer(contractor.token))
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    const printed = squash(pdfText(pdf.body as Buffer, 'layout').join(''));
    for (const line of summary.split(/\r\n|\n/u)) expect(printed).toContain(squash(line));

    // Any other character the fonts lack is named (U+1F600) with its field, and nothing is stored.
    const before = await ctx.dataSource.manager.countBy(Incident, { contractId });
    const refused = await report({
      detectedAt: jst(new Date(Date.now() - HOUR)),
      informationInvolved: '住民3名分の氏名\n住所😀',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'DOCUMENT.UNSUPPORTED_CHARACTER',
      message: '対象となった情報に、帳票に印字できない文字（U+1F600）が含まれています。',
      details: { characters: ['U+1F600'], field: 'informationInvolved' },
    });
    expect(await ctx.dataSource.manager.countBy(Incident, { contractId })).toBe(before);

    // The web form: a textarea's lines arrive as CRLF and are accepted; a refused character sits by its field.
    const agent = await webSignIn(ctx, contractor.email, contractor.password);
    const earlier = new Date(Date.now() - HOUR + 9 * HOUR).toISOString().slice(0, 16);
    const fields = {
      contractId,
      kind: 'LOSS',
      detectedAt: earlier,
      summary: '庁舎外で業務用の記録媒体を紛失した。\r\n警察に遺失届を提出した。',
      informationInvolved: '住民情報の照会画面の控え',
    };
    const bad = await submitForm(agent, '/incidents/new', '/incidents', {
      ...fields,
      summary: '紛失した😀\r\n二行目',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(
      '<span class="error" id="f-summary-error">事故の概要に、帳票に印字できない文字（U+1F600）が含まれています。</span>',
    );
    const sent = await submitForm(agent, '/incidents/new', '/incidents', fields);
    expect(sent.status).toBe(303);
    const location = String(sent.headers.location);
    const id = location.slice('/incidents/'.length, location.indexOf('?'));
    expect((await read(id)).summary).toBe(fields.summary);
  });

  it('should become an improvement order whose answer and notice cite the incident', async () => {
    const detected = new Date(Date.now() - 5 * HOUR);
    const incident = (await report({ detectedAt: jst(detected) })).body as IncidentResponse;
    const learned = japanDateOf(new Date(incident.reportedAt));
    const cites = `${wareki(learned)}に乙から報告を受けた事故（誤送信・誤送付）に関し、次の事実を認めた。`;

    // The order form starts from the incident: its contract, and the facts as reported with the late first report.
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const form = await agent.get(`/orders/new?incidentId=${incident.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="incidentId" value="${incident.id}"`);
    expect(form.text).toContain('納税通知書の発送データを別の宛先に電子メールで誤送信した。');
    expect(form.text).toMatch(/その期限を3時間\d*分?経過して報告した。/u);

    const facts = '乙は、事故を知った時から2時間以内に甲に報告すべきところ、その期限を経過して報告した。';
    const body = orderRequestBody(contractId, {
      incidentId: incident.id,
      clauseCode: 'INCIDENT_REPORT',
      clauseParagraphs: [1],
      facts,
      title: '事故発生時の連絡体制の整備',
      description: '夜間及び休日を含め、契約で定める時間以内に第一報を行う連絡体制を整え、報告すること。',
    });
    const issue = (extra: Record<string, unknown>) =>
      ctx
        .http()
        .post('/api/improvement-orders')
        .set(...bearer(admin))
        .send({ ...body, ...extra });
    // Another contract's incident is not a source of this contract's order.
    const theirs = await ctx
      .http()
      .post('/api/incidents')
      .set(...bearer(other.token))
      .send({
        contractId: otherContractId,
        kind: 'LOSS',
        detectedAt: jst(detected),
        summary: '書類を紛失した。',
        informationInvolved: '申請書',
      });
    expect(theirs.status).toBe(201);
    const wrong = await issue({ incidentId: (theirs.body as IncidentResponse).id });
    expect([wrong.status, codeOf(wrong)]).toEqual([422, 'ORDER.SOURCE_INVALID']);

    const res = await issue({});
    expect(res.status).toBe(201);
    const order = res.body as OrderResponse;
    expect(order).toMatchObject({ source: 'INCIDENT', sourceId: incident.id, factsHow: [cites] });
    const read = (
      await ctx
        .http()
        .get(`/api/improvement-orders/${order.id}`)
        .set(...bearer(contractor.token))
    ).body as OrderResponse;
    expect(read).toMatchObject({ source: 'INCIDENT', sourceId: incident.id, factsHow: [cites] });

    const notice = await ctx
      .http()
      .get(`/api/improvement-orders/${order.id}/notice.pdf`)
      .set(...bearer(admin))
      .buffer(true)
      .parse(binary);
    expect(notice.status).toBe(200);
    const text = squash(pdfText(notice.body as Buffer, 'layout').join(''));
    expect(text).toContain(squash(cites));
    expect(text).toContain(squash(facts));
    expect(text).toContain('事故発生時の報告');
  });

  it('should refuse impossible times with stable codes and store nothing', async () => {
    const count = () => ctx.dataSource.manager.count(Incident);
    const before = await count();
    const now = Date.now();
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { occurredAt: jst(new Date(now - HOUR)), detectedAt: jst(new Date(now - 2 * HOUR)) },
        400,
        'INCIDENT.OCCURRED_AFTER_DETECTED',
      ],
      [{ detectedAt: jst(new Date(now + HOUR)) }, 400, 'INCIDENT.DETECTED_IN_FUTURE'],
      [
        { occurredAt: jst(new Date(now + HOUR)), detectedAt: jst(new Date(now - HOUR)) },
        400,
        'INCIDENT.OCCURRED_IN_FUTURE',
      ],
      [{ detectedAt: '2026-12-01T10:00:00' }, 400, 'REQUEST.VALIDATION'],
      [{ detectedAt: '2026-02-30T10:00:00+09:00' }, 400, 'REQUEST.VALIDATION'],
      [{ detectedAt: jst(new Date(now - HOUR)), kind: 'FIRE' }, 400, 'REQUEST.VALIDATION'],
      [{ detectedAt: jst(new Date(now - HOUR)), summary: ' \n ' }, 400, 'REQUEST.VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await report(body);
      expect({ body, status: res.status, code: codeOf(res) }).toEqual({ body, status, code });
    }
    expect(await count()).toBe(before);
  });

  it('should answer another company’s incident and contract 404, and list only the contractor’s own', async () => {
    const created = (await report({ detectedAt: jst(new Date(Date.now() - HOUR)) })).body as IncidentResponse;
    const foreign = await ctx
      .http()
      .get(`/api/incidents/${created.id}`)
      .set(...bearer(other.token));
    expect([foreign.status, codeOf(foreign)]).toEqual([404, 'INCIDENT.NOT_FOUND']);
    const foreignReport = await ctx
      .http()
      .post(`/api/incidents/${created.id}/detailed-report`)
      .set(...bearer(other.token))
      .send({ version: 1, cause: 'a', damageScope: 'b', measuresTaken: 'c', recurrencePrevention: 'd' });
    expect(foreignReport.status).toBe(404);
    const onTheirs = await report({
      detectedAt: jst(new Date(Date.now() - HOUR)),
      contractId: otherContractId,
    });
    expect(onTheirs.status).toBe(404);
    const theirs = await ctx
      .http()
      .get('/api/incidents?limit=100')
      .set(...bearer(other.token));
    // The other company sees its own reports only.
    const theirItems = (theirs.body as { items: IncidentResponse[] }).items;
    expect(theirItems.map((i) => i.id)).not.toContain(created.id);
    expect(new Set(theirItems.map((i) => i.contractorName))).toEqual(
      new Set(theirItems.length ? ['最上システム株式会社'] : []),
    );
    const mine = await ctx
      .http()
      .get('/api/incidents?limit=100')
      .set(...bearer(contractor.token));
    const items = (mine.body as { items: IncidentResponse[] }).items;
    expect(items.map((i) => i.id)).toContain(created.id);
    expect(new Set(items.map((i) => i.contractorName))).toEqual(new Set(['置賜情報サービス株式会社']));
    const audited = await ctx
      .http()
      .get(`/api/incidents?contractId=${contractId}&open=true`)
      .set(...bearer(auditor.token));
    expect(audited.status).toBe(200);
    expect((audited.body as { items: IncidentResponse[] }).items.length).toBeGreaterThan(0);
  });

  it('should remind the contractor of its written report and the staff of the 速報・確報, 3 and 1 days before and once overdue', async () => {
    const res = await report({
      detectedAt: jst(new Date(Date.now() - HOUR)),
      personalInfo: { persons: 5, sensitive: true, myNumber: false },
    });
    expect(res.status).toBe(201);
    // Staff read the body's own tasks; the contractor's answer has none.
    const created = await read((res.body as IncidentResponse).id);
    const prompt = created.commissionReports.find((t) => t.kind === 'PROMPT');
    expect(prompt).toBeDefined();
    const run = async (today: string): Promise<void> => {
      const ran = await ctx
        .http()
        .post('/api/notifications/run-reminders')
        .set(...bearer(admin))
        .send({ today });
      expect(ran.status).toBe(200);
      expect((ran.body as ReminderRunResponse).sources.map((s) => s.name)).toContain('incidents');
    };
    /** The steps sent to a user for a deadline, read back from the stored notifications. */
    const steps = async (userId: string, prefix: string): Promise<string[]> =>
      (await ctx.dataSource.manager.find(Notification, { where: { userId, dedupeKey: Like(`${prefix}:%`) } }))
        .map((n) => n.dedupeKey.slice(prefix.length + 1).split(':')[0])
        .sort();
    const written = `incident-written-report-due:${created.id}`;
    const task = `incident-commission-due:${created.id}:PROMPT`;
    const due = created.writtenReport.dueDate;
    await run(plusDays(prompt?.dueDate ?? '', -3));
    await run(plusDays(due, -4));
    expect(await steps(contractor.id, written)).toEqual([]);
    for (const offset of [-3, -3, -2]) await run(plusDays(due, offset));
    expect(await steps(contractor.id, written)).toEqual(['3']);
    for (const offset of [-1, 0]) await run(plusDays(due, offset));
    expect(await steps(contractor.id, written)).toEqual(['1', '3']);
    for (const offset of [1, 2]) await run(plusDays(due, offset));
    expect(await steps(contractor.id, written)).toEqual(['1', '3', 'overdue']);
    const overdue = await ctx.dataSource.manager.findOneByOrFail(Notification, {
      dedupeKey: `${written}:overdue:${contractor.id}`,
    });
    expect(overdue.subject).toContain(`事故報告書の期限（${wareki(due)}）を過ぎています`);
    expect(overdue.link).toBe(`/incidents/${created.id}`);
    // The 速報 (due before the written report here) reached the officer and the administrator, never the contractor.
    for (const userId of [officer.id, adminId]) {
      expect(await steps(userId, task)).toEqual(['1', '3', 'overdue']);
    }
    expect(await steps(contractor.id, task)).toEqual([]);
    const staffNotice = await ctx.dataSource.manager.findOneByOrFail(Notification, {
      dedupeKey: `${task}:overdue:${officer.id}`,
    });
    expect(staffNotice.subject).toContain('個人情報保護委員会への速報の期限');
  }, 60_000);
});

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}
