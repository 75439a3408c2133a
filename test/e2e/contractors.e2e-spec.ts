import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import {
  contractorInput,
  corporateNumber,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
} from '../factories';
import { Contractor } from '../../src/modules/contractors/contractor.entity';
import type { AuditEventBody, CertificationBody, ContractorBody, ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/** Today's calendar date in Japan, computed here rather than with the app's own helper. */
function tokyoToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

function plusDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A 法人番号 whose check digit (the first digit, always 1–9) is wrong. */
function withWrongCheckDigit(valid: string): string {
  return `${(Number(valid[0]) % 9) + 1}${valid.slice(1)}`;
}

const tag = (): string => randomBytes(4).toString('hex');
const errorOf = (res: Response): ErrorBody => res.body as ErrorBody;
const contractorOf = (res: Response): ContractorBody => res.body as ContractorBody;
const pageOf = <T>(res: Response): PageBody<T> => res.body as PageBody<T>;
const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);

describe('contractors (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { id: string; token: string };
  let auditor: { id: string; token: string };

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
  });
  afterAll(async () => ctx?.close());

  const getContractor = (id: string, token = officer.token): Promise<Response> =>
    ctx
      .http()
      .get(`/api/contractors/${id}`)
      .set(...bearer(token));
  const listContractors = (
    query: Record<string, string | number | boolean>,
    token = officer.token,
  ): Promise<Response> =>
    ctx
      .http()
      .get('/api/contractors')
      .query(query)
      .set(...bearer(token));
  const patchContractor = (
    id: string,
    body: Record<string, unknown>,
    token = officer.token,
  ): Promise<Response> =>
    ctx
      .http()
      .patch(`/api/contractors/${id}`)
      .set(...bearer(token))
      .send(body);
  const addCertification = (
    id: string,
    body: Record<string, unknown>,
    token = officer.token,
  ): Promise<Response> =>
    ctx
      .http()
      .post(`/api/contractors/${id}/certifications`)
      .set(...bearer(token))
      .send(body);

  /** Every contractor the caller can see (the file creates fewer than 100). */
  async function allContractors(token = officer.token): Promise<ContractorBody[]> {
    const res = await listContractors({ limit: 100 }, token);
    expect(res.status).toBe(200);
    expect(pageOf<ContractorBody>(res).nextCursor).toBeNull();
    return pageOf<ContractorBody>(res).items;
  }

  /** The audit trail of one entity, oldest first, read as the administrator. */
  async function auditTrail(entityId: string): Promise<AuditEventBody[]> {
    const res = await ctx
      .http()
      .get('/api/audit-events')
      .query({ entityId, limit: 100 })
      .set(...bearer(adminToken));
    expect(res.status).toBe(200);
    return pageOf<AuditEventBody>(res).items.reverse();
  }

  describe('registration', () => {
    it('should register a contractor with a Japanese name and read back exactly what was sent', async () => {
      const input = contractorInput({
        name: '株式会社𠮷野髙﨑システムズ',
        nameKana: 'カブシキガイシャヨシノタカサキシステムズ',
        representativeName: '代表取締役 髙橋 𠮷男',
        securityOfficer: {
          name: '山﨑 花子',
          email: 'yamasaki@yoshino-takasaki.example.jp',
          phone: '0238-12-3456',
        },
        notes: '髙﨑事業所（𠮷田町）が担当',
      });

      const created = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(officer.token))
        .send(input);
      expect(created.status).toBe(201);
      const body = contractorOf(created);

      const read = await getContractor(body.id);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        id: body.id,
        ...input,
        status: 'ACTIVE',
        version: 1,
        certifications: [],
        createdAt: body.createdAt,
        updatedAt: body.createdAt,
      });
      expect(read.body).toEqual(created.body);
      expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);

      const trail = await auditTrail(body.id);
      expect(trail.map((e) => [e.action, e.actorId, e.actorRole])).toEqual([
        ['contractor.create', officer.id, 'OFFICER'],
      ]);
      expect(trail[0].summary).toMatchObject({
        name: '株式会社𠮷野髙﨑システムズ',
        corporateNumber: input.corporateNumber,
      });
    });

    it('should refuse a 法人番号 with a wrong check digit, naming the field', async () => {
      const wrong = withWrongCheckDigit(corporateNumber());
      const res = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(officer.token))
        .send(contractorInput({ corporateNumber: wrong }));
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
      expect(errorOf(res).details?.fields).toEqual([expect.objectContaining({ field: 'corporateNumber' })]);

      expect((await allContractors()).filter((c) => c.corporateNumber === wrong)).toEqual([]);
    });

    it('should answer 409 for a duplicate 法人番号 and leave the first contractor unchanged', async () => {
      const number = corporateNumber();
      const first = await createContractor(ctx, officer.token, {
        corporateNumber: number,
        name: '最初の登録株式会社',
      });
      const before = await getContractor(first.id);

      const duplicate = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(officer.token))
        .send(contractorInput({ corporateNumber: number, name: '後から来た株式会社' }));
      expect(duplicate.status).toBe(409);
      expect(errorOf(duplicate).code).toBe('CONTRACTOR.CORPORATE_NUMBER_TAKEN');

      const after = await getContractor(first.id);
      expect(after.body).toEqual(before.body);
      expect(contractorOf(after)).toMatchObject({ name: '最初の登録株式会社', version: 1 });
      expect(ids((await allContractors()).filter((c) => c.corporateNumber === number))).toEqual([first.id]);
      expect((await auditTrail(first.id)).map((e) => e.action)).toEqual(['contractor.create']);
    });

    it('should refuse an unknown field in the body', async () => {
      const res = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(officer.token))
        .send(contractorInput({ name: '未知の項目株式会社', status: 'ARCHIVED', isVip: true }));
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
      expect(errorOf(res).details?.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'isVip', rule: 'unknownField' }),
          expect.objectContaining({ field: 'status', rule: 'unknownField' }),
        ]),
      );
      expect((await allContractors()).filter((c) => c.name === '未知の項目株式会社')).toEqual([]);
    });

    it('should refuse an unknown field nested in securityOfficer', async () => {
      const input = contractorInput();
      const res = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(officer.token))
        .send({ ...input, securityOfficer: { ...(input.securityOfficer as object), role: 'admin' } });
      expect(res.status).toBe(400);
      expect(errorOf(res).details?.fields).toEqual([
        expect.objectContaining({ field: 'securityOfficer.role', rule: 'unknownField' }),
      ]);
    });
  });

  describe('updates and archiving', () => {
    let id: string;

    beforeAll(async () => {
      id = (await createContractor(ctx, officer.token, { name: '更新前商事株式会社', notes: '初回登録' })).id;
    });

    it('should apply a PATCH with the version that was read and answer version 2', async () => {
      const res = await patchContractor(id, {
        version: 1,
        name: '更新後商事株式会社',
        notes: null,
        securityOfficer: { name: '髙田 次郎', email: 'takada@example.jp', phone: '03-1234-5678' },
      });
      expect(res.status).toBe(200);
      expect(contractorOf(res)).toMatchObject({ version: 2, name: '更新後商事株式会社', notes: null });

      const read = contractorOf(await getContractor(id));
      expect(read).toMatchObject({
        version: 2,
        name: '更新後商事株式会社',
        notes: null,
        securityOfficer: { name: '髙田 次郎', email: 'takada@example.jp', phone: '03-1234-5678' },
        status: 'ACTIVE',
      });
      expect(read.updatedAt >= read.createdAt).toBe(true);
    });

    it('should answer 409 CONTRACTOR.STALE_VERSION for a stale version and keep the version-2 values', async () => {
      const res = await patchContractor(id, { version: 1, name: '古い版からの上書き' });
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('CONTRACTOR.STALE_VERSION');
      expect(errorOf(res).details).toEqual({ currentVersion: 2 });

      const read = contractorOf(await getContractor(id));
      expect(read).toMatchObject({ version: 2, name: '更新後商事株式会社', notes: null });
    });

    it('should refuse name: null with 400 and keep the stored name', async () => {
      const res = await patchContractor(id, { version: 2, name: null });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
      // Every problem is the name's (null fails its string, length rules): the DTO refuses it, not the service.
      const fields = errorOf(res).details?.fields ?? [];
      expect(fields.length).toBeGreaterThan(0);
      expect(new Set(fields.map((f) => f.field))).toEqual(new Set(['name']));
      expect(contractorOf(await getContractor(id))).toMatchObject({ version: 2, name: '更新後商事株式会社' });
    });

    it('should refuse an unknown field in a PATCH', async () => {
      const res = await patchContractor(id, { version: 2, createdAt: '2000-01-01T00:00:00.000Z' });
      expect(res.status).toBe(400);
      expect(errorOf(res).details?.fields).toEqual([
        expect.objectContaining({ field: 'createdAt', rule: 'unknownField' }),
      ]);
    });

    it('should archive the contractor, refuse later changes with 409 CONTRACTOR.ARCHIVED, and keep it readable', async () => {
      const archived = await ctx
        .http()
        .post(`/api/contractors/${id}/archive`)
        .set(...bearer(officer.token))
        .send({ version: 2, reason: '契約終了' });
      expect(archived.status).toBe(200);
      expect(contractorOf(archived)).toMatchObject({ status: 'ARCHIVED', version: 3 });

      const later = await patchContractor(id, { version: 3, name: 'アーカイブ後の変更' });
      expect(later.status).toBe(409);
      expect(errorOf(later).code).toBe('CONTRACTOR.ARCHIVED');
      const cert = await addCertification(id, {
        type: 'ISMS',
        registrationNumber: 'IS 999999',
        issuer: '審査機関',
        validFrom: '2026-04-01',
        validUntil: '2029-03-31',
      });
      expect(cert.status).toBe(409);
      expect(errorOf(cert).code).toBe('CONTRACTOR.ARCHIVED');

      const read = await getContractor(id);
      expect(read.status).toBe(200);
      expect(contractorOf(read)).toMatchObject({
        status: 'ARCHIVED',
        version: 3,
        name: '更新後商事株式会社',
      });
      const archivedList = await listContractors({ status: 'ARCHIVED', limit: 100 });
      expect(ids(pageOf<ContractorBody>(archivedList).items)).toContain(id);
    });

    it('should record create, update and archive (and nothing for refused writes) with the officer as actor', async () => {
      const trail = await auditTrail(id);
      expect(trail.map((e) => e.action)).toEqual([
        'contractor.create',
        'contractor.update',
        'contractor.archive',
      ]);
      expect(new Set(trail.map((e) => e.actorId))).toEqual(new Set([officer.id]));
      expect(trail.every((e) => e.entityType === 'contractor')).toBe(true);
      expect(trail[1].summary).toMatchObject({ name: '更新後商事株式会社', notes: null });
      expect(trail[2].summary).toEqual({ status: 'ARCHIVED', reason: '契約終了', sessionsEnded: 0 });
    });
  });

  describe('clearing optional fields with null', () => {
    let id: string;
    let number: string;

    /** The row as stored, read past the API: a cleared field must be NULL, not an empty string. */
    const stored = (contractorId: string): Promise<Contractor> =>
      ctx.dataSource.getRepository(Contractor).findOneByOrFail({ id: contractorId });

    beforeAll(async () => {
      number = corporateNumber();
      id = (
        await createContractor(ctx, officer.token, {
          corporateNumber: number,
          nameKana: 'オキタマショウジ',
          notes: '初回登録の備考',
        })
      ).id;
    });

    it('should clear nameKana and notes with null, store NULL and read null back, leaving the rest', async () => {
      const res = await patchContractor(id, { version: 1, nameKana: null, notes: null });
      expect(res.status).toBe(200);
      expect(contractorOf(res)).toMatchObject({ version: 2, nameKana: null, notes: null });

      const read = contractorOf(await getContractor(id));
      expect(read).toMatchObject({
        version: 2,
        nameKana: null,
        notes: null,
        corporateNumber: number,
        name: '株式会社置賜情報サービス',
      });
      const row = await stored(id);
      expect(row.nameKana).toBeNull();
      expect(row.notes).toBeNull();
      expect(row.corporateNumber).toBe(number);
    });

    it('should keep every field a PATCH leaves out, a set nameKana and notes included', async () => {
      const set = await patchContractor(id, { version: 2, nameKana: 'オキタマ', notes: '再登録した備考' });
      expect(set.status).toBe(200);

      const res = await patchContractor(id, { version: 3, address: '山形県米沢市金池三丁目1番55号' });
      expect(res.status).toBe(200);
      expect(contractorOf(await getContractor(id))).toMatchObject({
        version: 4,
        address: '山形県米沢市金池三丁目1番55号',
        nameKana: 'オキタマ',
        notes: '再登録した備考',
        corporateNumber: number,
      });
    });

    it('should clear the 法人番号 with null and read null back', async () => {
      const res = await patchContractor(id, { version: 4, corporateNumber: null });
      expect(res.status).toBe(200);
      expect(contractorOf(await getContractor(id))).toMatchObject({
        version: 5,
        corporateNumber: null,
        nameKana: 'オキタマ',
      });
      expect((await stored(id)).corporateNumber).toBeNull();
    });

    it.each([['name'], ['address'], ['representativeName'], ['securityOfficer'], ['status'], ['version']])(
      'should refuse %s: null with 400 REQUEST.VALIDATION naming it, and change nothing',
      async (field) => {
        const before = contractorOf(await getContractor(id));
        const res = await patchContractor(id, { version: before.version, [field]: null });
        expect(res.status).toBe(400);
        expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
        const fields = errorOf(res).details?.fields ?? [];
        expect(fields.length).toBeGreaterThan(0);
        expect(new Set(fields.map((f) => f.field))).toEqual(new Set([field]));
        expect(contractorOf(await getContractor(id))).toEqual(before);
      },
    );

    it('should record the cleared fields as null in the audit trail', async () => {
      const trail = await auditTrail(id);
      expect(trail.map((e) => e.action)).toEqual([
        'contractor.create',
        'contractor.update',
        'contractor.update',
        'contractor.update',
        'contractor.update',
      ]);
      expect(trail[1].summary).toEqual({ nameKana: null, notes: null });
      expect(trail[4].summary).toEqual({ corporateNumber: null });
    });

    it('should document exactly the clearable fields of the PATCH body as nullable', async () => {
      const doc = (await ctx.http().get('/api/docs-json').expect(200)).body as {
        components: { schemas: Record<string, { properties: Record<string, { nullable?: boolean }> }> };
      };
      const properties = doc.components.schemas.UpdateContractorRequest.properties;
      const nullable = Object.keys(properties).filter((key) => properties[key].nullable === true);
      expect(nullable.sort()).toEqual(['corporateNumber', 'nameKana', 'notes']);
    });
  });

  describe('certifications', () => {
    const today = tokyoToday();
    let id: string;
    let plainId: string;
    const certIds: Record<string, string> = {};

    beforeAll(async () => {
      id = (await createContractor(ctx, officer.token, { name: `認証管理株式会社${tag()}` })).id;
      plainId = (await createContractor(ctx, officer.token, { name: `認証問題なし株式会社${tag()}` })).id;
      const res = await addCertification(plainId, {
        type: 'ISMS',
        registrationNumber: 'IS 000001',
        issuer: '一般財団法人日本品質保証機構',
        validFrom: plusDays(today, -100),
        validUntil: plusDays(today, 61),
      });
      expect(res.status).toBe(201);
    });

    it('should derive expired and expiresWithin60Days from today in Japan', async () => {
      const isms = await addCertification(id, {
        type: 'ISMS',
        registrationNumber: 'IS 123456',
        issuer: '一般財団法人日本品質保証機構',
        validFrom: plusDays(today, -365),
        validUntil: plusDays(today, 3 * 365),
      });
      expect(isms.status).toBe(201);
      expect(isms.body).toMatchObject({ type: 'ISMS', expired: false, expiresWithin60Days: false });

      const pmark = await addCertification(id, {
        type: 'PRIVACY_MARK',
        registrationNumber: '第10820123(05)号',
        issuer: '一般財団法人日本情報経済社会推進協会',
        validFrom: plusDays(today, -700),
        validUntil: plusDays(today, 30),
      });
      expect(pmark.status).toBe(201);
      expect(pmark.body).toMatchObject({ type: 'PRIVACY_MARK', expired: false, expiresWithin60Days: true });

      const ismap = await addCertification(id, {
        type: 'ISMAP',
        registrationNumber: 'C22-0001',
        issuer: 'ISMAP運営委員会',
        validFrom: plusDays(today, -400),
        validUntil: plusDays(today, -1),
      });
      expect(ismap.status).toBe(201);
      expect(ismap.body).toMatchObject({ type: 'ISMAP', expired: true, expiresWithin60Days: false });

      for (const res of [isms, pmark, ismap]) {
        const cert = res.body as CertificationBody;
        certIds[cert.type] = cert.id;
      }
    });

    it('should refuse validUntil before validFrom with 400 CERTIFICATION.INVALID_PERIOD', async () => {
      const res = await addCertification(id, {
        type: 'ISO27017',
        registrationNumber: 'CLOUD 1',
        issuer: '審査機関',
        validFrom: '2026-04-01',
        validUntil: '2026-03-31',
      });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('CERTIFICATION.INVALID_PERIOD');
    });

    it('should refuse an impossible calendar date such as 2026-02-30', async () => {
      const res = await addCertification(id, {
        type: 'ISO27018',
        registrationNumber: 'PII 1',
        issuer: '審査機関',
        validFrom: '2026-02-30',
        validUntil: '2027-02-28',
      });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
      expect(errorOf(res).details?.fields).toEqual([
        expect.objectContaining({ field: 'validFrom', rule: 'isoDate' }),
      ]);
    });

    it('should list the certifications, soonest end first, and show them on the contractor', async () => {
      const res = await ctx
        .http()
        .get(`/api/contractors/${id}/certifications`)
        .set(...bearer(officer.token));
      expect(res.status).toBe(200);
      const certs = res.body as CertificationBody[];
      expect(certs.map((c) => [c.type, c.validUntil, c.expired, c.expiresWithin60Days])).toEqual([
        ['ISMAP', plusDays(today, -1), true, false],
        ['PRIVACY_MARK', plusDays(today, 30), false, true],
        ['ISMS', plusDays(today, 3 * 365), false, false],
      ]);
      expect(certs[1]).toEqual({
        id: certIds.PRIVACY_MARK,
        type: 'PRIVACY_MARK',
        registrationNumber: '第10820123(05)号',
        issuer: '一般財団法人日本情報経済社会推進協会',
        validFrom: plusDays(today, -700),
        validUntil: plusDays(today, 30),
        scope: null, // 適用範囲 not given: not recorded
        expired: false,
        expiresWithin60Days: true,
      });
      expect(contractorOf(await getContractor(id)).certifications).toEqual(certs);
    });

    it('should list only contractors needing attention with certificationAttention=true', async () => {
      const attention = pageOf<ContractorBody>(
        await listContractors({ certificationAttention: true, limit: 100 }),
      );
      expect(ids(attention.items)).toContain(id);
      expect(ids(attention.items)).not.toContain(plainId);
      const calm = pageOf<ContractorBody>(
        await listContractors({ certificationAttention: false, limit: 100 }),
      );
      expect(ids(calm.items)).toContain(plainId);
      expect(ids(calm.items)).not.toContain(id);
    });

    it('should remove a certification with 204 so that it is gone', async () => {
      const res = await ctx
        .http()
        .delete(`/api/contractors/${id}/certifications/${certIds.ISMAP}`)
        .set(...bearer(officer.token));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      const list = await ctx
        .http()
        .get(`/api/contractors/${id}/certifications`)
        .set(...bearer(officer.token));
      expect((list.body as CertificationBody[]).map((c) => c.id)).toEqual([
        certIds.PRIVACY_MARK,
        certIds.ISMS,
      ]);

      const again = await ctx
        .http()
        .delete(`/api/contractors/${id}/certifications/${certIds.ISMAP}`)
        .set(...bearer(officer.token));
      expect(again.status).toBe(404);
      expect(errorOf(again).code).toBe('CERTIFICATION.NOT_FOUND');
    });

    it('should record certification.create and certification.remove with the officer as actor', async () => {
      const trail = await auditTrail(id);
      expect(trail.map((e) => [e.action, e.actorId])).toEqual([
        ['contractor.create', officer.id],
        ['certification.create', officer.id],
        ['certification.create', officer.id],
        ['certification.create', officer.id],
        ['certification.remove', officer.id],
      ]);
      expect(trail[4].summary).toMatchObject({ certificationId: certIds.ISMAP, type: 'ISMAP' });
    });
  });

  describe('search', () => {
    const t = tag();
    let percent: ContractorBody;
    let underscore: ContractorBody;
    let target: { id: string; corporateNumber: string };

    beforeAll(async () => {
      const number = corporateNumber();
      target = {
        id: (
          await createContractor(ctx, officer.token, {
            corporateNumber: number,
            name: `株式会社米沢𠮷田検索${t}`,
            // A フリガナ is katakana only: the tag's hex digits spelt in katakana.
            nameKana: `カブシキガイシャヨネザワヨシダケンサク${[...t].map((c) => 'アイウエオカキクケコサシスセソタ'[parseInt(c, 16)]).join('')}`,
          })
        ).id,
        corporateNumber: number,
      };
      percent = contractorOf(
        await ctx
          .http()
          .post('/api/contractors')
          .set(...bearer(officer.token))
          .send(contractorInput({ name: `満足度100%商会${t}` })),
      );
      underscore = contractorOf(
        await ctx
          .http()
          .post('/api/contractors')
          .set(...bearer(officer.token))
          .send(contractorInput({ name: `ABC_DEF株式会社${t}` })),
      );
    });

    const search = async (query: Record<string, string | number>): Promise<ContractorBody[]> => {
      const res = await listContractors({ limit: 100, ...query });
      expect(res.status).toBe(200);
      return pageOf<ContractorBody>(res).items;
    };
    const matches = (c: ContractorBody, q: string): boolean =>
      c.name.includes(q) || (c.nameKana ?? '').includes(q) || (c.corporateNumber ?? '').includes(q);

    it('should find a contractor by part of its name', async () => {
      const found = await search({ q: `米沢𠮷田検索${t}` });
      expect(ids(found)).toEqual([target.id]);
    });

    it('should find a contractor by part of its kana', async () => {
      const found = await search({ q: `ヨネザワヨシダ` });
      expect(ids(found)).toContain(target.id);
      expect(found.every((c) => matches(c, 'ヨネザワヨシダ'))).toBe(true);
    });

    it('should find a contractor by part of its 法人番号', async () => {
      const part = target.corporateNumber.slice(3, 11);
      const found = await search({ q: part });
      expect(ids(found)).toContain(target.id);
      expect(found.every((c) => matches(c, part))).toBe(true);
    });

    it('should treat % and _ in q as literal characters', async () => {
      expect(ids(await search({ q: '%' }))).toEqual([percent.id]);
      expect(ids(await search({ q: '_' }))).toEqual([underscore.id]);
      expect(ids(await search({ q: 'C_D' }))).toEqual([underscore.id]);
      // As wildcards these would match 満足度100%商会 and every name respectively.
      expect(await search({ q: '1_0' })).toEqual([]);
      expect(await search({ q: '%%' })).toEqual([]);
      expect(await search({ q: '\\' })).toEqual([]);
    });

    it('should filter by status', async () => {
      const suspended = await patchContractor(underscore.id, { version: 1, status: 'SUSPENDED' });
      expect(suspended.status).toBe(200);

      const onlySuspended = await search({ status: 'SUSPENDED' });
      expect(ids(onlySuspended)).toEqual([underscore.id]);
      const active = await search({ status: 'ACTIVE' });
      expect(ids(active)).toEqual(expect.arrayContaining([target.id, percent.id]));
      expect(ids(active)).not.toContain(underscore.id);
      expect(active.every((c) => c.status === 'ACTIVE')).toBe(true);
      expect(active.length + onlySuspended.length + (await search({ status: 'ARCHIVED' })).length).toBe(
        (await allContractors()).length,
      );
      const bad = await listContractors({ status: 'DELETED' });
      expect(bad.status).toBe(400);
    });
  });

  describe('pagination', () => {
    const t = `頁送り${tag()}`;
    const created: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 7; i++)
        created.push((await createContractor(ctx, officer.token, { name: `${t}-${i}` })).id);
    });

    /** Follows nextCursor from the first page to the last. */
    async function pageThrough(query: Record<string, string | number>): Promise<ContractorBody[][]> {
      const pages: ContractorBody[][] = [];
      let cursor: string | null = null;
      do {
        const res = await listContractors({ ...query, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        const page = pageOf<ContractorBody>(res);
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 100);
      return pages;
    }

    it('should page through every contractor once, newest first, without gaps or duplicates', async () => {
      const everything = await allContractors();
      const pages = await pageThrough({ limit: 3 });

      expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
      expect(pages[pages.length - 1].length).toBeGreaterThanOrEqual(1);
      const seen = ids(pages.flat());
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(ids(everything));
      expect(seen).toEqual(expect.arrayContaining(created));
      const stamps = pages.flat().map((c) => c.createdAt);
      expect([...stamps].sort().reverse()).toEqual(stamps);
    });

    it('should page a search result as 3, 3 and 1', async () => {
      const pages = await pageThrough({ q: t, limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(ids(pages.flat()).sort()).toEqual([...created].sort());
    });

    it('should answer the total only when asked with withTotal=true', async () => {
      const everything = await allContractors();
      const withTotal = pageOf<ContractorBody>(await listContractors({ limit: 3, withTotal: true }));
      expect(withTotal.total).toBe(everything.length);
      expect(withTotal.items).toEqual(everything.slice(0, 3));
      expect(withTotal.nextCursor).toEqual(expect.any(String));
      const suspended = pageOf<ContractorBody>(
        await listContractors({ status: 'SUSPENDED', withTotal: true }),
      );
      expect(suspended.total).toBe(suspended.items.length);
      const without = pageOf<ContractorBody>(await listContractors({ limit: 3 }));
      expect(without).not.toHaveProperty('total');
    });

    it('should answer 400 REQUEST.INVALID_CURSOR for a garbage cursor', async () => {
      const garbage = [
        'not-a-cursor!',
        Buffer.from('{"a":1}').toString('base64url'),
        Buffer.from('["yesterday","x"]').toString('base64url'),
      ];
      for (const cursor of garbage) {
        const res = await listContractors({ limit: 3, cursor });
        expect(res.status).toBe(400);
        expect(errorOf(res).code).toBe('REQUEST.INVALID_CURSOR');
      }
    });

    it('should refuse limit=101 and limit=0', async () => {
      for (const limit of [101, 0]) {
        const res = await listContractors({ limit });
        expect(res.status).toBe(400);
        expect(errorOf(res).details?.fields).toEqual([expect.objectContaining({ field: 'limit' })]);
      }
      const max = await listContractors({ limit: 100 });
      expect(max.status).toBe(200);
    });
  });

  describe('as a CONTRACTOR user', () => {
    let a: ContractorBody;
    let b: ContractorBody;
    let contractorToken: string;

    beforeAll(async () => {
      const t = tag();
      a = contractorOf(
        await getContractor((await createContractor(ctx, officer.token, { name: `自社A${t}` })).id),
      );
      b = contractorOf(
        await getContractor((await createContractor(ctx, officer.token, { name: `他社B${t}` })).id),
      );
      const cert = await addCertification(b.id, {
        type: 'ISMS',
        registrationNumber: 'IS B-1',
        issuer: '審査機関',
        validFrom: '2025-04-01',
        validUntil: '2028-03-31',
      });
      expect(cert.status).toBe(201);
      contractorToken = (await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', a.id)).token;
    });

    it('should list only its own company', async () => {
      const all = pageOf<ContractorBody>(
        await listContractors({ limit: 100, withTotal: true }, contractorToken),
      );
      expect(ids(all.items)).toEqual([a.id]);
      expect(all.total).toBe(1);
      const active = pageOf<ContractorBody>(await listContractors({ status: 'ACTIVE' }, contractorToken));
      expect(ids(active.items)).toEqual([a.id]);
      const attention = pageOf<ContractorBody>(
        await listContractors({ certificationAttention: false }, contractorToken),
      );
      expect(ids(attention.items)).toEqual([a.id]);
    });

    it("should answer 404 for another contractor's company, exactly as for a missing one", async () => {
      const foreign = await getContractor(b.id, contractorToken);
      const missing = await getContractor(randomUUID(), contractorToken);
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(errorOf(foreign).code).toBe('CONTRACTOR.NOT_FOUND');
      const { requestId: _a, ...foreignRest } = errorOf(foreign);
      const { requestId: _b, ...missingRest } = errorOf(missing);
      expect(foreignRest).toEqual(missingRest);
      expect(foreign.text).not.toContain(b.name);
    });

    it('should read its own company', async () => {
      const own = await getContractor(a.id, contractorToken);
      expect(own.status).toBe(200);
      expect(own.body).toEqual(a);
    });

    it("should answer 404 for another contractor's certifications", async () => {
      const res = await ctx
        .http()
        .get(`/api/contractors/${b.id}/certifications`)
        .set(...bearer(contractorToken));
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('CONTRACTOR.NOT_FOUND');
      expect(res.text).not.toContain('IS B-1');
    });

    it('should answer 403 to writes', async () => {
      const post = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(contractorToken))
        .send(contractorInput({ name: '受託者が作った会社' }));
      expect(post.status).toBe(403);
      expect(errorOf(post).code).toBe('AUTH.FORBIDDEN');
      const patch = await patchContractor(a.id, { version: 1, name: '自分で改名' }, contractorToken);
      expect(patch.status).toBe(403);
      expect(contractorOf(await getContractor(a.id)).name).toBe(a.name);
      expect((await allContractors()).filter((c) => c.name === '受託者が作った会社')).toEqual([]);
    });
  });

  describe('as an AUDITOR', () => {
    let c: ContractorBody;

    beforeAll(async () => {
      c = contractorOf(
        await getContractor((await createContractor(ctx, officer.token, { name: `監査対象${tag()}` })).id),
      );
    });

    it('should read the list and a contractor by id', async () => {
      const list = await allContractors(auditor.token);
      expect(list).toContainEqual(c);
      expect(list).toEqual(await allContractors(officer.token));
      const one = await getContractor(c.id, auditor.token);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(c);
    });

    it('should answer 403 to POST, PATCH, archive and certifications, changing nothing', async () => {
      const post = await ctx
        .http()
        .post('/api/contractors')
        .set(...bearer(auditor.token))
        .send(contractorInput({ name: '監査人が作った会社' }));
      expect(post.status).toBe(403);
      expect(errorOf(post).code).toBe('AUTH.FORBIDDEN');
      const patch = await patchContractor(c.id, { version: 1, name: '監査人が改名' }, auditor.token);
      expect(patch.status).toBe(403);
      const archive = await ctx
        .http()
        .post(`/api/contractors/${c.id}/archive`)
        .set(...bearer(auditor.token))
        .send({ version: 1 });
      expect(archive.status).toBe(403);
      const cert = await addCertification(
        c.id,
        {
          type: 'ISMS',
          registrationNumber: 'X',
          issuer: 'Y',
          validFrom: '2026-01-01',
          validUntil: '2027-01-01',
        },
        auditor.token,
      );
      expect(cert.status).toBe(403);

      expect((await getContractor(c.id)).body).toEqual(c);
      expect((await auditTrail(c.id)).map((e) => e.action)).toEqual(['contractor.create']);
    });
  });

  describe('audit chain', () => {
    it('should keep an intact audit chain after all of the above', async () => {
      const res = await ctx
        .http()
        .get('/api/audit-events/verify')
        .set(...bearer(adminToken));
      expect(res.status).toBe(200);
      const body = res.body as { ok: boolean; checked: number };
      expect(body.ok).toBe(true);
      expect(body.checked).toBeGreaterThan(20);
    });
  });

  describe('a suspended or archived company stops its people', () => {
    it('should refuse archiving while a contract is open, and end sessions and sign-in on suspension and archive', async () => {
      const company = await createContractor(ctx, adminToken, { name: '株式会社停止予定' });
      const person = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', company.id);
      const contract = await createApprovedContract(ctx, officer.token, company.id);
      const { contractNumber } = (
        await ctx
          .http()
          .get(`/api/contracts/${contract.id}`)
          .set(...bearer(officer.token))
      ).body as { contractNumber: string };
      const read = async (token: string) =>
        ctx
          .http()
          .get(`/api/contractors/${company.id}`)
          .set(...bearer(token));
      const version = async () => ((await read(adminToken)).body as ContractorBody).version;
      const signIn = () =>
        ctx.http().post('/api/auth/login').send({ email: person.email, password: person.password });

      const refused = await ctx
        .http()
        .post(`/api/contractors/${company.id}/archive`)
        .set(...bearer(officer.token))
        .send({ version: await version() });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'CONTRACTOR.HAS_OPEN_CONTRACTS',
        details: { contractNumbers: [contractNumber] },
      });
      expect((await read(person.token)).status).toBe(200);

      // Suspended: the open session ends at once, and the right password is told why it cannot sign in.
      await ctx
        .http()
        .patch(`/api/contractors/${company.id}`)
        .set(...bearer(officer.token))
        .send({ version: await version(), status: 'SUSPENDED' })
        .expect(200);
      expect((await read(person.token)).status).toBe(401);
      const suspended = await signIn();
      expect(suspended.status).toBe(403);
      expect(suspended.body).toMatchObject({ code: 'AUTH.COMPANY_NOT_ACTIVE' });
      const wrong = await ctx
        .http()
        .post('/api/auth/login')
        .send({ email: person.email, password: 'not the password at all' });
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'AUTH.INVALID_CREDENTIALS' });

      // Active again: sign-in works. Once the contract has ended, archiving ends the sessions for good.
      await ctx
        .http()
        .patch(`/api/contractors/${company.id}`)
        .set(...bearer(officer.token))
        .send({ version: await version(), status: 'ACTIVE' })
        .expect(200);
      const back = await signIn();
      expect(back.status).toBe(200);
      const token = (back.body as { token: string }).token;
      await ctx
        .http()
        .post(`/api/contracts/${contract.id}/end`)
        .set(...bearer(officer.token))
        .send({ version: contract.version, reason: '契約期間の満了' })
        .expect(200);
      await ctx
        .http()
        .post(`/api/contractors/${company.id}/archive`)
        .set(...bearer(officer.token))
        .send({ version: await version() })
        .expect(200);
      expect((await read(token)).status).toBe(401);
      expect((await signIn()).body).toMatchObject({ statusCode: 403, code: 'AUTH.COMPANY_NOT_ACTIVE' });
    });
  });
});
