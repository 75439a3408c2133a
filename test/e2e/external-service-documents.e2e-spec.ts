import type { Response } from 'supertest';
import { addDays } from '../../src/common/clock';
import { formatWareki } from '../../src/common/dates/wareki';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import { IssuedDocument } from '../../src/modules/documents/issued-document.entity';
import type { ExternalServiceResponse } from '../../src/modules/external-services/dto/external-service.dto';
import { Notification } from '../../src/modules/notifications/notification.entity';
import type { ReminderRunResponse } from '../../src/modules/notifications/dto/notification.dto';
import { createContractor, createUserAndLogin, japanDatePlus } from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { webSignIn } from '../utils/web-agent';

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * External services' documents, register exports and reminders over HTTP (issue 17, items 4 and 5): the
 * 外部サービス利用申請書 issued at the application and the 利用許可通知書 / 不許可通知書 at the decision, each numbered
 * and stored by hash and served unchanged after later edits; the register as CSV (BOM, formulas neutralised) and as
 * the PDF 台帳, filtered by class and status; the reminders, each sent once however often the job runs.
 */
describe('external services: documents, register and reminders', () => {
  let ctx: TestContext;
  let admin: string;
  let adminId: string;
  let officer: { id: string; token: string };
  let manager: { id: string; token: string };
  let auditor: string;
  let contractor: string;
  const today = japanDatePlus(0);
  const ismapUntil = japanDatePlus(200);

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    const me = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(admin));
    adminId = (me.body as { id: string }).id;
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    manager = await createUserAndLogin(ctx, admin, 'OFFICER');
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;
    const company = await createContractor(ctx, admin);
    contractor = (await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id)).token;
  });
  afterAll(async () => ctx.close());

  const send = (token: string, method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const req = ctx
      .http()
      [method](path)
      .set(...bearer(token));
    return body ? req.send(body) : req;
  };
  const file = (token: string, path: string) =>
    ctx
      .http()
      .get(path)
      .set(...bearer(token))
      .buffer(true)
      .parse(binary);
  const textOf = (pdf: Buffer): string => squash(pdfText(pdf, 'plain').join('\n'));

  const serviceBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'おきたまWeb会議サービス',
    providerName: '株式会社置賜クラウド',
    model: 'SAAS',
    contractForm: 'TERMS',
    department: '総務課',
    purpose: '構成市町との定例会議をオンラインで開催するため',
    confidentialityClass: 2,
    personalInfo: true,
    specificPersonalInfo: false,
    dataLocation: '日本国内（東京リージョン）',
    governingLaw: '日本法',
    court: '東京地方裁判所',
    termsUrl: 'https://example.jp/terms',
    termsVersion: '2026年4月1日改定版',
    termsCheckedOn: today,
    termsChecklist: {
      confidentiality: true,
      noSecondaryUse: true,
      unilateralChanges: true,
      erasureAtEnd: true,
    },
    ismapKind: 'ISMAP',
    ismapNumber: 'C22-0123-2',
    ismapScope: '会議、録画及びチャットの機能',
    ismapValidUntil: ismapUntil,
    ismapCheckedOn: today,
    ismapSourceUrl: 'https://www.ismap.go.jp/csm',
    managerUserId: manager.id,
    reviewIntervalMonths: 12,
    ...overrides,
  });

  const register = async (overrides: Record<string, unknown> = {}): Promise<ExternalServiceResponse> => {
    const res = await send(officer.token, 'post', '/api/external-services', serviceBody(overrides));
    expect(res.status).toBe(201);
    return res.body as ExternalServiceResponse;
  };
  const apply = async (s: ExternalServiceResponse): Promise<ExternalServiceResponse> => {
    const res = await send(officer.token, 'post', `/api/external-services/${s.id}/apply`, {
      version: s.version,
    });
    expect(res.status).toBe(200);
    return res.body as ExternalServiceResponse;
  };
  const decide = async (s: ExternalServiceResponse, body: object): Promise<ExternalServiceResponse> => {
    const res = await send(admin, 'post', `/api/external-services/${s.id}/decision`, {
      version: s.version,
      ...body,
    });
    expect(res.status).toBe(200);
    return res.body as ExternalServiceResponse;
  };
  const documentsOf = (id: string) =>
    ctx.dataSource.getRepository(IssuedDocument).find({ where: { ownerId: id }, order: { kind: 'ASC' } });

  let approved: ExternalServiceResponse;

  it('should issue the 外部サービス利用申請書 in the applying step, numbered, and serve it unchanged after an edit', async () => {
    const draft = await register();
    const none = await file(officer.token, `/api/external-services/${draft.id}/application.pdf`);
    expect(none.status).toBe(404);
    expect(JSON.parse((none.body as Buffer).toString('utf8'))).toMatchObject({
      code: 'EXTERNAL_SERVICE.NO_APPLICATION_DOCUMENT',
    });
    const applied = await apply(draft);
    const [record] = await documentsOf(draft.id);
    expect(record).toMatchObject({
      kind: 'EXTERNAL_SERVICE_APPLICATION',
      ownerType: 'external_service',
      issuedBy: officer.id,
      sha256: null,
    });
    expect(record.documentNumber).toMatch(/第\d+号$/u);

    const first = await file(auditor, `/api/external-services/${draft.id}/application.pdf`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const text = textOf(first.body as Buffer);
    for (const expected of [
      record.documentNumber as string,
      formatWareki(today),
      '外部サービス利用申請書',
      '情報セキュリティ基本方針第6条第6号イ',
      'サービスの名称おきたまWeb会議サービス',
      '取り扱う情報の格付機密性2まで',
      `ISMAP（登録番号 C22-0123-2、${formatWareki(ismapUntil)}まで有効`,
      '一方的な変更がないこと：否',
    ])
      expect({ expected, found: text.includes(squash(expected)) }).toEqual({ expected, found: true });
    const stored = await ctx.dataSource.getRepository(IssuedDocument).findOneByOrFail({ id: record.id });
    expect(stored.sha256).toBe(first.headers['x-document-sha256']);

    // The approval with conditions: the permit is issued in the same step, citing the application's number.
    approved = await decide(applied, {
      decision: 'APPROVE',
      conditions: '録画機能は、会議の参加者全員の同意を得た場合に限り用いること。',
    });
    expect(approved.status).toBe('APPROVED');
    const permit = await file(officer.token, `/api/external-services/${draft.id}/decision.pdf`);
    expect(permit.status).toBe(200);
    const permitText = textOf(permit.body as Buffer);
    for (const expected of [
      '外部サービスの利用の許可について（通知）',
      `付け${record.documentNumber}で申請のあった外部サービス（おきたまWeb会議サービス）`,
      '下記の条件を付して許可します。',
      '機密性2までの情報に限り取り扱うこと。',
      `ISMAPの登録の有効期限（${formatWareki(ismapUntil)}）を管理し`,
      '録画機能は、会議の参加者全員の同意を得た場合に限り用いること。',
    ])
      expect({ expected, found: permitText.includes(squash(expected)) }).toEqual({ expected, found: true });
    const kinds = (await documentsOf(draft.id)).map((d) => d.kind);
    expect(kinds).toEqual(['EXTERNAL_SERVICE_APPLICATION', 'EXTERNAL_SERVICE_PERMIT']);

    // A later edit of a monitored field never reaches the documents already issued.
    const edited = await send(officer.token, 'patch', `/api/external-services/${draft.id}`, {
      version: approved.version,
      otherCertifications: 'ISO/IEC 27017',
    });
    expect(edited.status).toBe(200);
    approved = edited.body as ExternalServiceResponse;
    const again = await file(admin, `/api/external-services/${draft.id}/application.pdf`);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true);
    const permitAgain = await file(admin, `/api/external-services/${draft.id}/decision.pdf`);
    expect((permitAgain.body as Buffer).equals(permit.body as Buffer)).toBe(true);
  });

  it('should issue the 不許可通知書 with the reason at a rejection', async () => {
    const s = await apply(await register({ name: '広報用動画配信サービス', confidentialityClass: 1 }));
    await decide(s, {
      decision: 'REJECT',
      reason: '約款に一方的な変更を認める定めがあり、利用の条件が変わるおそれがある。',
    });
    const notice = await file(officer.token, `/api/external-services/${s.id}/decision.pdf`);
    expect(notice.status).toBe(200);
    const text = textOf(notice.body as Buffer);
    expect(text).toContain(squash('外部サービスの利用の不許可について（通知）'));
    expect(text).toContain(squash('約款に一方的な変更を認める定めがあり'));
    expect((await documentsOf(s.id)).map((d) => d.kind)).toEqual([
      'EXTERNAL_SERVICE_APPLICATION',
      'EXTERNAL_SERVICE_REFUSAL',
    ]);
  });

  it('should answer 404 for the decision notice of a service not decided, and for a missing service', async () => {
    const s = await apply(await register({ name: '審査中のサービス', confidentialityClass: 1 }));
    const res = await send(admin, 'get', `/api/external-services/${s.id}/decision.pdf`);
    expect(res.status).toBe(404);
    expect((res.body as ErrorBody).code).toBe('EXTERNAL_SERVICE.NO_DECISION_DOCUMENT');
    const missing = await send(
      admin,
      'get',
      '/api/external-services/00000000-0000-4000-8000-000000000000/decision.pdf',
    );
    expect(missing.status).toBe(404);
    expect((missing.body as ErrorBody).code).toBe('EXTERNAL_SERVICE.NOT_FOUND');
  });

  it('should export the register as CSV with a BOM, neutralised formulas and the filters applied', async () => {
    await register({ name: '=HYPERLINK("http://evil.example","x")', confidentialityClass: 1 });
    const all = await file(auditor, '/api/external-services.csv');
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = all.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['名称', '提供者', '法人番号']);
    expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")"`))).toBe(true);
    const web = lines.find((l) => l.startsWith('おきたまWeb会議サービス,'));
    expect(web).toContain(',承認済み,');
    expect(web).toContain(`,${ismapUntil},`);
    expect(web).toContain(',2,有,無,');

    const filtered = await file(
      officer.token,
      '/api/external-services.csv?confidentialityClass=2&status=APPROVED',
    );
    const rows = (filtered.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n').slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['おきたまWeb会議サービス']);

    for (const query of [
      'confidentialityClass=7',
      'confidentialityClass=1.5',
      'status=LIVE',
      'attention=SOON',
    ]) {
      for (const path of ['/api/external-services.csv', '/api/external-services.pdf']) {
        const bad = await send(auditor, 'get', `${path}?${query}`);
        expect({ path, query, status: bad.status, code: (bad.body as ErrorBody).code }).toEqual({
          path,
          query,
          status: 400,
          code: 'REQUEST.VALIDATION',
        });
      }
    }
    const notAnId = await send(auditor, 'get', '/api/external-services/not-an-id/application.pdf');
    expect(notAnId.status).toBe(400);
    expect((await send(contractor, 'get', '/api/external-services.csv')).status).toBe(403);
  });

  it('should print the register as the PDF 台帳 of the moment, filtered', async () => {
    const res = await file(auditor, '/api/external-services.pdf?status=APPROVED');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = textOf(res.body as Buffer);
    expect(text).toContain(squash('外部サービス台帳'));
    expect(text).toContain(squash(`${formatWareki(today)}`));
    expect(text).toContain(squash('抽出条件承認済み'));
    expect(text).toContain(squash('件数1件'));
    expect(text).toContain('おきたまWeb会議サービス');
    expect(text).not.toContain('広報用動画配信サービス');
    expect(text).toContain(squash('現在の登録内容を、請求に応じて出力したものである。'));
    expect((await send(contractor, 'get', '/api/external-services.pdf')).status).toBe(403);
  });

  it('should count the services by status and those needing action on the dashboard, each linking to its filtered list', async () => {
    const expired = await apply(
      await register({
        name: '期限切れのサービス',
        confidentialityClass: 1,
        ismapValidUntil: japanDatePlus(-1),
      }),
    );
    await decide(expired, { decision: 'APPROVE', conditions: '機密性1の情報に限る。' });
    const expiring = await apply(
      await register({
        name: '期限間近のサービス',
        confidentialityClass: 1,
        ismapValidUntil: japanDatePlus(10),
      }),
    );
    await decide(expiring, { decision: 'APPROVE', conditions: '機密性1の情報に限る。' });

    const res = await send(auditor, 'get', '/api/dashboard/external-services');
    expect(res.status).toBe(200);
    const body = res.body as {
      asOf: string;
      total: number;
      byStatus: { status: string; count: number }[];
      needingAction: { kind: string; count: number }[];
    };
    expect(body.asOf).toBe(today);
    const byStatus = Object.fromEntries(body.byStatus.map((s) => [s.status, s.count]));
    expect(byStatus).toMatchObject({ DRAFT: 1, APPLIED: 1, APPROVED: 3, REJECTED: 1, ENDED: 0 });
    expect(body.total).toBe(6);
    expect(Object.fromEntries(body.needingAction.map((a) => [a.kind, a.count]))).toEqual({
      ISMAP_EXPIRED: 1,
      ISMAP_EXPIRING: 1,
      TERMS_RECHECK_DUE: 0,
      REVIEW_OVERDUE: 0,
      ERASURE_PENDING: 0,
    });
    expect((await send(contractor, 'get', '/api/dashboard/external-services')).status).toBe(403);

    // The filtered list and the register agree with the count.
    const list = await send(officer.token, 'get', '/api/external-services?attention=ISMAP_EXPIRED');
    expect(list.status).toBe(200);
    expect((list.body as { items: ExternalServiceResponse[] }).items.map((i) => i.name)).toEqual([
      '期限切れのサービス',
    ]);
    const csv = await file(auditor, '/api/external-services.csv?attention=ISMAP_EXPIRING');
    const rows = (csv.body as Buffer).toString('utf8').slice(1).trimEnd().split('\r\n').slice(1);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['期限間近のサービス']);
    expect(rows[0]).toContain('ISMAP期限間近');
    const pdf = await file(auditor, '/api/external-services.pdf?attention=ISMAP_EXPIRED');
    const text = textOf(pdf.body as Buffer);
    expect(text).toContain(squash('抽出条件ISMAP期限切れ'));
    expect(text).toContain('期限切れのサービス');
    expect(text).not.toContain('期限間近のサービス');

    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const page = await agent.get('/dashboard');
    expect(page.status).toBe(200);
    const html = page.text;
    expect(html).toContain('<h2 id="external-services">外部サービス</h2>');
    expect(html).toContain('登録されている外部サービスは6件です。');
    expect(html).toMatch(/<a href="\/external-services\?status=APPROVED">3<\/a><\/p><p>承認済み<\/p>/u);
    expect(html).toContain('<a href="/external-services?attention=ISMAP_EXPIRED">1</a>');
    expect(html).toContain('<a href="/api/external-services.pdf?attention=ISMAP_EXPIRING">');

    // The list the count links to shows that service only, says why, and exports the same set.
    const listed = (await agent.get('/external-services?attention=ISMAP_EXPIRED')).text;
    expect(listed).toContain('対応が必要な事項「ISMAP期限切れ」に該当する外部サービスを表示しています。');
    expect(listed).toContain(`<a href="/external-services/${expired.id}">期限切れのサービス</a>`);
    expect(listed).not.toContain('期限間近のサービス');
    expect(listed).toContain('<a href="/api/external-services.pdf?attention&#x3D;ISMAP_EXPIRED">');
    // The service's page links its documents as issued.
    const detail = (await agent.get(`/external-services/${expired.id}`)).text;
    expect(detail).toContain(
      `<a href="/api/external-services/${expired.id}/application.pdf">外部サービス利用申請書（PDF）</a>`,
    );
    expect(detail).toContain(
      `<a href="/api/external-services/${expired.id}/decision.pdf">外部サービス利用許可通知書（PDF）</a>`,
    );
  });

  describe('reminders', () => {
    const run = async (day: string): Promise<ReminderRunResponse> => {
      const res = await send(admin, 'post', '/api/notifications/run-reminders', { today: day });
      expect(res.status).toBe(200);
      return res.body as ReminderRunResponse;
    };
    const keys = async (serviceId: string): Promise<string[]> =>
      (await ctx.dataSource.getRepository(Notification).find())
        .map((n) => n.dedupeKey)
        .filter((k) => k.includes(serviceId))
        .sort();
    const sourceOf = (r: ReminderRunResponse) => r.sources.find((s) => s.name === 'external-services');

    it('should remind of the ISMAP validity 60 and 30 days ahead, once each, to the manager and the administrators', async () => {
      const at60 = addDays(ismapUntil, -60);
      const first = await run(at60);
      expect(sourceOf(first)?.created).toBeGreaterThanOrEqual(2);
      expect(sourceOf(await run(at60))?.created).toBe(0);
      const key = `external-service-ismap:${approved.id}:${ismapUntil}`;
      expect(await keys(approved.id)).toEqual([`${key}:60:${adminId}`, `${key}:60:${manager.id}`].sort());
      await run(addDays(ismapUntil, -45));
      await run(addDays(ismapUntil, -30));
      await run(addDays(ismapUntil, -30));
      const ismap = (await keys(approved.id)).filter((k) => k.startsWith('external-service-ismap'));
      expect(ismap).toEqual(
        [
          `${key}:60:${adminId}`,
          `${key}:60:${manager.id}`,
          `${key}:30:${adminId}`,
          `${key}:30:${manager.id}`,
        ].sort(),
      );
      const note = await ctx.dataSource
        .getRepository(Notification)
        .findOneByOrFail({ dedupeKey: `${key}:30:${manager.id}` });
      expect(note.subject).toContain('ISMAPの登録の有効期限が30日後です（おきたまWeb会議サービス）');
      expect(note.body).toContain(formatWareki(ismapUntil));
    });

    it('should remind of the 約款 re-check and the review when due and overdue, and of the erasure after the end', async () => {
      const recheck = addDays(today, 365);
      const reviewOn = approved.nextReviewOn as string;
      const late = addDays(reviewOn > recheck ? reviewOn : recheck, 1);
      await run(late);
      await run(late);
      const overdue = (await keys(approved.id)).filter((k) => k.includes(':overdue:'));
      expect(overdue.filter((k) => k.startsWith('external-service-terms')).length).toBe(2);
      expect(overdue.filter((k) => k.startsWith('external-service-review')).length).toBe(2);

      const ended = await send(officer.token, 'post', `/api/external-services/${approved.id}/end`, {
        version: approved.version,
        endedOn: today,
      });
      expect(ended.status).toBe(200);
      await run(today);
      await run(today);
      await run(addDays(today, 10));
      const erasure = (await keys(approved.id)).filter((k) => k.startsWith('external-service-erasure'));
      expect(erasure).toEqual(
        [
          `external-service-erasure:${approved.id}:${today}:due:${adminId}`,
          `external-service-erasure:${approved.id}:${today}:due:${manager.id}`,
        ].sort(),
      );
      await run(addDays(today, 30));
      await run(addDays(today, 31));
      const overdueErasure = (await keys(approved.id)).filter(
        (k) => k.startsWith('external-service-erasure') && k.includes(':overdue:'),
      );
      expect(overdueErasure).toHaveLength(2);
    });
  });
});
