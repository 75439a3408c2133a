import type { Actor } from '../../src/common/auth/actor';
import { addDays, todayInJapan } from '../../src/common/clock';
import { Contractor } from '../../src/modules/contractors/contractor.entity';
import { toContractorResponse } from '../../src/modules/contractors/dto/contractor.response';
import { toContractResponse } from '../../src/modules/contracts/dto/contract.response';
import { Contract } from '../../src/modules/contracts/contract.entity';
import { ContractsService } from '../../src/modules/contracts/contracts.service';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * The reads by id answer from hot paths (issue 19): a contract's clause texts come from JSON kept per contract
 * version, a contractor is read by hand-written SQL. Each must answer exactly what the ORM path answers, on either
 * database.
 */
describe('reads by id: the hot path answers what the ORM path answers', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: { id: string; token: string };
  let contractor: { id: string };

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    contractor = await createContractor(ctx, admin, { name: '株式会社髙﨑𠮷情報' });
  });
  afterAll(async () => ctx.close());

  const actor = (): Actor => ({
    userId: officer.id,
    role: 'OFFICER',
    contractorId: null,
    sessionId: 'test',
    requestId: 'test',
    ip: '127.0.0.1',
  });

  it('GET /api/contracts/:id equals ContractsService.get() and the entity read by the ORM, before and after a change', async () => {
    const { id } = await createApprovedContract(ctx, officer.token, contractor.id, {
      workLocation: '乙の本社（山形県長井市）',
    });
    const service = ctx.app.get(ContractsService);
    for (const round of [1, 2]) {
      const res = await ctx
        .http()
        .get(`/api/contracts/${id}`)
        .set(...bearer(officer.token));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const viaOrm = await service.get(actor(), id);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(viaOrm)));
      // And the contract's own fields as the ORM reads them, independently of the kept clause views.
      const entity = await ctx.dataSource.manager.findOneByOrFail(Contract, { id });
      const fields = JSON.parse(JSON.stringify(toContractResponse(entity, '株式会社髙﨑𠮷情報'))) as object;
      expect(res.body).toMatchObject(fields);
      expect((res.body as { clauses: unknown[] }).clauses.length).toBeGreaterThan(10);
      expect((res.body as { micCoverage: unknown[] }).micCoverage).toHaveLength(13);
      if (round === 1) {
        // A change of the contract (its version) answers the new fields, not the kept ones.
        await ctx.dataSource.manager.update(
          Contract,
          { id },
          { title: '改めた件名', version: () => 'version + 1' },
        );
      } else expect((res.body as { title: string }).title).toBe('改めた件名');
    }
  });

  it("GET /api/contractors/:id equals the query builder's read, with certifications and without", async () => {
    const bare = await createContractor(ctx, admin, { name: '認証なし株式会社' });
    const today = todayInJapan();
    for (const [i, validUntil] of [addDays(today, 400), addDays(today, -3), addDays(today, 30)].entries()) {
      const res = await ctx
        .http()
        .post(`/api/contractors/${contractor.id}/certifications`)
        .set(...bearer(officer.token))
        .send({
          type: i === 1 ? 'PRIVACY_MARK' : 'ISMS',
          registrationNumber: `IS 00000${i}`,
          issuer: '一般財団法人日本品質保証機構',
          validFrom: addDays(today, -700),
          validUntil,
          ...(i === 0 ? { scope: '本社（山形県長井市）における運用保守' } : {}),
        });
      expect(res.status).toBe(201);
    }
    for (const id of [contractor.id, bare.id]) {
      const res = await ctx
        .http()
        .get(`/api/contractors/${id}`)
        .set(...bearer(officer.token));
      expect(res.status).toBe(200);
      // The read as it was before the hot path: TypeORM's query builder and entity hydration.
      const entity = await ctx.dataSource.manager
        .createQueryBuilder(Contractor, 'c')
        .leftJoinAndSelect('c.certifications', 'cert')
        .where('c.id = :id', { id })
        .orderBy('cert.validUntil', 'ASC')
        .addOrderBy('cert.id', 'ASC')
        .getOneOrFail();
      expect(res.body).toEqual(
        JSON.parse(JSON.stringify(toContractorResponse(entity, entity.certifications ?? []))),
      );
    }
    const withCerts = await ctx
      .http()
      .get(`/api/contractors/${contractor.id}`)
      .set(...bearer(officer.token));
    const certs = (withCerts.body as { certifications: { validUntil: string; expired: boolean }[] })
      .certifications;
    expect(certs.map((c) => c.validUntil)).toEqual([
      addDays(today, -3),
      addDays(today, 30),
      addDays(today, 400),
    ]);
    expect(certs.map((c) => c.expired)).toEqual([true, false, false]);
  });

  it('a draft (no approval, no clauses chosen yet beyond the defaults, no work place) reads as the ORM reads it', async () => {
    const created = await ctx
      .http()
      .post('/api/contracts')
      .set(...bearer(officer.token))
      .send({
        contractNumber: 'R8-HOT-0001',
        title: '起案中の委託',
        contractorId: contractor.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 2,
        handlesPersonalInfo: true,
        usesCloud: true,
      });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const res = await ctx
      .http()
      .get(`/api/contracts/${id}`)
      .set(...bearer(officer.token));
    expect(res.status).toBe(200);
    const entity = await ctx.dataSource.manager.findOneByOrFail(Contract, { id });
    expect(res.body).toMatchObject(
      JSON.parse(JSON.stringify(toContractResponse(entity, '株式会社髙﨑𠮷情報'))) as object,
    );
    expect(res.body).toMatchObject({
      status: 'DRAFT',
      approvedAt: null,
      handlesPersonalInfo: true,
      usesCloud: true,
    });
  });

  it('another company reads a contract as not found, as before', async () => {
    const { id } = await createApprovedContract(ctx, officer.token, contractor.id);
    const other = await createContractor(ctx, admin, { name: '他社株式会社' });
    const otherUser = await createUserAndLogin(ctx, admin, 'CONTRACTOR', other.id);
    const res = await ctx
      .http()
      .get(`/api/contracts/${id}`)
      .set(...bearer(otherUser.token));
    expect(res.status).toBe(404);
    expect((res.body as { code: string }).code).toBe('CONTRACT.NOT_FOUND');
  });
});
