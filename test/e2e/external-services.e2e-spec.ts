import type { Response } from 'superagent';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import type { ContractServicesResponse } from '../../src/modules/external-services/dto/contract-services.dto';
import type { ExternalServiceResponse } from '../../src/modules/external-services/dto/external-service.dto';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import {
  completeSelection,
  corporateNumber,
  createContractor,
  createUserAndLogin,
  japanDatePlus,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** A 機密性2 SaaS with a data location but no ISMAP record. */
function saas(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '電子申請受付サービス',
    providerName: '株式会社置賜クラウド',
    providerCorporateNumber: corporateNumber(),
    model: 'SAAS',
    contractForm: 'INDIVIDUAL',
    department: '総務課情報政策係',
    purpose: '住民からの電子申請の受付',
    confidentialityClass: 2,
    personalInfo: true,
    specificPersonalInfo: false,
    dataLocation: '国内（東京及び大阪のデータセンター）',
    governingLaw: '日本法',
    court: '東京地方裁判所',
    ...overrides,
  };
}

/** An ISMAP registration as typed from the list, valid until `validUntil`. */
function ismap(validUntil: string): Record<string, unknown> {
  return {
    ismapKind: 'ISMAP',
    ismapNumber: 'C23-0123-2',
    ismapScope: '電子申請受付サービス（全機能）',
    ismapValidUntil: validUntil,
    ismapCheckedOn: japanDatePlus(0),
    ismapSourceUrl: 'https://www.ismap.go.jp/csm',
  };
}

