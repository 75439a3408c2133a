import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { Contract, type ContractStatus } from '../../src/modules/contracts/contract.entity';
import { ContractClause } from '../../src/modules/contracts/contract-clause.entity';
import { ContractWorker } from '../../src/modules/contracts/contract-worker.entity';
import type { SubcontractResponse as SubcontractBody } from '../../src/modules/contracts/dto/subcontract.dto';
import type { WorkerResponse as WorkerBody } from '../../src/modules/contracts/dto/worker.dto';
import { Subcontract } from '../../src/modules/contracts/subcontract.entity';
import { createContractor, createUserAndLogin, subcontractRequestBody } from '../factories';
import type { AuditEventBody, ErrorBody, PageBody } from '../utils/bodies';
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

const tag = (): string => randomBytes(4).toString('hex');
const errorOf = (res: Response): ErrorBody => res.body as ErrorBody;
const subOf = (res: Response): SubcontractBody => res.body as SubcontractBody;
const workerOf = (res: Response): WorkerBody => res.body as WorkerBody;
const pageOf = <T>(res: Response): PageBody<T> => res.body as PageBody<T>;

interface Company {
  id: string;
  name: string;
  corporateNumber: string;
}

describe('subcontracts and the worker roster (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let admin: { id: string };
  let officer: { id: string; token: string };
  let auditor: { id: string; token: string };
  let prime: Company;
  let sub1: Company;
  let sub2: Company;
  let pending: Company;
  let refused: Company;
  let stranger: Company;
  let suspended: Company;
  let otherPrime: Company;
  let primeUser: { id: string; token: string };
  let otherUser: { id: string; token: string };
  let contractId: string;
  let prohibitedId: string;
  let endedId: string;
  let otherContractId: string;

  /** A contract row written directly (the contracts API is built separately), with its clause codes. */
  async function insertContract(
    contractorId: string,
    status: ContractStatus,
    codes: string[],
  ): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await ctx.dataSource.manager.insert(Contract, {
      id,
      contractNumber: `R8-${tag()}`,
      title: '住民記録システム運用保守業務委託',
      contractorId,
      department: '総務課',
      officerUserId: null,
      startDate: '2026-04-01',
      endDate: '2099-03-31',
      confidentialityClass: 2,
      handlesPersonalInfo: true,
      usesCloud: false,
      workLocations: [],
      assessmentFrequency: 'SEMIANNUAL',
      status,
      approvedAt: null,
      approvedBy: null,
      documentSha256: null,
      catalogueVersion: null,
      closedAt: null,
      closedReason: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    for (const clauseCode of codes) {
      await ctx.dataSource.manager.insert(ContractClause, {
        id: randomUUID(),
        contractId: id,
        clauseCode,
        params: {},
        articleNo: null,
        title: null,
        renderedText: null,
        catalogueVersion: null,
      });
    }
    return id;
  }

  const requestTier = (
    id: string,
    body: Record<string, unknown>,
    token = primeUser.token,
  ): Promise<Response> =>
    ctx
      .http()
      .post(`/api/contracts/${id}/subcontracts`)
      .set(...bearer(token))
      .send(body);
  const decide = (id: string, body: Record<string, unknown>, token = officer.token): Promise<Response> =>
    ctx
      .http()
      .post(`/api/subcontracts/${id}/decision`)
      .set(...bearer(token))
      .send(body);
  const listTiers = (id: string, token = officer.token): Promise<Response> =>
    ctx
      .http()
      .get(`/api/contracts/${id}/subcontracts`)
      .query({ limit: 100 })
      .set(...bearer(token));
  const addWorker = (id: string, body: Record<string, unknown>, token = primeUser.token): Promise<Response> =>
    ctx
      .http()
      .post(`/api/contracts/${id}/workers`)
      .set(...bearer(token))
      .send(body);
  const patchWorker = (
    id: string,
    workerId: string,
    body: Record<string, unknown>,
    token = primeUser.token,
  ): Promise<Response> =>
    ctx
      .http()
      .patch(`/api/contracts/${id}/workers/${workerId}`)
      .set(...bearer(token))
      .send(body);
  const deleteWorker = (id: string, workerId: string, token = primeUser.token): Promise<Response> =>
    ctx
      .http()
      .delete(`/api/contracts/${id}/workers/${workerId}`)
      .set(...bearer(token));
  const listWorkers = (id: string, token = officer.token): Promise<Response> =>
    ctx
      .http()
      .get(`/api/contracts/${id}/workers`)
      .query({ limit: 100 })
      .set(...bearer(token));

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

  const tiersOf = (id: string): Promise<Subcontract[]> =>
    ctx.dataSource.manager.find(Subcontract, { where: { contractId: id }, order: { createdAt: 'ASC' } });
  const rosterOf = (id: string): Promise<ContractWorker[]> =>
    ctx.dataSource.manager.find(ContractWorker, { where: { contractId: id }, order: { createdAt: 'ASC' } });

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const me = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(adminToken));
    admin = { id: (me.body as { id: string }).id };
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    const company = async (name: string): Promise<Company> =>
      (await createContractor(ctx, officer.token, { name })) as unknown as Company;
    const t = tag();
    prime = await company(`株式会社元請${t}`);
    sub1 = await company(`一次再委託株式会社${t}`);
    sub2 = await company(`二次再委託有限会社${t}`);
    pending = await company(`申請中株式会社${t}`);
    refused = await company(`不承認株式会社${t}`);
    stranger = await company(`無関係株式会社${t}`);
    suspended = await company(`停止中株式会社${t}`);
    otherPrime = await company(`他社元請株式会社${t}`);
    const suspend = await ctx
      .http()
      .patch(`/api/contractors/${suspended.id}`)
      .set(...bearer(officer.token))
      .send({ version: 1, status: 'SUSPENDED' });
    expect(suspend.status).toBe(200);
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    otherUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', otherPrime.id);
    contractId = await insertContract(prime.id, 'ACTIVE', ['POLICY_COMPLIANCE', 'SUBCONTRACT_APPROVAL']);
    prohibitedId = await insertContract(prime.id, 'DRAFT', ['SUBCONTRACT_PROHIBITED']);
    endedId = await insertContract(prime.id, 'ENDED', ['SUBCONTRACT_APPROVAL']);
    otherContractId = await insertContract(otherPrime.id, 'ACTIVE', ['SUBCONTRACT_APPROVAL']);
  });
  afterAll(async () => ctx?.close());

  describe('requests, registration and decisions', () => {
    let tier1: SubcontractBody;
    let tier2: SubcontractBody;
    let pendingTier: SubcontractBody;
    let refusedTier: SubcontractBody;

    /** The request body proposing a registered company by its 法人番号 (the way a contractor names one). */
    const proposing = (company: Company, overrides: Record<string, unknown> = {}): Record<string, unknown> =>
      subcontractRequestBody({
        subcontractor: { name: company.name, corporateNumber: company.corporateNumber },
        ...overrides,
      });
    const register = (id: string, version: number, token = officer.token): Promise<Response> =>
      ctx
        .http()
        .post(`/api/subcontracts/${id}/registration`)
        .set(...bearer(token))
        .send({ version });

    it('should let the contractor request a first tier, stored as REQUESTED with its proposal', async () => {
      const body = proposing(sub1, { scope: '帳票印刷及び封入封緘' });
      const res = await requestTier(contractId, body);
      expect(res.status).toBe(201);
      tier1 = subOf(res);
      expect(tier1).toEqual({
        id: expect.any(String),
        contractId,
        contractorId: null,
        contractorName: sub1.name,
        proposed: body.subcontractor,
        parentSubcontractId: null,
        scope: '帳票印刷及び封入封緘',
        necessity: body.necessity,
        informationHandled: body.informationHandled,
        securityMeasures: body.securityMeasures,
        workers: body.workers,
        plannedStartDate: body.plannedStartDate,
        leadDays: 14,
        status: 'REQUESTED',
        requestedBy: primeUser.id,
        registeredBy: null,
        registeredAt: null,
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        notice: null,
        version: 1,
        createdAt: expect.any(String),
      });
      const [row] = await tiersOf(contractId);
      expect(row).toMatchObject({ id: tier1.id, contractorId: null, status: 'REQUESTED', version: 1 });
      const trail = await auditTrail(tier1.id);
      expect(trail.map((e) => [e.action, e.actorId, e.actorRole])).toEqual([
        ['subcontract.request', primeUser.id, 'CONTRACTOR'],
      ]);
      expect(trail[0].summary).toMatchObject({
        contractId,
        contractorId: null,
        proposed: body.subcontractor,
      });
    });

    it('should answer 403 to a contractor registering or deciding, leaving the request as it was', async () => {
      expect((await register(tier1.id, 1, primeUser.token)).status).toBe(403);
      const res = await decide(tier1.id, { approved: true, version: 1 }, primeUser.token);
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('AUTH.FORBIDDEN');
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier1.id });
      expect(row).toMatchObject({ status: 'REQUESTED', version: 1, decidedBy: null, contractorId: null });
    });

    it('should let the officer register it as the company with that 法人番号', async () => {
      const res = await register(tier1.id, 1);
      expect(res.status).toBe(200);
      expect(subOf(res)).toMatchObject({
        status: 'REGISTERED',
        contractorId: sub1.id,
        registeredBy: officer.id,
        version: 2,
      });
      tier1 = subOf(res);
    });

    it('should answer 409 SUBCONTRACT.STALE_VERSION for a stale version', async () => {
      const res = await decide(tier1.id, { approved: true, version: 1 });
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('SUBCONTRACT.STALE_VERSION');
      expect(errorOf(res).details?.currentVersion).toBe(2);
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier1.id });
      expect(row.status).toBe('REGISTERED');
    });

    it('should let the officer approve the tier, recording who decided and when', async () => {
      const before = Date.now();
      const res = await decide(tier1.id, { approved: true, version: 2, note: '誓約書を確認済み' });
      expect(res.status).toBe(200);
      const body = subOf(res);
      expect(body).toMatchObject({
        id: tier1.id,
        status: 'APPROVED',
        decidedBy: officer.id,
        decisionNote: '誓約書を確認済み',
        version: 3,
        notice: { kind: 'SUBCONTRACT_APPROVAL' },
      });
      expect(new Date(body.decidedAt ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1000);
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier1.id });
      expect(row).toMatchObject({ status: 'APPROVED', decidedBy: officer.id, version: 3 });
      expect((await auditTrail(tier1.id)).map((e) => [e.action, e.actorId])).toEqual([
        ['subcontract.request', primeUser.id],
        ['subcontract.register', officer.id],
        ['subcontract.approve', officer.id],
      ]);
      tier1 = body;
    });

    it('should refuse to decide twice: 409 SUBCONTRACT.INVALID_STATE', async () => {
      const again = await decide(tier1.id, { approved: false, note: '取消し', version: 3 });
      expect(again.status).toBe(409);
      expect(errorOf(again).code).toBe('SUBCONTRACT.INVALID_STATE');
      const old = await decide(tier1.id, { approved: true, version: 1 });
      expect(old.status).toBe(409);
      expect(errorOf(old).code).toBe('SUBCONTRACT.STALE_VERSION');
      const row = await ctx.dataSource.manager.findOneByOrFail(Subcontract, { id: tier1.id });
      expect(row).toMatchObject({ status: 'APPROVED', version: 3, decisionNote: '誓約書を確認済み' });
    });

    it('should accept a second tier under the approved one, registered and approved by the administrator', async () => {
      const res = await requestTier(
        contractId,
        proposing(sub2, { scope: '封入封緘作業の一部', parentSubcontractId: tier1.id }),
      );
      expect(res.status).toBe(201);
      expect(subOf(res)).toMatchObject({ parentSubcontractId: tier1.id, status: 'REQUESTED' });
      const registered = await register(subOf(res).id, 1, adminToken);
      expect(registered.status).toBe(200);
      const approved = await decide(subOf(res).id, { approved: true, version: 2 }, adminToken);
      expect(approved.status).toBe(200);
      tier2 = subOf(approved);
      expect(tier2).toMatchObject({
        status: 'APPROVED',
        contractorId: sub2.id,
        decidedBy: admin.id,
        decisionNote: null,
      });
    });

    it('should let an officer enter a paper request naming a registered company, starting REGISTERED', async () => {
      const { subcontractor: _proposal, ...rest } = proposing(pending, { scope: 'データ入力' });
      const res = await requestTier(contractId, { ...rest, contractorId: pending.id }, officer.token);
      expect(res.status).toBe(201);
      pendingTier = subOf(res);
      expect(pendingTier).toMatchObject({
        requestedBy: officer.id,
        registeredBy: officer.id,
        status: 'REGISTERED',
        contractorId: pending.id,
        contractorName: pending.name,
        proposed: null,
      });
    });

    it('should require a note to refuse (400), then record the refusal with its note', async () => {
      const created = await requestTier(contractId, proposing(refused, { scope: '保守作業' }));
      expect(created.status).toBe(201);
      const id = subOf(created).id;
      expect((await register(id, 1)).status).toBe(200);
      const bare = await decide(id, { approved: false, version: 2 });
      expect(bare.status).toBe(400);
      expect(errorOf(bare).code).toBe('SUBCONTRACT.NOTE_REQUIRED');
      const blank = await decide(id, { approved: false, note: '   ', version: 2 });
      expect(errorOf(blank).code).toBe('SUBCONTRACT.NOTE_REQUIRED');
      const res = await decide(id, {
        approved: false,
        note: 'ISMS 認証がなく、管理体制を確認できない',
        version: 2,
      });
      expect(res.status).toBe(200);
      refusedTier = subOf(res);
      expect(refusedTier).toMatchObject({
        status: 'REJECTED',
        decisionNote: 'ISMS 認証がなく、管理体制を確認できない',
        version: 3,
        notice: { kind: 'SUBCONTRACT_REJECTION' },
      });
      const trail = await auditTrail(id);
      expect(trail.map((e) => e.action)).toEqual([
        'subcontract.request',
        'subcontract.register',
        'subcontract.reject',
      ]);
      expect(trail[2].summary).toMatchObject({ status: 'REJECTED', note: refusedTier.decisionNote });
    });

    it('should answer 422 SUBCONTRACT.FORBIDDEN_BY_CONTRACT under a contract with SUBCONTRACT_PROHIBITED', async () => {
      const res = await requestTier(prohibitedId, proposing(sub1));
      expect(res.status).toBe(422);
      expect(errorOf(res).code).toBe('SUBCONTRACT.FORBIDDEN_BY_CONTRACT');
      expect(await tiersOf(prohibitedId)).toEqual([]);
    });

    it('should answer 422 SUBCONTRACT.PARENT_NOT_APPROVED for a pending, refused or foreign parent', async () => {
      const before = (await tiersOf(contractId)).length;
      for (const parentSubcontractId of [pendingTier.id, refusedTier.id, randomUUID()]) {
        const res = await requestTier(contractId, proposing(stranger, { parentSubcontractId }));
        expect({ parentSubcontractId, status: res.status, code: errorOf(res).code }).toEqual({
          parentSubcontractId,
          status: 422,
          code: 'SUBCONTRACT.PARENT_NOT_APPROVED',
        });
      }
      // An approved tier of another contract is not a parent here either.
      const foreign = await requestTier(otherContractId, proposing(sub1), otherUser.token);
      expect(foreign.status).toBe(201);
      expect((await register(subOf(foreign).id, 1)).status).toBe(200);
      const approved = await decide(subOf(foreign).id, { approved: true, version: 2 });
      expect(approved.status).toBe(200);
      const cross = await requestTier(
        contractId,
        proposing(stranger, { parentSubcontractId: subOf(foreign).id }),
      );
      expect(cross.status).toBe(422);
      expect(errorOf(cross).code).toBe('SUBCONTRACT.PARENT_NOT_APPROVED');
      expect(await tiersOf(contractId)).toHaveLength(before);
    });

    it('should answer 422 SUBCONTRACT.PRIME_CONTRACTOR for the contractor as its own sub-contractor, at any tier', async () => {
      const top = await requestTier(contractId, proposing(prime));
      expect(top.status).toBe(422);
      expect(errorOf(top).code).toBe('SUBCONTRACT.PRIME_CONTRACTOR');
      const nested = await requestTier(contractId, proposing(prime, { parentSubcontractId: tier2.id }));
      expect(errorOf(nested).code).toBe('SUBCONTRACT.PRIME_CONTRACTOR');
    });

    it('should answer 422 SUBCONTRACT.ALREADY_IN_CHAIN for a company already above in the chain', async () => {
      const res = await requestTier(contractId, proposing(sub1, { parentSubcontractId: tier2.id }));
      expect(res.status).toBe(422);
      expect(errorOf(res).code).toBe('SUBCONTRACT.ALREADY_IN_CHAIN');
    });

    it('should answer 422 SUBCONTRACT.CONTRACTOR_UNAVAILABLE for a suspended or unregistered company', async () => {
      const { subcontractor: _proposal, ...rest } = proposing(stranger);
      for (const id of [suspended.id, randomUUID()]) {
        const res = await requestTier(contractId, { ...rest, contractorId: id }, officer.token);
        expect(res.status).toBe(422);
        expect(errorOf(res).code).toBe('SUBCONTRACT.CONTRACTOR_UNAVAILABLE');
      }
      // Proposed by a contractor, the suspended company is refused only when the officer registers it.
      const proposed = await requestTier(contractId, proposing(suspended));
      expect(proposed.status).toBe(201);
      const registration = await register(subOf(proposed).id, 1);
      expect(registration.status).toBe(422);
      expect(errorOf(registration).code).toBe('SUBCONTRACT.CONTRACTOR_UNAVAILABLE');
    });

    it('should answer 409 SUBCONTRACT.DUPLICATE for a company already requested or approved under the same parent', async () => {
      for (const company of [sub1, pending]) {
        const res = await requestTier(contractId, proposing(company));
        expect(res.status).toBe(409);
        expect(errorOf(res).code).toBe('SUBCONTRACT.DUPLICATE');
      }
    });

    it('should answer 409 CONTRACT.INVALID_STATE under an ended contract', async () => {
      const res = await requestTier(endedId, proposing(sub1));
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('CONTRACT.INVALID_STATE');
      expect(await tiersOf(endedId)).toEqual([]);
    });

    it('should refuse a malformed body with 400 naming the field', async () => {
      const res = await requestTier(contractId, {
        ...proposing(sub1),
        parentSubcontractId: 'not-a-uuid',
        scope: '',
      });
      expect(res.status).toBe(400);
      expect(
        errorOf(res)
          .details?.fields?.map((f) => f.field)
          .filter((f, i, all) => all.indexOf(f) === i)
          .sort(),
      ).toEqual(['parentSubcontractId', 'scope']);
    });

    it('should list every tier with names, parents and decisions; the contractor sees no registered ids before approval', async () => {
      const res = await listTiers(contractId);
      expect(res.status).toBe(200);
      const page = pageOf<SubcontractBody>(res);
      expect(page.nextCursor).toBeNull();
      const main = page.items.filter((s) => s.status !== 'REQUESTED');
      expect(main.map((s) => [s.contractorName, s.parentSubcontractId, s.status])).toEqual([
        [sub1.name, null, 'APPROVED'],
        [sub2.name, tier1.id, 'APPROVED'],
        [pending.name, null, 'REGISTERED'],
        [refused.name, null, 'REJECTED'],
      ]);
      expect(main[0]).toEqual(tier1);
      expect(main[3]).toEqual(refusedTier);
      expect((await listTiers(contractId, auditor.token)).body).toEqual(res.body);
      const own = pageOf<SubcontractBody>(await listTiers(contractId, primeUser.token)).items;
      expect(own.map((s) => [s.contractorName, s.contractorId])).toEqual(
        page.items.map((s) => [
          s.contractorName,
          s.status === 'APPROVED' || s.proposed === null ? s.contractorId : null,
        ]),
      );
    });

    it('should answer 403 to an auditor requesting a tier', async () => {
      const res = await requestTier(contractId, proposing(stranger), auditor.token);
      expect(res.status).toBe(403);
    });

    it("should answer 404 to another contractor's user for this contract's tiers, exactly as for a missing contract", async () => {
      const list = await listTiers(contractId, otherUser.token);
      const missing = await listTiers(randomUUID(), otherUser.token);
      expect(list.status).toBe(404);
      expect(errorOf(list).code).toBe('CONTRACT.NOT_FOUND');
      expect(errorOf(missing).code).toBe('CONTRACT.NOT_FOUND');
      expect(list.text).not.toContain(sub1.name);
      const write = await requestTier(contractId, proposing(stranger), otherUser.token);
      expect(write.status).toBe(404);
      expect(errorOf(write).code).toBe('CONTRACT.NOT_FOUND');
      const decision = await decide(pendingTier.id, { approved: true, version: 1 }, otherUser.token);
      expect(decision.status).toBe(403);
      const missingTier = await decide(randomUUID(), { approved: true, version: 1 });
      expect(missingTier.status).toBe(404);
      expect(errorOf(missingTier).code).toBe('SUBCONTRACT.NOT_FOUND');
      expect((await tiersOf(contractId)).map((s) => s.contractorId)).not.toContain(stranger.id);
    });
  });

  describe('worker roster', () => {
    let ownWorker: WorkerBody;
    let subWorker: WorkerBody;
    const today = tokyoToday();

    it('should add a worker employed by the contractor itself (201) and store it', async () => {
      const input = {
        name: '髙橋 一郎',
        employerContractorId: prime.id,
        role: '業務責任者',
        workLocation: '受託者本社（山形県長井市）',
        trainingDate: '2026-04-10',
      };
      const res = await addWorker(contractId, input);
      expect(res.status).toBe(201);
      ownWorker = workerOf(res);
      expect(ownWorker).toEqual({
        id: expect.any(String),
        contractId,
        ...input,
        employerName: prime.name,
        employerIsPrime: true,
        employerTier: 0,
        employmentType: 'EMPLOYEE',
        dispatchAgencyName: null,
        pledgeDate: null,
        trainingMissing: false,
        pledgeMissing: true,
        acknowledged: false,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await rosterOf(contractId);
      expect(row).toMatchObject({
        id: ownWorker.id,
        name: '髙橋 一郎',
        trainingDate: '2026-04-10',
        pledgeDate: null,
      });
    });

    it('should add a worker employed by the approved second-tier sub-contractor (201)', async () => {
      const res = await addWorker(
        contractId,
        {
          name: '山﨑 花子',
          employerContractorId: sub2.id,
          role: '封入封緘作業員',
          workLocation: '二次再委託先作業所',
          trainingDate: today,
          pledgeDate: today,
        },
        officer.token,
      );
      expect(res.status).toBe(201);
      subWorker = workerOf(res);
      expect(subWorker).toMatchObject({
        employerContractorId: sub2.id,
        employerName: sub2.name,
        employerIsPrime: false,
        trainingMissing: false,
        pledgeMissing: false,
      });
    });

    it('should answer 422 WORKER.EMPLOYER_NOT_APPROVED for a requested, refused, unrelated or unknown employer, storing nothing', async () => {
      for (const employerContractorId of [pending.id, refused.id, stranger.id, randomUUID()]) {
        const res = await addWorker(contractId, {
          name: '派遣 太郎',
          employerContractorId,
          role: '作業員',
          workLocation: '不明',
        });
        expect({ employerContractorId, status: res.status, code: errorOf(res).code }).toEqual({
          employerContractorId,
          status: 422,
          code: 'WORKER.EMPLOYER_NOT_APPROVED',
        });
      }
      expect((await rosterOf(contractId)).map((w) => w.name)).toEqual(['髙橋 一郎', '山﨑 花子']);
    });

    it('should refuse a future date or an impossible one with 400 naming the field', async () => {
      const future = await addWorker(contractId, {
        name: '未来 予定',
        employerContractorId: prime.id,
        role: '作業員',
        workLocation: '本社',
        trainingDate: plusDays(today, 1),
      });
      expect(future.status).toBe(400);
      expect(errorOf(future).details?.fields).toEqual([
        { field: 'trainingDate', rule: 'notFutureDate', message: expect.any(String) },
      ]);
      const impossible = await addWorker(contractId, {
        name: '暦 誤り',
        employerContractorId: prime.id,
        role: '作業員',
        workLocation: '本社',
        pledgeDate: '2026-02-30',
      });
      expect(impossible.status).toBe(400);
      expect(errorOf(impossible).details?.fields?.map((f) => [f.field, f.rule])).toEqual([
        ['pledgeDate', 'isoDate'],
      ]);
      expect(await rosterOf(contractId)).toHaveLength(2);
    });

    it('should list the roster with the missing-training and missing-pledge flags, also for the auditor', async () => {
      const res = await listWorkers(contractId);
      expect(res.status).toBe(200);
      const page = pageOf<WorkerBody>(res);
      expect(page.items).toEqual([ownWorker, subWorker]);
      expect(page.items.map((w) => [w.name, w.trainingMissing, w.pledgeMissing])).toEqual([
        ['髙橋 一郎', false, true],
        ['山﨑 花子', false, false],
      ]);
      expect((await listWorkers(contractId, auditor.token)).body).toEqual(res.body);
      expect((await listWorkers(contractId, primeUser.token)).body).toEqual(res.body);
    });

    it('should apply a PATCH with the version that was read, and 409 WORKER.STALE_VERSION for a stale one', async () => {
      const ok = await patchWorker(contractId, ownWorker.id, {
        version: 1,
        pledgeDate: today,
        role: '統括責任者',
      });
      expect(ok.status).toBe(200);
      expect(workerOf(ok)).toMatchObject({
        version: 2,
        pledgeDate: today,
        pledgeMissing: false,
        role: '統括責任者',
      });
      const stale = await patchWorker(contractId, ownWorker.id, { version: 1, role: '上書き' });
      expect(stale.status).toBe(409);
      expect(errorOf(stale).code).toBe('WORKER.STALE_VERSION');
      const row = await ctx.dataSource.manager.findOneByOrFail(ContractWorker, { id: ownWorker.id });
      expect(row).toMatchObject({ role: '統括責任者', pledgeDate: today, version: 2 });
      ownWorker = workerOf(ok);
    });

    it('should clear a date with null, refuse name: null, and refuse moving a worker to an unapproved employer', async () => {
      const cleared = await patchWorker(contractId, ownWorker.id, { version: 2, trainingDate: null });
      expect(cleared.status).toBe(200);
      expect(workerOf(cleared)).toMatchObject({ trainingDate: null, trainingMissing: true, version: 3 });
      const nulled = await patchWorker(contractId, ownWorker.id, { version: 3, name: null });
      expect(nulled.status).toBe(400);
      expect(errorOf(nulled).details?.fields?.[0]?.field).toBe('name');
      const moved = await patchWorker(contractId, subWorker.id, {
        version: 1,
        employerContractorId: pending.id,
      });
      expect(moved.status).toBe(422);
      expect(errorOf(moved).code).toBe('WORKER.EMPLOYER_NOT_APPROVED');
      const row = await ctx.dataSource.manager.findOneByOrFail(ContractWorker, { id: subWorker.id });
      expect(row).toMatchObject({ employerContractorId: sub2.id, version: 1 });
    });

    it('should remove a worker with 204 so that it is gone', async () => {
      const extra = await addWorker(contractId, {
        name: '短期 応援',
        employerContractorId: sub1.id,
        role: '応援要員',
        workLocation: '一次再委託先',
      });
      expect(extra.status).toBe(201);
      const res = await deleteWorker(contractId, workerOf(extra).id);
      expect(res.status).toBe(204);
      expect(await ctx.dataSource.manager.findOneBy(ContractWorker, { id: workerOf(extra).id })).toBeNull();
      const again = await deleteWorker(contractId, workerOf(extra).id);
      expect(again.status).toBe(404);
      expect(errorOf(again).code).toBe('WORKER.NOT_FOUND');
    });

    it('should answer 404 WORKER.NOT_FOUND for a worker of another contract', async () => {
      const cross = await deleteWorker(otherContractId, ownWorker.id, officer.token);
      expect(cross.status).toBe(404);
      expect(errorOf(cross).code).toBe('WORKER.NOT_FOUND');
      expect(await ctx.dataSource.manager.findOneBy(ContractWorker, { id: ownWorker.id })).not.toBeNull();
    });

    it('should answer 409 CONTRACT.INVALID_STATE to roster changes of an ended contract, which stays readable', async () => {
      const res = await addWorker(endedId, {
        name: '終了後 追加',
        employerContractorId: prime.id,
        role: '作業員',
        workLocation: '本社',
      });
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('CONTRACT.INVALID_STATE');
      expect(await rosterOf(endedId)).toEqual([]);
      const list = await listWorkers(endedId, primeUser.token);
      expect(list.status).toBe(200);
      expect(pageOf<WorkerBody>(list).items).toEqual([]);
    });

    it('should answer 403 to an auditor writing the roster', async () => {
      const res = await addWorker(
        contractId,
        { name: '監査 追加', employerContractorId: prime.id, role: '作業員', workLocation: '本社' },
        auditor.token,
      );
      expect(res.status).toBe(403);
      const patch = await patchWorker(contractId, ownWorker.id, { version: 3, role: 'x' }, auditor.token);
      expect(patch.status).toBe(403);
      const del = await deleteWorker(contractId, ownWorker.id, auditor.token);
      expect(del.status).toBe(403);
    });

    it("should answer 404 to another contractor's user for the roster, reading and writing, changing nothing", async () => {
      const list = await listWorkers(contractId, otherUser.token);
      expect(list.status).toBe(404);
      expect(errorOf(list).code).toBe('CONTRACT.NOT_FOUND');
      expect(list.text).not.toContain('髙橋');
      const add = await addWorker(
        contractId,
        { name: '他社 潜入', employerContractorId: otherPrime.id, role: '作業員', workLocation: '他社' },
        otherUser.token,
      );
      expect(add.status).toBe(404);
      const patch = await patchWorker(
        contractId,
        ownWorker.id,
        { version: 3, name: '改ざん' },
        otherUser.token,
      );
      expect(patch.status).toBe(404);
      expect(errorOf(patch).code).toBe('CONTRACT.NOT_FOUND');
      const del = await deleteWorker(contractId, subWorker.id, otherUser.token);
      expect(del.status).toBe(404);
      expect((await rosterOf(contractId)).map((w) => [w.name, w.version])).toEqual([
        ['髙橋 一郎', 3],
        ['山﨑 花子', 1],
      ]);
    });

    it("should record each roster change under the contract with the worker's name and the actor", async () => {
      const trail = (await auditTrail(contractId)).filter((e) => e.action.startsWith('worker.'));
      expect(trail.map((e) => [e.action, e.actorId, e.summary.name])).toEqual([
        ['worker.add', primeUser.id, '髙橋 一郎'],
        ['worker.add', officer.id, '山﨑 花子'],
        ['worker.update', primeUser.id, '髙橋 一郎'],
        ['worker.update', primeUser.id, '髙橋 一郎'],
        ['worker.add', primeUser.id, '短期 応援'],
        ['worker.remove', primeUser.id, '短期 応援'],
      ]);
      expect(trail[1].summary).toMatchObject({ employerContractorId: sub2.id, employerName: sub2.name });
      expect(trail[2].summary).toMatchObject({
        workerId: ownWorker.id,
        role: '統括責任者',
        pledgeDate: today,
      });
      expect(trail[5].summary).toMatchObject({ employerName: sub1.name, role: '応援要員' });
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
});
