import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/config/data-source';
import { parseDatabaseUrl } from '../../src/config/env';
import { MIGRATIONS } from '../../src/database/migrations';
import { ContractRoster } from '../../src/modules/contracts/contract-roster.entity';
import { ContractWorker } from '../../src/modules/contracts/contract-worker.entity';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import type { RosterResponse } from '../../src/modules/contracts/dto/roster.dto';
import type { WorkerResponse } from '../../src/modules/contracts/dto/worker.dto';
import { nextRosterStatus, ROSTER_STATUSES } from '../../src/modules/contracts/roster.state';
import { pdfText, squash } from '../../src/modules/documents/testing/pdf-tools';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import type { AuditEventBody, ErrorBody, PageBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { createTestDatabase, type TestDatabase } from '../utils/test-db';

/**
 * The roster as the body sees it (issue 12, item 6), over HTTP: the places a contract names and the rule that a
 * roster entry is at one of them, employment types, the body's acknowledgement (受理) and its lifecycle, another
 * company's roster, and the printable 従事者名簿.
 */

const tag = (): string => randomBytes(4).toString('hex');
const errorOf = (res: Response): ErrorBody & { details?: Record<string, unknown> } =>
  res.body as ErrorBody & { details?: Record<string, unknown> };

/** 和暦 computed here with Intl, apart from the app's own formatter. */
function wareki(isoDate: string): string {
  return new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

function tokyoToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/**
 * The acknowledgement lifecycle as the issue states it, written out apart from src/modules/contracts/roster.state.ts:
 * (from, event) → to, null where the event is refused.
 */
const EXPECTED_TRANSITIONS: [string, 'change' | 'acknowledge', string | null][] = [
  ['UNACKNOWLEDGED', 'change', 'UNACKNOWLEDGED'],
  ['UNACKNOWLEDGED', 'acknowledge', 'ACKNOWLEDGED'],
  ['ACKNOWLEDGED', 'change', 'CHANGED'],
  ['ACKNOWLEDGED', 'acknowledge', null],
  ['CHANGED', 'change', 'CHANGED'],
  ['CHANGED', 'acknowledge', 'ACKNOWLEDGED'],
];

const HONCHO = '置賜広域行政事務組合本庁舎3階電算室';
const YONEZAWA = '乙の米沢開発センター（山形県米沢市）';

describe('the worker roster as the body sees it (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let officer: { id: string; token: string };
  let auditor: { id: string; token: string };
  let prime: { id: string; name: string };
  let sub1: { id: string; name: string };
  let freelancer: { id: string; name: string };
  let otherPrime: { id: string; name: string };
  let primeUser: { id: string; token: string };
  let otherUser: { id: string; token: string };
  let contract: ContractResponse;

  const api = (method: 'get' | 'post' | 'patch' | 'delete', url: string, token: string) =>
    ctx
      .http()
      [method](url)
      .set(...bearer(token));
  const addWorker = (body: Record<string, unknown>, token = primeUser.token, id = contract.id) =>
    api('post', `/api/contracts/${id}/workers`, token).send(body);
  const patchWorker = (workerId: string, body: Record<string, unknown>, token = primeUser.token) =>
    api('patch', `/api/contracts/${contract.id}/workers/${workerId}`, token).send(body);
  const roster = async (token = officer.token, id = contract.id): Promise<RosterResponse> => {
    const res = await api('get', `/api/contracts/${id}/roster`, token);
    expect(res.status).toBe(200);
    return res.body as RosterResponse;
  };
  const acknowledge = (version: number, token = officer.token, id = contract.id) =>
    api('post', `/api/contracts/${id}/roster/acknowledgement`, token).send({ version });
  const workers = async (id = contract.id): Promise<WorkerResponse[]> => {
    const res = await api('get', `/api/contracts/${id}/workers?limit=100`, officer.token);
    expect(res.status).toBe(200);
    return (res.body as PageBody<WorkerResponse>).items;
  };
  const rosterRow = (id = contract.id) =>
    ctx.dataSource.manager.findOneBy(ContractRoster, { contractId: id });

  async function auditTrail(entityId: string): Promise<AuditEventBody[]> {
    const res = await api('get', `/api/audit-events?entityId=${entityId}&limit=100`, adminToken);
    expect(res.status).toBe(200);
    return (res.body as PageBody<AuditEventBody>).items.reverse();
  }

  /**
   * An APPROVED tier written as a fixture row: the roster only reads which companies hold approved tiers and at which
   * depth (the 再委託 request and its paperwork are tested in their own files).
   */
  async function approvedTier(contractId: string, contractorId: string, parentSubcontractId?: string) {
    const id = randomUUID();
    const at = '2026-04-01 00:00:00.000';
    await ctx.dataSource.query(
      `INSERT INTO subcontract (id, contract_id, contractor_id, parent_subcontract_id, scope, status, requested_by,
         decided_by, decided_at, decision_note, version, created_at)
       VALUES (?, ?, ?, ?, '帳票設計及び印刷', 'APPROVED', ?, ?, ?, NULL, 2, ?)`,
      [id, contractId, contractorId, parentSubcontractId ?? null, primeUser.id, officer.id, at, at],
    );
    return id;
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
    auditor = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
    // Names short enough for one line of the PDF's table, so its text can be read back cell by cell.
    prime = await createContractor(ctx, officer.token, { name: '株式会社置賜データ' });
    sub1 = await createContractor(ctx, officer.token, { name: '米沢印刷株式会社' });
    // A sole proprietor: registered without a 法人番号.
    freelancer = await createContractor(ctx, officer.token, {
      name: '山﨑設計事務所',
      corporateNumber: undefined,
      representativeName: '山﨑 次郎',
    });
    otherPrime = await createContractor(ctx, officer.token, { name: '他社株式会社' });
    primeUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', prime.id);
    otherUser = await createUserAndLogin(ctx, adminToken, 'CONTRACTOR', otherPrime.id);
    contract = (await createApprovedContract(ctx, officer.token, prime.id, {
      workLocations: [HONCHO, YONEZAWA],
    })) as unknown as ContractResponse;
    const tier1 = await approvedTier(contract.id, sub1.id);
    await approvedTier(contract.id, freelancer.id, tier1);
  });
  afterAll(async () => ctx?.close());

  describe('the places a contract names', () => {
    it('should keep the list, answer the joined text, and print it in the 作業場所 clause', async () => {
      expect(contract.workLocations).toEqual([HONCHO, YONEZAWA]);
      expect(contract.workLocation).toBe(`${HONCHO}及び${YONEZAWA}`);
      const clause = contract.clauses?.find((c) => c.code === 'WORK_LOCATION');
      expect(clause?.paragraphs[0]).toBe(
        `乙は、本業務を${HONCHO}及び${YONEZAWA}（以下「作業場所」という。）において行わなければならない。`,
      );
      const pdf = await api('get', `/api/contracts/${contract.id}/clauses.pdf`, officer.token).buffer(true);
      expect(pdf.status).toBe(200);
      expect(squash(pdfText(pdf.body as Buffer, 'plain').join(''))).toContain(
        squash(`本業務を${HONCHO}及び${YONEZAWA}（以下「作業場所」という。）`),
      );
    });

    it('should take the older single workLocation as a one-place list, and refuse both at once or a place twice', async () => {
      const base = {
        contractNumber: `WL-${tag()}`,
        title: '窓口業務支援システム保守業務委託',
        contractorId: prime.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      };
      const single = await api('post', '/api/contracts', officer.token).send({
        ...base,
        workLocation: HONCHO,
      });
      expect(single.status).toBe(201);
      expect(single.body).toMatchObject({ workLocations: [HONCHO], workLocation: HONCHO });
      const three = await api(
        'patch',
        `/api/contracts/${(single.body as ContractResponse).id}`,
        officer.token,
      ).send({
        version: 1,
        workLocations: ['甲の本庁舎', '乙の本社', '乙の米沢開発センター'],
      });
      expect(three.status).toBe(200);
      expect((three.body as ContractResponse).workLocation).toBe(
        '甲の本庁舎、乙の本社及び乙の米沢開発センター',
      );

      const both = await api('post', '/api/contracts', officer.token).send({
        ...base,
        contractNumber: `WL-${tag()}`,
        workLocation: HONCHO,
        workLocations: [HONCHO],
      });
      expect(both.status).toBe(400);
      expect(errorOf(both).code).toBe('CONTRACT.WORK_LOCATION_AMBIGUOUS');
      const twice = await api('post', '/api/contracts', officer.token).send({
        ...base,
        contractNumber: `WL-${tag()}`,
        workLocations: [HONCHO, ` ${HONCHO}`],
      });
      expect(twice.status).toBe(400);
      expect(errorOf(twice).code).toBe('CONTRACT.WORK_LOCATION_DUPLICATE');
    });

    it('should refuse a draft leaving out a place where a roster entry is (422), and take it once the entry moves', async () => {
      const created = await api('post', '/api/contracts', officer.token).send({
        contractNumber: `WL-${tag()}`,
        title: '窓口業務支援システム保守業務委託',
        contractorId: prime.id,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
        workLocations: [HONCHO, YONEZAWA],
      });
      const draft = created.body as ContractResponse;
      const added = await addWorker(
        { name: '置賜 太郎', employerContractorId: prime.id, role: '運用担当', workLocation: YONEZAWA },
        primeUser.token,
        draft.id,
      );
      expect(added.status).toBe(201);
      const refused = await api('patch', `/api/contracts/${draft.id}`, officer.token).send({
        version: 1,
        workLocations: [HONCHO],
      });
      expect(refused.status).toBe(422);
      expect(errorOf(refused).code).toBe('CONTRACT.WORK_LOCATION_IN_USE');
      expect(errorOf(refused).details).toEqual({ workers: [{ name: '置賜 太郎', workLocation: YONEZAWA }] });
      const moved = await api(
        'patch',
        `/api/contracts/${draft.id}/workers/${(added.body as WorkerResponse).id}`,
        primeUser.token,
      ).send({ version: 1, workLocation: HONCHO });
      expect(moved.status).toBe(200);
      const taken = await api('patch', `/api/contracts/${draft.id}`, officer.token).send({
        version: 1,
        workLocations: [HONCHO],
      });
      expect(taken.status).toBe(200);
      expect((taken.body as ContractResponse).workLocations).toEqual([HONCHO]);
    });
  });

  describe('roster entries', () => {
    let employee: WorkerResponse;
    let dispatched: WorkerResponse;
    let individual: WorkerResponse;

    it('should answer 400 WORKER.LOCATION_NOT_ALLOWED naming the allowed places for a place the contract does not name', async () => {
      const before = await ctx.dataSource.manager.countBy(ContractWorker, { contractId: contract.id });
      const res = await addWorker({
        name: '置賜 花子',
        employerContractorId: prime.id,
        role: '業務責任者',
        workLocation: '従事者の自宅',
      });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('WORKER.LOCATION_NOT_ALLOWED');
      expect(errorOf(res).details).toMatchObject({ allowed: [HONCHO, YONEZAWA] });
      expect(errorOf(res).message).toContain(`「${HONCHO}」、「${YONEZAWA}」`);
      expect(await ctx.dataSource.manager.countBy(ContractWorker, { contractId: contract.id })).toBe(before);
    });

    it('should store each employment type and read it back with the employer and its tier', async () => {
      const a = await addWorker({
        name: '置賜 花子',
        employerContractorId: prime.id,
        employmentType: 'EMPLOYEE',
        role: '業務責任者',
        workLocation: HONCHO,
        trainingDate: '2026-04-10',
        pledgeDate: '2026-04-01',
      });
      expect(a.status).toBe(201);
      employee = a.body as WorkerResponse;
      const b = await addWorker({
        name: '髙橋 一郎',
        employerContractorId: prime.id,
        employmentType: 'DISPATCHED',
        dispatchAgencyName: '株式会社米沢人材サービス',
        role: '運用担当',
        workLocation: ` ${YONEZAWA}`, // as printed: trimmed, stored as the contract names it
      });
      expect(b.status).toBe(201);
      dispatched = b.body as WorkerResponse;
      const c = await addWorker({
        name: '山﨑 次郎',
        employerContractorId: freelancer.id,
        employmentType: 'FREELANCE',
        role: '帳票設計',
        workLocation: YONEZAWA,
        pledgeDate: '2026-05-01',
      });
      expect(c.status).toBe(201);
      individual = c.body as WorkerResponse;

      const listed = await workers();
      expect(
        listed.map((w) => [
          w.name,
          w.employmentType,
          w.dispatchAgencyName,
          w.employerName,
          w.employerIsPrime,
          w.employerTier,
          w.workLocation,
        ]),
      ).toEqual([
        ['置賜 花子', 'EMPLOYEE', null, prime.name, true, 0, HONCHO],
        ['髙橋 一郎', 'DISPATCHED', '株式会社米沢人材サービス', prime.name, true, 0, YONEZAWA],
        ['山﨑 次郎', 'FREELANCE', null, freelancer.name, false, 2, YONEZAWA],
      ]);
      const rows = await ctx.dataSource.manager.find(ContractWorker, {
        where: { contractId: contract.id },
        order: { createdAt: 'ASC' },
      });
      expect(rows.map((r) => [r.name, r.employmentType, r.dispatchAgencyName, r.workLocation])).toEqual([
        ['置賜 花子', 'EMPLOYEE', null, HONCHO],
        ['髙橋 一郎', 'DISPATCHED', '株式会社米沢人材サービス', YONEZAWA],
        ['山﨑 次郎', 'FREELANCE', null, YONEZAWA],
      ]);
      const [added] = (await auditTrail(contract.id)).filter(
        (e) => e.action === 'worker.add' && (e.summary as { workerId?: string }).workerId === dispatched.id,
      );
      expect(added.summary).toMatchObject({
        employmentType: 'DISPATCHED',
        dispatchAgencyName: '株式会社米沢人材サービス',
        employerTier: 0,
      });
    });

    it('should refuse combinations the clauses do not allow', async () => {
      const base = { name: '置賜 次郎', role: '運用担当', workLocation: HONCHO };
      const noAgency = await addWorker({
        ...base,
        employerContractorId: prime.id,
        employmentType: 'DISPATCHED',
      });
      expect(noAgency.status).toBe(400);
      const agencyForEmployee = await addWorker({
        ...base,
        employerContractorId: prime.id,
        employmentType: 'EMPLOYEE',
        dispatchAgencyName: '株式会社米沢人材サービス',
      });
      expect(agencyForEmployee.status).toBe(400);
      expect(errorOf(agencyForEmployee).code).toBe('WORKER.DISPATCH_AGENCY_NOT_ALLOWED');
      // A company with a 法人番号 is not a 個人事業主 working in person.
      const freelanceAtCompany = await addWorker({
        ...base,
        employerContractorId: sub1.id,
        employmentType: 'FREELANCE',
      });
      expect(freelanceAtCompany.status).toBe(422);
      expect(errorOf(freelanceAtCompany).code).toBe('WORKER.FREELANCE_EMPLOYER_NOT_INDIVIDUAL');
      const unknownType = await addWorker({
        ...base,
        employerContractorId: prime.id,
        employmentType: 'INTERN',
      });
      expect(unknownType.status).toBe(400);
      const stranger = await addWorker({ ...base, employerContractorId: otherPrime.id });
      expect(stranger.status).toBe(422);
      expect(errorOf(stranger).code).toBe('WORKER.EMPLOYER_NOT_APPROVED');
      const elsewhere = await patchWorker(employee.id, { version: 1, workLocation: '従事者の自宅' });
      expect(elsewhere.status).toBe(400);
      expect(errorOf(elsewhere).code).toBe('WORKER.LOCATION_NOT_ALLOWED');
      expect(await workers()).toHaveLength(3);
    });

    it('should clear the agency when a dispatched worker becomes an employee', async () => {
      const res = await patchWorker(dispatched.id, { version: 1, employmentType: 'EMPLOYEE' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ employmentType: 'EMPLOYEE', dispatchAgencyName: null, version: 2 });
      const back = await patchWorker(dispatched.id, {
        version: 2,
        employmentType: 'DISPATCHED',
        dispatchAgencyName: '株式会社米沢人材サービス',
      });
      expect(back.status).toBe(200);
      dispatched = back.body as WorkerResponse;
      expect(dispatched).toMatchObject({ employmentType: 'DISPATCHED', version: 3 });
      expect(individual.employerTier).toBe(2);
    });

    it('should answer 404 to another company’s contractor, for the roster, its state, its PDF and its entries', async () => {
      for (const url of [
        `/api/contracts/${contract.id}/roster`,
        `/api/contracts/${contract.id}/workers.pdf`,
        `/api/contracts/${contract.id}/workers`,
      ]) {
        const res = await api('get', url, otherUser.token);
        expect([url, res.status, errorOf(res).code]).toEqual([url, 404, 'CONTRACT.NOT_FOUND']);
      }
      const add = await addWorker(
        { name: '他社 潜入', employerContractorId: otherPrime.id, role: '作業員', workLocation: HONCHO },
        otherUser.token,
      );
      expect(add.status).toBe(404);
      const edit = await patchWorker(employee.id, { version: 1, name: '改ざん' }, otherUser.token);
      expect(edit.status).toBe(404);
      const row = await ctx.dataSource.manager.findOneByOrFail(ContractWorker, { id: employee.id });
      expect(row.name).toBe('置賜 花子');
    });
  });

  describe('acknowledgement (受理)', () => {
    it('should follow the expected transition table in code', () => {
      const table = ROSTER_STATUSES.flatMap((from) =>
        (['change', 'acknowledge'] as const).map((event) => [from, event, nextRosterStatus(from, event)]),
      );
      expect(table).toEqual(EXPECTED_TRANSITIONS);
    });

    it('should walk acknowledge → change → unacknowledged → re-acknowledge over HTTP, with who, when and what', async () => {
      const fresh = await roster();
      // Three entries and two edits so far: the state stayed UNACKNOWLEDGED through every change.
      expect(fresh).toMatchObject({
        status: 'UNACKNOWLEDGED',
        statusLabel: '未受理',
        version: 5,
        workerCount: 3,
        acknowledgedVersion: null,
        acknowledgedAt: null,
        changes: { added: 3, changed: 0, removed: 0 },
        canAcknowledge: true,
      });
      expect((await roster(primeUser.token)).canAcknowledge).toBe(false);

      for (const token of [primeUser.token, auditor.token]) {
        const res = await acknowledge(fresh.version, token);
        expect(res.status).toBe(403);
      }
      const stale = await acknowledge(fresh.version - 1);
      expect(stale.status).toBe(409);
      expect(errorOf(stale).code).toBe('ROSTER.STALE_VERSION');

      const before = Date.now();
      const ack = await acknowledge(fresh.version);
      expect(ack.status).toBe(200);
      const acknowledged = ack.body as RosterResponse;
      expect(acknowledged).toMatchObject({
        status: 'ACKNOWLEDGED',
        statusLabel: '受理済み',
        version: 5,
        acknowledgedVersion: 5,
        acknowledgedBy: officer.id,
        acknowledgedSha256: fresh.contentSha256,
        changes: { added: 0, changed: 0, removed: 0 },
        canAcknowledge: false,
      });
      expect(Date.parse(acknowledged.acknowledgedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      expect(await roster(auditor.token)).toEqual({ ...acknowledged, canAcknowledge: false });
      expect((await workers()).every((w) => w.acknowledged)).toBe(true);
      const row = await rosterRow();
      expect(row).toMatchObject({
        status: 'ACKNOWLEDGED',
        revision: 5,
        acknowledgedRevision: 5,
        acknowledgedBy: officer.id,
        acknowledgedSha256: fresh.contentSha256,
      });
      expect(Object.keys(row?.acknowledgedWorkers ?? {})).toHaveLength(3);
      const audit = (await auditTrail(contract.id)).filter((e) => e.action === 'roster.acknowledge');
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: officer.id, actorRole: 'OFFICER' });
      expect(audit[0].summary).toMatchObject({
        from: 'UNACKNOWLEDGED',
        to: 'ACKNOWLEDGED',
        version: 5,
        contentSha256: fresh.contentSha256,
      });

      const again = await acknowledge(5);
      expect(again.status).toBe(409);
      expect(errorOf(again).code).toBe('ROSTER.INVALID_TRANSITION');

      // The contractor changes one entry: 変更あり・未受理, and that entry is no longer covered.
      const [first] = await workers();
      const edited = await patchWorker(first.id, {
        version: first.version,
        role: '業務責任者（兼）運用担当',
      });
      expect(edited.status).toBe(200);
      expect((edited.body as WorkerResponse).acknowledged).toBe(false);
      expect(await roster()).toMatchObject({
        status: 'CHANGED',
        statusLabel: '変更あり・未受理',
        version: 6,
        acknowledgedVersion: 5,
        changes: { added: 0, changed: 1, removed: 0 },
        canAcknowledge: true,
      });
      expect((await workers()).map((w) => w.acknowledged)).toEqual([false, true, true]);

      // An addition and a removal keep it CHANGED.
      const added = await addWorker({
        name: '米沢 三郎',
        employerContractorId: sub1.id,
        role: '印刷担当',
        workLocation: YONEZAWA,
      });
      expect(added.status).toBe(201);
      const removed = await api(
        'delete',
        `/api/contracts/${contract.id}/workers/${first.id}`,
        primeUser.token,
      );
      expect(removed.status).toBe(204);
      const changed = await roster();
      expect(changed).toMatchObject({
        status: 'CHANGED',
        version: 8,
        changes: { added: 1, changed: 0, removed: 1 },
      });
      expect(changed.contentSha256).not.toBe(fresh.contentSha256);

      // The administrator acknowledges the roster as it now stands.
      const re = await acknowledge(8, adminToken);
      expect(re.status).toBe(200);
      expect(re.body).toMatchObject({
        status: 'ACKNOWLEDGED',
        acknowledgedVersion: 8,
        acknowledgedSha256: changed.contentSha256,
        changes: { added: 0, changed: 0, removed: 0 },
      });
      const trail = (await auditTrail(contract.id)).filter((e) => e.action === 'roster.acknowledge');
      expect(trail.map((e) => [e.actorRole, (e.summary as { from: string }).from])).toEqual([
        ['OFFICER', 'UNACKNOWLEDGED'],
        ['ADMIN', 'CHANGED'],
      ]);
      const changes = (await auditTrail(contract.id))
        .filter((e) => e.action.startsWith('worker.'))
        .slice(-3)
        .map((e) => [e.action, (e.summary as { rosterStatus: string }).rosterStatus]);
      expect(changes).toEqual([
        ['worker.update', 'CHANGED'],
        ['worker.add', 'CHANGED'],
        ['worker.remove', 'CHANGED'],
      ]);
    });

    it('should refuse to acknowledge an empty roster (422) and any roster of an ended contract (409)', async () => {
      const empty = await createApprovedContract(ctx, officer.token, prime.id, { workLocations: [HONCHO] });
      const res = await acknowledge(0, officer.token, empty.id);
      expect(res.status).toBe(422);
      expect(errorOf(res).code).toBe('ROSTER.EMPTY');
      expect(await rosterRow(empty.id)).toBeNull();

      const added = await addWorker(
        { name: '置賜 花子', employerContractorId: prime.id, role: '業務責任者', workLocation: HONCHO },
        primeUser.token,
        empty.id,
      );
      expect(added.status).toBe(201);
      const read = await api('get', `/api/contracts/${empty.id}`, officer.token);
      const ended = await api('post', `/api/contracts/${empty.id}/end`, officer.token).send({
        version: (read.body as ContractResponse).version,
        reason: '委託期間の満了による。',
      });
      expect(ended.status).toBe(200);
      const late = await acknowledge(1, officer.token, empty.id);
      expect(late.status).toBe(409);
      expect(errorOf(late).code).toBe('CONTRACT.INVALID_STATE');
      expect((await roster(officer.token, empty.id)).canAcknowledge).toBe(false);
    });
  });

  describe('the 従事者名簿 PDF', () => {
    it('should print the roster with the contract, the places, each entry and the acknowledgement', async () => {
      const res = await api('get', `/api/contracts/${contract.id}/workers.pdf`, primeUser.token).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pages = pdfText(res.body as Buffer, 'plain');
      const text = squash(pages.join(''));
      const state = await roster();
      const ackDate = wareki(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
          new Date(state.acknowledgedAt ?? ''),
        ),
      );
      for (const expected of [
        '従事者名簿',
        `${wareki(tokyoToday())}現在`,
        `契約番号${contract.contractNumber}`,
        '件名窓口業務支援システム保守業務委託',
        '契約期間令和8年4月1日から令和9年3月31日まで',
        `受託者（乙）${prime.name}`,
        `作業場所${HONCHO}及び${YONEZAWA}`,
        `受理の状況受理済み（${ackDate}、`,
        `が第${state.version}版を受理）`,
        '従事者数3名',
        // The table's heading (two-line cells read line by line) and its rows, cell lines as printed.
        '番号氏名所属する事業者雇用形態役割作業場所研修誓約書受理受講日提出日',
        '1髙橋一郎株式会社置賜データ派遣労働運用担当',
        '（受託者）',
        '派遣元：株式会社米沢',
        '2山﨑次郎山﨑設計事務所個人事業帳票設計',
        '（再委託先・第2次）',
        '5月1日',
        '3米沢三郎米沢印刷株式会社従業員・印刷担当',
        '（再委託先・第1次）',
        '未受講',
        `${contract.contractNumber}第${state.version}版照合番号${state.contentSha256.slice(0, 16)}`,
        '以上',
      ]) {
        expect(text).toContain(squash(expected));
      }
      expect(text).not.toContain('置賜花子'); // removed from the roster
      expect(text.match(/受理済み/g)?.length).toBe(1 + 3); // the state line and the three rows
    });

    it('should mark entries changed since the acknowledgement and say the roster changed', async () => {
      const [first] = await workers();
      const res = await patchWorker(first.id, { version: first.version, trainingDate: '2026-06-01' });
      expect(res.status).toBe(200);
      const pdf = await api('get', `/api/contracts/${contract.id}/workers.pdf`, auditor.token).buffer(true);
      expect(pdf.status).toBe(200);
      const text = squash(pdfText(pdf.body as Buffer, 'plain').join(''));
      expect(text).toContain('受理の状況変更あり・未受理（');
      expect(text).toContain(
        '1髙橋一郎株式会社置賜データ派遣労働運用担当乙の米沢開発セン令和8年未提出未受理',
      );
      expect(text).toContain('6月1日');
      expect(text.match(/未受理/g)?.length).toBe(2 + 1); // the state line, the note, the one row
    });
  });
});