describe('external services (Article 6(6)(イ)): the register, the selection rules, and contracts naming them', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: string;
  let auditor: string;
  let contractorToken: string;
  let companyId: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = (await createUserAndLogin(ctx, admin, 'OFFICER')).token;
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;
    companyId = (await createContractor(ctx, admin)).id;
    contractorToken = (await createUserAndLogin(ctx, admin, 'CONTRACTOR', companyId)).token;
  });
  afterAll(async () => ctx.close());

  const register = async (body: Record<string, unknown>): Promise<ExternalServiceResponse> => {
    const res = await ctx
      .http()
      .post('/api/external-services')
      .set(...bearer(officer))
      .send(body);
    if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as ExternalServiceResponse;
  };
  const applied = async (body: Record<string, unknown>): Promise<ExternalServiceResponse> => {
    const s = await register(body);
    const res = await ctx
      .http()
      .post(`/api/external-services/${s.id}/apply`)
      .set(...bearer(officer))
      .send({ version: s.version })
      .expect(200);
    return res.body as ExternalServiceResponse;
  };
  const approve = (s: ExternalServiceResponse, version = s.version) =>
    ctx
      .http()
      .post(`/api/external-services/${s.id}/decision`)
      .set(...bearer(admin))
      .send({ version, decision: 'APPROVE', conditions: '取り扱う情報は申請の受付に必要な範囲に限ること。' });
  const patch = (s: ExternalServiceResponse, body: Record<string, unknown>, token = officer) =>
    ctx
      .http()
      .patch(`/api/external-services/${s.id}`)
      .set(...bearer(token))
      .send({ version: s.version, ...body });
  const read = async (id: string): Promise<ExternalServiceResponse> =>
    (
      await ctx
        .http()
        .get(`/api/external-services/${id}`)
        .set(...bearer(auditor))
        .expect(200)
    ).body as ExternalServiceResponse;

  it('should refuse a 機密性2 SaaS without ISMAP (EXTERNAL_SERVICE.ISMAP_REQUIRED) and approve it once a registration valid today is recorded', async () => {
    const s = await applied(saas());
    expect(s.verdicts).toEqual([
      { code: 'EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS', applies: true, met: true },
      { code: 'EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED', applies: true, met: true },
      { code: 'EXTERNAL_SERVICE.ISMAP_REQUIRED', applies: true, met: false },
    ]);
    const refused = await approve(s);
    expect(refused.status).toBe(422);
    expect((refused.body as { code: string }).code).toBe('EXTERNAL_SERVICE.ISMAP_REQUIRED');
    expect(await read(s.id)).toMatchObject({ status: 'APPLIED', version: s.version, conditions: null });

    // A registration that ended yesterday (Japan date) is not valid today.
    const expired = (await patch(s, ismap(japanDatePlus(-1))).expect(200)).body as ExternalServiceResponse;
    expect(expired).toMatchObject({ ismapValid: false, ismapLapsed: true });
    expect(((await approve(expired)).body as { code: string }).code).toBe('EXTERNAL_SERVICE.ISMAP_REQUIRED');

    const valid = (await patch(expired, { ismapValidUntil: japanDatePlus(0) }).expect(200))
      .body as ExternalServiceResponse;
    expect(valid).toMatchObject({ ismapValid: true, ismapLapsed: false });
    const ok = await approve(valid);
    expect(ok.status).toBe(200);
    const approved = ok.body as ExternalServiceResponse;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      conditions: '取り扱う情報は申請の受付に必要な範囲に限ること。',
      ismapNumber: 'C23-0123-2',
    });
    // The next review: a year (the default interval) from today, Japan date.
    const today = japanDatePlus(0);
    const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/u, '-02-28');
    expect(approved.nextReviewOn).toBe(inAYear);
    const audit = await ctx.dataSource.manager.find(AuditEvent, {
      where: { entityType: 'external_service', entityId: s.id },
      order: { seq: 'ASC' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'external_service.register',
      'external_service.apply',
      'external_service.update',
      'external_service.update',
      'external_service.approve',
    ]);
  });

  it('should flag an approved service whose ISMAP validity has passed, unless a renewal is recorded as pending', async () => {
    const s = (await approve(await applied(saas(ismap(japanDatePlus(30)))))).body as ExternalServiceResponse;
    expect(s).toMatchObject({ status: 'APPROVED', ismapLapsed: false });
    const lapsed = (await patch(s, { ismapValidUntil: japanDatePlus(-1) }).expect(200))
      .body as ExternalServiceResponse;
    expect(lapsed).toMatchObject({ status: 'APPROVED', ismapValid: false, ismapLapsed: true });
    const pending = (await patch(lapsed, { ismapRenewalPending: true }).expect(200))
      .body as ExternalServiceResponse;
    expect(pending).toMatchObject({ ismapValid: true, ismapLapsed: false, ismapRenewalPending: true });
    // What was approved cannot change while in use: only the monitored facts.
    const locked = await patch(pending, { confidentialityClass: 1, dataLocation: '国外' });
    expect(locked.status).toBe(422);
    expect(locked.body).toMatchObject({
      code: 'EXTERNAL_SERVICE.FIELD_LOCKED',
      details: { fields: ['confidentialityClass', 'dataLocation'] },
    });
    expect(await read(s.id)).toMatchObject({ confidentialityClass: 2, version: pending.version });
  });

  it('should approve a 機密性2 service without ISMAP on a recorded alternative evaluation, and refuse one without a data location', async () => {
    const noPlace = await applied(saas({ dataLocation: null, alternativeEvaluation: '評価した。' }));
    const refused = await approve(noPlace);
    expect(refused.status).toBe(422);
    expect((refused.body as { code: string }).code).toBe('EXTERNAL_SERVICE.DATA_LOCATION_REQUIRED');
    const alt = await applied(
      saas({
        alternativeEvaluation: '情報政策係がSOC2報告書及び約款を確認し、ISMAPと同等の管理策を認めた。',
      }),
    );
    expect((await approve(alt)).status).toBe(200);
  });

  it('should refuse a 約款型 service for 機密性2 (EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS) even with ISMAP, and approve one for 機密性1', async () => {
    const terms = await applied(saas({ model: 'TERMS', contractForm: 'TERMS', ...ismap(japanDatePlus(90)) }));
    const refused = await approve(terms);
    expect(refused.status).toBe(422);
    expect((refused.body as { code: string }).code).toBe('EXTERNAL_SERVICE.TERMS_MODEL_FOR_CLASS');
    expect(await read(terms.id)).toMatchObject({ status: 'APPLIED' });
    const open = await applied(
      saas({
        name: '動画共有サービス',
        model: 'TERMS',
        contractForm: 'TERMS',
        confidentialityClass: 1,
        personalInfo: false,
        dataLocation: null,
        termsUrl: 'https://example.com/terms',
        termsVersion: '2026-04-01版',
        termsCheckedOn: japanDatePlus(0),
        termsChecklist: {
          confidentiality: false,
          noSecondaryUse: false,
          unilateralChanges: true,
          erasureAtEnd: true,
        },
      }),
    );
    expect(open.verdicts.every((v) => !v.applies && v.met)).toBe(true);
    const ok = (await approve(open).expect(200)).body as ExternalServiceResponse;
    expect(ok.termsChecklist).toEqual({
      confidentiality: false,
      noSecondaryUse: false,
      unilateralChanges: true,
      erasureAtEnd: true,
    });
  });

  it('should refuse bad registrations with stable codes and store nothing', async () => {
    const before = await ctx.dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM external_service');
    const cases: [Record<string, unknown>, number, string][] = [
      [saas({ providerCorporateNumber: '1234567890123' }), 400, 'EXTERNAL_SERVICE.CORPORATE_NUMBER_INVALID'],
      [
        saas({ personalInfo: false, specificPersonalInfo: true }),
        400,
        'EXTERNAL_SERVICE.SPECIFIC_WITHOUT_PERSONAL',
      ],
      [saas({ ismapKind: 'ISMAP' }), 400, 'EXTERNAL_SERVICE.ISMAP_INCOMPLETE'],
      [
        saas({ managerUserId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'EXTERNAL_SERVICE.MANAGER_INVALID',
      ],
      [saas({ model: 'CLOUD' }), 400, 'REQUEST.VALIDATION'],
    ];
    for (const [body, status, code] of cases) {
      const res = await ctx
        .http()
        .post('/api/external-services')
        .set(...bearer(officer))
        .send(body);
      expect({ code, status: res.status, got: (res.body as { code: string }).code }).toEqual({
        code,
        status,
        got: code,
      });
    }
    const after = await ctx.dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM external_service');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('should list by class and status for auditors, and answer 403 to a contractor', async () => {
    const one = await register(saas({ name: '区分1の登録', confidentialityClass: 1, dataLocation: null }));
    const list = async (query: string) =>
      (
        (
          await ctx
            .http()
            .get(`/api/external-services?${query}&limit=100`)
            .set(...bearer(auditor))
            .expect(200)
        ).body as { items: ExternalServiceResponse[] }
      ).items;
    const drafts1 = await list('status=DRAFT&confidentialityClass=1');
    expect(drafts1.map((s) => s.id)).toContain(one.id);
    expect(drafts1.every((s) => s.status === 'DRAFT' && s.confidentialityClass === 1)).toBe(true);
    const approved2 = await list('status=APPROVED&confidentialityClass=2');
    expect(approved2.length).toBeGreaterThan(0);
    expect(approved2.every((s) => s.status === 'APPROVED' && s.confidentialityClass === 2)).toBe(true);
    for (const url of ['/api/external-services', `/api/external-services/${one.id}`]) {
      const res = await ctx
        .http()
        .get(url)
        .set(...bearer(contractorToken));
      expect(res.status).toBe(403);
    }
  });

  it('should refuse to approve a contract naming an unapproved service (naming it), approve it once the service is, and cite the service in the cloud clause', async () => {
    const service = await applied(
      saas({ name: '文書管理クラウド', providerName: '株式会社長井データ', ...ismap(japanDatePlus(200)) }),
    );
    const created = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer))
      .send({
        contractNumber: `ES-${Date.now()}`,
        title: '文書管理システム運用業務委託',
        contractorId: companyId,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: true,
      })
      .expect(201);
    const contractId = (created.body as { id: string }).id;
    await completeSelection(ctx, officer, contractId);
    const version = async () =>
      (
        (
          await ctx
            .http()
            .get(`/api/contracts/${contractId}`)
            .set(...bearer(officer))
        ).body as { version: number }
      ).version;
    const named = await ctx
      .http()
      .put(`/api/contracts/${contractId}/external-services`)
      .set(...bearer(officer))
      .send({ version: await version(), serviceIds: [service.id] })
      .expect(200);
    expect((named.body as ContractServicesResponse).services).toEqual([
      expect.objectContaining({ id: service.id, name: '文書管理クラウド', status: 'APPLIED' }),
    ]);

    const refused = await ctx
      .http()
      .post(`/api/contracts/${contractId}/approve`)
      .set(...bearer(officer))
      .send({ version: await version() });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'CONTRACT.EXTERNAL_SERVICE_NOT_APPROVED',
      details: { services: [{ id: service.id, name: '文書管理クラウド', status: 'APPLIED' }] },
    });
    expect((refused.body as { message: string }).message).toContain('「文書管理クラウド」');

    await approve(service).expect(200);
    const ok = await ctx
      .http()
      .post(`/api/contracts/${contractId}/approve`)
      .set(...bearer(officer))
      .send({ version: await version() });
    expect(ok.status).toBe(200);
    const clause = (
      ok.body as { clauses: { code: string; paragraphs?: string[]; text?: string }[] }
    ).clauses.find((c) => c.code === 'CLOUD_SERVICE');
    expect(JSON.stringify(clause)).toContain(
      '本業務に利用するクラウドサービスは、株式会社長井データが提供する「文書管理クラウド」とする。',
    );
    const pdf = await ctx
      .http()
      .get(`/api/contracts/${contractId}/clauses.pdf`)
      .set(...bearer(officer))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(squash(pdfText(pdf.body as Buffer, 'plain').join(''))).toContain(
      squash('株式会社長井データが提供する「文書管理クラウド」とする。'),
    );

    // Once approved, the list is fixed.
    const late = await ctx
      .http()
      .put(`/api/contracts/${contractId}/external-services`)
      .set(...bearer(officer))
      .send({ version: await version(), serviceIds: [] });
    expect(late.status).toBe(409);
    expect((late.body as { code: string }).code).toBe('CONTRACT.EXTERNAL_SERVICES_LOCKED');
  });

  it('should refuse naming services on a contract that does not use cloud, or naming a rejected service', async () => {
    const created = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer))
      .send({
        contractNumber: `EN-${Date.now()}`,
        title: '庁舎清掃業務委託',
        contractorId: companyId,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      })
      .expect(201);
    const c = created.body as { id: string; version: number };
    const s = await applied(saas({ name: '不承認となるサービス' }));
    const res = await ctx
      .http()
      .put(`/api/contracts/${c.id}/external-services`)
      .set(...bearer(officer))
      .send({ version: c.version, serviceIds: [s.id] });
    expect(res.status).toBe(422);
    expect((res.body as { code: string }).code).toBe('CONTRACT.NOT_CLOUD');
    const rejected = (
      await ctx
        .http()
        .post(`/api/external-services/${s.id}/decision`)
        .set(...bearer(admin))
        .send({ version: s.version, decision: 'REJECT', reason: '代替手段が示されていない。' })
        .expect(200)
    ).body as ExternalServiceResponse;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionReason: '代替手段が示されていない。' });
    const cloud = await ctx
      .http()
      .patch(`/api/contracts/${c.id}`)
      .set(...bearer(officer))
      .send({ version: c.version, usesCloud: true })
      .expect(200);
    const again = await ctx
      .http()
      .put(`/api/contracts/${c.id}/external-services`)
      .set(...bearer(officer))
      .send({ version: (cloud.body as { version: number }).version, serviceIds: [s.id] });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      code: 'CONTRACT.EXTERNAL_SERVICE_UNKNOWN',
      details: { serviceIds: [s.id] },
    });
  });
});