/**
 * Existing data through the migration: a contract's single work location becomes a one-place list (none: an empty
 * list), existing roster entries become EMPLOYEE, and no roster has an acknowledgement.
 */
describe('upgrading to the roster as the body sees it', () => {
  let db: TestDatabase;
  let source: DataSource | undefined;
  afterAll(async () => {
    await source?.destroy();
    await db?.drop();
  });

  it('should carry a single work location over as a one-place list and old entries as EMPLOYEE', async () => {
    db = await createTestDatabase();
    const at = MIGRATIONS.findIndex((m) => m.name === 'WorkerRoster1795910000000');
    expect(at).toBeGreaterThan(0);
    const options = buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir));
    const before = new DataSource({ ...options, migrations: MIGRATIONS.slice(0, at) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const ids = { contractor: randomUUID(), one: randomUUID(), none: randomUUID(), worker: randomUUID() };
    const now = '2026-04-01 00:00:00.000';
    await before.query(
      `INSERT INTO contractor (id, name, address, representative_name, security_officer_name, security_officer_email,
         security_officer_phone, status, version, created_at, updated_at)
       VALUES (?, '株式会社置賜データ', '山形県長井市', '置賜 太郎', '米沢 次郎', 'sec@example.jp', '0238-00-0000',
         'ACTIVE', 1, ?, ?)`,
      [ids.contractor, now, now],
    );
    const rows: [string, string | null][] = [
      [ids.one, HONCHO],
      [ids.none, null],
    ];
    for (const [id, place] of rows) {
      await before.query(
        `INSERT INTO contract (id, contract_number, title, contractor_id, department, start_date, end_date,
           confidentiality_class, handles_personal_info, uses_cloud, work_location, assessment_frequency, status,
           version, created_at, updated_at)
         VALUES (?, ?, '保守業務委託', ?, '総務課', '2026-04-01', '2027-03-31', 2, 0, 0, ?, 'QUARTERLY', 'DRAFT', 1,
           ?, ?)`,
        [id, `OLD-${id.slice(0, 8)}`, ids.contractor, place, now, now],
      );
    }
    await before.query(
      `INSERT INTO contract_worker (id, contract_id, name, employer_contractor_id, role, work_location, version,
         created_at, updated_at)
       VALUES (?, ?, '置賜 花子', ?, '業務責任者', ?, 1, ?, ?)`,
      [ids.worker, ids.one, ids.contractor, HONCHO, now, now],
    );
    await before.destroy();

    source = new DataSource({ ...options, migrations: MIGRATIONS });
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    const contracts = await source.query<{ id: string; work_locations: string }[]>(
      'SELECT id, work_locations FROM contract',
    );
    const places = new Map(contracts.map((c) => [c.id, JSON.parse(c.work_locations) as string[]]));
    expect(places.get(ids.one)).toEqual([HONCHO]);
    expect(places.get(ids.none)).toEqual([]);
    const [worker] = await source.query<
      { employment_type: string; dispatch_agency_name: string | null; work_location: string }[]
    >('SELECT employment_type, dispatch_agency_name, work_location FROM contract_worker WHERE id = ?', [
      ids.worker,
    ]);
    expect(worker).toEqual({
      employment_type: 'EMPLOYEE',
      dispatch_agency_name: null,
      work_location: HONCHO,
    });
    expect(await source.query('SELECT contract_id FROM contract_roster')).toEqual([]);
  });
});
