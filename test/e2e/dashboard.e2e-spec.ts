import type { Response } from 'supertest';
import type { Actor } from '../../src/common/auth/actor';
import { addDays, todayInJapan } from '../../src/common/clock';
import { DashboardService } from '../../src/modules/dashboard/dashboard.service';
import type {
  ContractorDashboardRow,
  DashboardResponse,
} from '../../src/modules/dashboard/dto/dashboard.dto';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  reviewedFinding,
  endContractsOf,
} from '../factories';
import type { ContractorBody, ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

interface ItemBody {
  id: string;
  clauseCode: string;
  clauseTitle: string;
  advisory: boolean;
  requiresEvidence: boolean;
}

const CSV_HEADER =
  '委託先名,法人番号,有効な契約,直近の点検点数,未解決の指摘,対応中の改善指示,期限超過の改善指示,期限切れ・期限間近の認証,期限超過の自己点検';

describe('dashboard (委託先の状況)', () => {
  let ctx: TestContext;
  let admin: string;
  let adminId: string;
  let officer: string;
  let auditor: string;
  let contractorUser: string;
  let contractorB: string;
  const today = todayInJapan();
  // A: two active contracts, a draft, findings (one closed), open / overdue / escalated orders.
  let a: ContractorBody;
  // B: a name that is a formula; an unordered finding, a finding in a withdrawn order, certifications.
  let b: ContractorBody;
  // C: a sole proprietor (no 法人番号) with nothing at all.
  let c: ContractorBody;
  // E: archived, with a finding and an expired certification that must count nowhere.
  let e: { id: string };
  let latestOfA: { assessmentId: string; contractId: string; score: number | null };
  let latestOfB: { assessmentId: string; contractId: string; score: number | null };
  let b2Id: string;
  let firstClause: ItemBody;
  let secondClause: ItemBody;

  const get = (token: string, path: string) =>
    ctx
      .http()
      .get(path)
      .set(...bearer(token));
  const post = (token: string, path: string, body: Record<string, unknown>) =>
    ctx
      .http()
      .post(path)
      .set(...bearer(token))
      .send(body);
  const csv = (token: string, query = '') =>
    get(token, `/api/dashboard/contractors.csv${query}`).buffer(true).parse(binary);

  /** Registers a contractor through the API and reads it back (with its 法人番号). */
  async function register(overrides: Record<string, unknown>): Promise<ContractorBody> {
    const { id } = await createContractor(ctx, admin, overrides);
    return (await get(admin, `/api/contractors/${id}`)).body as ContractorBody;
  }

  async function issueOrder(token: string, body: Record<string, unknown>): Promise<OrderResponse> {
    const res = await post(token, '/api/improvement-orders', {
      title: '持出し媒体の暗号化の徹底',
      description: '持出しに用いる外部記録媒体をすべて暗号化し、管理台帳を整備すること。',
      severity: 'HIGH',
      dueDate: addDays(today, 30),
      facts: '立入検査において、当該条項の定めに適合していない事実を確認した。',
      foundOn: '2026-07-01',
      foundHow: '甲の職員による現地確認',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as OrderResponse;
  }

  /** The contract's yearly CHECKLIST starting on `periodStart`. */
  async function assessmentOf(contractId: string, periodStart = '2026-04-01') {
    const list = await get(
      admin,
      `/api/assessments?contractId=${contractId}&kind=CHECKLIST&periodFrom=${periodStart}&periodTo=${periodStart}`,
    );
    const found = (list.body as { items: { id: string }[] }).items;
    expect(found).toHaveLength(1);
    return (await get(admin, `/api/assessments/${found[0].id}`)).body as {
      id: string;
      contractId: string;
      status: string;
      score: number | null;
      grade: string | null;
      version: number;
      items: ItemBody[];
    };
  }

  /**
   * Answers every item of the contract's checklist as the API accepts it, the chosen ones NOT_IMPLEMENTED,
   * submits it and reviews it with those as findings.
   */
  async function reviewWithFindings(
    contractId: string,
    contractorToken: string,
    pick: (items: ItemBody[]) => number[],
    complete: boolean,
  ): Promise<ItemBody[]> {
    await post(admin, '/api/assessments/generate', { asOf: '2026-04-01' }).expect(200);
    const detail = await assessmentOf(contractId);
    const findings = new Set(pick(detail.items));
    const saved = await ctx
      .http()
      .put(`/api/assessments/${detail.id}/items`)
      .set(...bearer(contractorToken))
      .send({
        version: detail.version,
        items: detail.items.map((item, i) =>
          findings.has(i)
            ? { itemId: item.id, answer: 'NOT_IMPLEMENTED', comment: '未対応です。' }
            : acceptableAnswer(item),
        ),
      })
      .expect(200);
    const submitted = await post(contractorToken, `/api/assessments/${detail.id}/submit`, {
      version: (saved.body as { version: number }).version,
    }).expect(200);
    await post(officer, `/api/assessments/${detail.id}/review`, {
      version: (submitted.body as { version: number }).version,
      items: detail.items.map((item, i) =>
        findings.has(i)
          ? { itemId: item.id, verdict: 'FINDING', note: '対策が講じられていません。', severity: 'MEDIUM' }
          : { itemId: item.id, verdict: 'ACCEPTED' },
      ),
      complete,
    }).expect(200);
    return detail.items.filter((_, i) => findings.has(i));
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    adminId = ((await get(admin, '/api/auth/me')).body as { id: string }).id;
    officer = (await createUserAndLogin(ctx, admin, 'OFFICER')).token;
    auditor = (await createUserAndLogin(ctx, admin, 'AUDITOR')).token;

    a = await register({ name: '株式会社置賜データ', nameKana: 'オキタマデータ' });
    b = await register({ name: '=HYPERLINK("x")', nameKana: 'イコール' });
    c = await register({ name: '-1+1', nameKana: 'マイナス', corporateNumber: undefined });
    expect([a.corporateNumber, b.corporateNumber, c.corporateNumber]).toEqual([
      expect.stringMatching(/^\d{13}$/),
      expect.stringMatching(/^\d{13}$/),
      null,
    ]);
    e = await createContractor(ctx, admin, { name: '廃業した株式会社', nameKana: 'ハイギョウ' });
    const userA = await createUserAndLogin(ctx, admin, 'CONTRACTOR', a.id);
    const userB = await createUserAndLogin(ctx, admin, 'CONTRACTOR', b.id);
    const userE = await createUserAndLogin(ctx, admin, 'CONTRACTOR', e.id);
    contractorUser = userA.token;
    contractorB = userB.token;

    // Contracts. A2 runs from an earlier date, so it has a checklist for fiscal 2025 as well, which starts
    // before A1's (fiscal 2026); that is the one of A2 reviewed below.
    const a1 = await createApprovedContract(ctx, officer, a.id);
    const a2 = await createApprovedContract(ctx, officer, a.id, {
      startDate: '2025-05-01',
      endDate: '2027-03-31',
      assessmentFrequency: 'ANNUAL',
      handlesPersonalInfo: true,
      usesCloud: true,
    });
    await post(officer, '/api/contracts', {
      contractNumber: `DRAFT-${Date.now()}`,
      title: '起案中の契約',
      contractorId: a.id,
      department: '総務課',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 1,
      handlesPersonalInfo: false,
      usesCloud: false,
    }).expect(201);
    const b1 = await createApprovedContract(ctx, officer, b.id);
    const b2 = await createApprovedContract(ctx, officer, b.id);
    b2Id = b2.id;
    const e1 = await createApprovedContract(ctx, officer, e.id);

    // Findings. Generation ran on 31 March too, so A2's fiscal-2025 checklist is due a day before its
    // fiscal-2026 one, comes first in the contractor's list, and is the one reviewedFinding answers.
    await post(admin, '/api/assessments/generate', { asOf: '2026-03-31' }).expect(200);
    const tokensA = { admin, officer, contractor: userA.token };
    const findingA1 = await reviewedFinding(ctx, tokensA, a1.id);
    const findingA2 = await reviewedFinding(ctx, tokensA, a2.id);
    await reviewedFinding(ctx, { admin, officer, contractor: userE.token }, e1.id);
    // The first required item (as reviewedFinding picks) and the first required one of another clause.
    const [b1First, b1Other] = await reviewWithFindings(
      b1.id,
      userB.token,
      (items) => {
        const first = items.findIndex((item) => !item.advisory);
        return [
          first,
          items.findIndex((item) => !item.advisory && item.clauseCode !== items[first].clauseCode),
        ];
      },
      true,
    );
    firstClause = b1First;
    secondClause = b1Other;
    expect(secondClause.clauseCode).not.toBe(firstClause.clauseCode);
    expect(findingA1.item.clauseCode).toBe(firstClause.clauseCode);
    // A review saved but not completed: its FINDING verdict must not count yet.
    await reviewWithFindings(
      b2.id,
      userB.token,
      (items) => [items.findIndex((item) => !item.advisory)],
      false,
    );
    expect((await assessmentOf(b2.id)).status).toBe('SUBMITTED');

    const assessmentA1 = await assessmentOf(a1.id);
    latestOfA = { assessmentId: assessmentA1.id, contractId: a1.id, score: assessmentA1.score };
    const assessmentB1 = await assessmentOf(b1.id);
    latestOfB = { assessmentId: assessmentB1.id, contractId: b1.id, score: assessmentB1.score };
    expect(assessmentA1.status).toBe('REVIEWED');
    // A HIGH finding caps the score at 59, grade D.
    expect(assessmentA1.score).toBeLessThanOrEqual(59);
    expect(assessmentA1.grade).toBe('D');
    // A2's fiscal-2025 checklist was reviewed (after A1's), its fiscal-2026 one was not.
    expect((await assessmentOf(a2.id, '2025-05-01')).status).toBe('REVIEWED');
    expect((await assessmentOf(a2.id)).status).toBe('OPEN');

    // Orders of A: O1 from A1's finding (to become overdue and escalated), O2 from A2's finding walked to
    // CLOSED (which closes that finding), O3 free-standing and on time, O4 free-standing and overdue, O6 due
    // today (not overdue yet).
    const o1 = await issueOrder(admin, { contractId: a1.id, findingItemIds: [findingA1.item.id] });
    const o2 = await issueOrder(admin, { contractId: a2.id, findingItemIds: [findingA2.item.id] });
    await issueOrder(admin, { contractId: a1.id, clauseCode: firstClause.clauseCode });
    const o4 = await issueOrder(admin, { contractId: a1.id, clauseCode: firstClause.clauseCode });
    await issueOrder(admin, { contractId: a1.id, clauseCode: secondClause.clauseCode, dueDate: today });
    await post(userA.token, `/api/improvement-orders/${o2.id}/plan`, {
      version: 1,
      rootCause: '暗号化の手順が定められていなかった。',
      correctiveAction: '全媒体を暗号化し、台帳に記録する。',
      preventiveAction: '持出し手順書を改め、四半期ごとに点検する。',
      plannedCompletionDate: addDays(today, 20),
    }).expect(200);
    await post(admin, `/api/improvement-orders/${o2.id}/plan-decision`, {
      version: 2,
      accepted: true,
    }).expect(200);
    await post(userA.token, `/api/improvement-orders/${o2.id}/completion`, {
      version: 3,
      report: '全媒体の暗号化を完了しました。',
    }).expect(200);
    const closed = await post(admin, `/api/improvement-orders/${o2.id}/verification`, {
      version: 4,
      accepted: true,
      effectivenessNote: '現地で確認した。',
    });
    expect(closed.body).toMatchObject({ status: 'CLOSED' });
    // The API rightly refuses a due date in the past, and time cannot pass in a test: move two due dates back
    // in the database, then let the daily check record them (O1 is beyond the 30-day escalation period).
    await ctx.dataSource.query('UPDATE improvement_order SET due_date = ? WHERE id = ?', [
      addDays(today, -40),
      o1.id,
    ]);
    await ctx.dataSource.query('UPDATE improvement_order SET due_date = ? WHERE id = ?', [
      addDays(today, -5),
      o4.id,
    ]);
    const check = await post(admin, '/api/improvement-orders/check-overdue', { today });
    expect(check.body).toEqual({ overdue: 2, escalated: 1 });

    // B: its first finding goes into an order that is then withdrawn — the finding stays open.
    const o5 = await issueOrder(admin, { contractId: b1.id, findingItemIds: [firstClause.id] });
    await post(admin, `/api/improvement-orders/${o5.id}/withdrawal`, {
      version: 1,
      reason: '発出先の誤り',
    }).expect(200);

    // Certifications: B has one expired yesterday, one ending today and one in exactly 60 days (both still
    // valid, so expiring), one ending in 61 days (fine); A one valid long.
    const certify = (contractorId: string, validUntil: string) =>
      post(officer, `/api/contractors/${contractorId}/certifications`, {
        type: 'ISMS',
        registrationNumber: `IS ${validUntil}`,
        issuer: '一般財団法人日本品質保証機構',
        validFrom: '2024-01-01',
        validUntil,
      }).expect(201);
    await certify(b.id, addDays(today, -1));
    await certify(b.id, today);
    await certify(b.id, addDays(today, 60));
    await certify(b.id, addDays(today, 61));
    await certify(a.id, addDays(today, 400));
    await certify(e.id, addDays(today, -10));
    // Archived once its contracts have ended (archiving is refused while one is active).
    await endContractsOf(ctx, admin, e.id);
    const detailE = (await get(admin, `/api/contractors/${e.id}`)).body as { version: number };
    await post(admin, `/api/contractors/${e.id}/archive`, { version: detailE.version }).expect(200);
  });
  afterAll(async () => ctx.close());

  const rowOf = (body: DashboardResponse, id: string): ContractorDashboardRow | undefined =>
    body.contractors.find((row) => row.id === id);

  it('should count per contractor: contracts, latest score, open findings, orders and certifications', async () => {
    const res = await get(admin, '/api/dashboard');
    expect(res.status).toBe(200);
    const body = res.body as DashboardResponse;
    expect(body.asOf).toBe(today);
    expect(body.contractors.map((row) => row.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(rowOf(body, a.id)).toEqual({
      id: a.id,
      name: '株式会社置賜データ',
      corporateNumber: a.corporateNumber,
      status: 'ACTIVE',
      activeContracts: 2,
      latestAssessment: { ...latestOfA, periodStart: '2026-04-01', periodEnd: '2027-03-31' },
      openFindings: 1,
      openOrders: 4,
      overdueOrders: 2,
      escalatedOrders: 1,
      expiredCertifications: 0,
      expiringCertifications: 0,
      overdueAssessments: 3,
      needsAttention: true,
    });
    expect(rowOf(body, b.id)).toEqual({
      id: b.id,
      name: '=HYPERLINK("x")',
      corporateNumber: b.corporateNumber,
      status: 'ACTIVE',
      activeContracts: 2,
      latestAssessment: { ...latestOfB, periodStart: '2026-04-01', periodEnd: '2027-03-31' },
      openFindings: 2,
      openOrders: 0,
      overdueOrders: 0,
      escalatedOrders: 0,
      expiredCertifications: 1,
      expiringCertifications: 2,
      overdueAssessments: 2,
      needsAttention: true,
    });
    expect(rowOf(body, c.id)).toEqual({
      id: c.id,
      name: '-1+1',
      corporateNumber: null,
      status: 'ACTIVE',
      activeContracts: 0,
      latestAssessment: null,
      openFindings: 0,
      openOrders: 0,
      overdueOrders: 0,
      escalatedOrders: 0,
      expiredCertifications: 0,
      expiringCertifications: 0,
      overdueAssessments: 0,
      needsAttention: false,
    });
    // Most urgent first: A has an escalated order, B none; C has nothing to act on. One page, so no cursor.
    expect(body.contractors.map((row) => row.id)).toEqual([a.id, b.id, c.id]);
    expect(body.nextCursor).toBeNull();
  });

  it('should total across the listed contractors, leaving the archived one out', async () => {
    const body = (await get(admin, '/api/dashboard')).body as DashboardResponse;
    expect(body.totals).toEqual({
      contractors: 3,
      needingAttention: 2,
      activeContracts: 4,
      openFindings: 3,
      openOrders: 4,
      overdueOrders: 2,
      escalatedOrders: 1,
      expiredCertifications: 1,
      expiringCertifications: 2,
      overdueAssessments: 5,
    });
    expect(rowOf(body, e.id)).toBeUndefined();
  });

  it('should rank clauses by open findings, the most failed requirement first', async () => {
    const body = (await get(admin, '/api/dashboard')).body as DashboardResponse;
    // A1's and B1's first findings share a clause; B1's other finding is another clause. A2's finding (order
    // CLOSED), B2's unfinished review and the archived contractor's finding count nowhere.
    expect(body.findingsByClause).toEqual([
      { clauseCode: firstClause.clauseCode, clauseTitle: firstClause.clauseTitle, openFindings: 2 },
      { clauseCode: secondClause.clauseCode, clauseTitle: secondClause.clauseTitle, openFindings: 1 },
    ]);
  });

  it('should page the contractors by urgency with limit and cursor, the totals on every page', async () => {
    const pageOf = async (query: string): Promise<DashboardResponse> => {
      const res = await get(officer, `/api/dashboard?${query}`);
      expect(res.status).toBe(200);
      return res.body as DashboardResponse;
    };
    const first = await pageOf('limit=1');
    expect(first.contractors.map((row) => row.id)).toEqual([a.id]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await pageOf(`limit=1&cursor=${first.nextCursor}`);
    // B: no escalated order, 2 overdue self-assessments, an expired certification, 2 open findings.
    expect(second.contractors.map((row) => [row.id, row.needsAttention])).toEqual([[b.id, true]]);
    const third = await pageOf(`limit=2&cursor=${second.nextCursor}`);
    expect(third.contractors.map((row) => [row.id, row.needsAttention, row.latestAssessment])).toEqual([
      [c.id, false, null],
    ]);
    expect(third.nextCursor).toBeNull();
    // The page's latest assessment is read for the page's contractors as well.
    expect(second.contractors[0].latestAssessment).toMatchObject({ assessmentId: latestOfB.assessmentId });
    for (const page of [first, second, third]) {
      expect(page.totals).toMatchObject({ contractors: 3, needingAttention: 2, openFindings: 3 });
      expect(page.findingsByClause).toHaveLength(2);
    }
  });

  it('should refuse a bad page size or a tampered cursor with 400, and paging on the CSV', async () => {
    for (const limit of ['0', '101', 'abc', '-1']) {
      const res = await get(admin, `/api/dashboard?limit=${limit}`);
      expect([res.status, (res.body as ErrorBody).code]).toEqual([400, 'REQUEST.VALIDATION']);
    }
    const other = Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', a.id])).toString('base64url');
    for (const cursor of ['abc', other, 'x'.repeat(401)]) {
      const res = await get(admin, `/api/dashboard?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(['REQUEST.INVALID_CURSOR', 'REQUEST.VALIDATION']).toContain((res.body as ErrorBody).code);
    }
    const tampered = Buffer.from(JSON.stringify([1, 2, 3, 4, 5, 'ア', 'not-an-id'])).toString('base64url');
    expect((await get(admin, `/api/dashboard?cursor=${tampered}`)).body).toMatchObject({
      statusCode: 400,
      code: 'REQUEST.INVALID_CURSOR',
    });
    expect((await csv(admin, '?limit=10')).status).toBe(400);
  });

  it('should narrow everything to one contractor with ?contractorId=', async () => {
    const res = await get(auditor, `/api/dashboard?contractorId=${a.id}`);
    expect(res.status).toBe(200);
    const body = res.body as DashboardResponse;
    expect(body.contractors.map((row) => row.id)).toEqual([a.id]);
    expect(body.totals).toMatchObject({ contractors: 1, activeContracts: 2, openFindings: 1, openOrders: 4 });
    expect(body.findingsByClause).toEqual([
      { clauseCode: firstClause.clauseCode, clauseTitle: firstClause.clauseTitle, openFindings: 1 },
    ]);
    const empty = (await get(admin, `/api/dashboard?contractorId=${c.id}`)).body as DashboardResponse;
    expect(empty.totals).toMatchObject({ contractors: 1, openFindings: 0 });
    expect(empty.findingsByClause).toEqual([]);
  });

  it('should answer 404 for an unknown or archived contractor and 400 for a malformed id', async () => {
    const unknown = await get(admin, '/api/dashboard?contractorId=00000000-0000-4000-8000-000000000000');
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'CONTRACTOR.NOT_FOUND' });
    expect((await get(admin, `/api/dashboard?contractorId=${e.id}`)).status).toBe(404);
    const malformed = await get(admin, '/api/dashboard?contractorId=abc');
    expect((malformed.body as ErrorBody).code).toBe('REQUEST.VALIDATION');
    expect((await get(admin, '/api/dashboard?other=1')).status).toBe(400);
  });

  it('should refuse a contractor (403) and let an auditor and an officer read', async () => {
    expect((await get(contractorUser, '/api/dashboard')).body).toMatchObject({
      statusCode: 403,
      code: 'AUTH.FORBIDDEN',
    });
    expect((await get(contractorUser, '/api/dashboard/contractors.csv')).status).toBe(403);
    expect((await get(auditor, '/api/dashboard')).status).toBe(200);
    expect((await get(officer, '/api/dashboard')).status).toBe(200);
    expect((await csv(auditor)).status).toBe(200);
  });

  it('should export the table as CSV for Excel: BOM, Japanese header, CRLF, neutralised formulas', async () => {
    const res = await csv(officer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // Streamed: sent in chunks as written, its length unknown beforehand.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-length']).toBeUndefined();
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(`委託先状況_${today}.csv`);

    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    expect(lines).toEqual([
      CSV_HEADER,
      `"'=HYPERLINK(""x"")",${b.corporateNumber ?? ''},2,${latestOfB.score},2,0,0,3,2`,
      `株式会社置賜データ,${a.corporateNumber ?? ''},2,${latestOfA.score},1,4,2,0,3`,
      "'-1+1,,0,,0,0,0,0,0",
      '',
    ]);
  });

  it('should export only the chosen contractor with ?contractorId=', async () => {
    const res = await csv(admin, `?contractorId=${c.id}`);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(3).toString('utf8')).toBe(
      `${CSV_HEADER}\r\n'-1+1,,0,,0,0,0,0,0\r\n`,
    );
  });

  it('should document both routes in OpenAPI, the CSV one as text/csv', async () => {
    const doc = (await ctx.http().get('/api/docs-json')).body as {
      paths: Record<string, { get: { summary: string; responses: Record<string, { content?: object }> } }>;
    };
    expect(doc.paths['/api/dashboard'].get.summary).toMatch(/委託先/);
    expect(doc.paths['/api/dashboard'].get.responses['200'].content).toHaveProperty('application/json');
    const params = (path: string) =>
      ((doc.paths[path].get as unknown as { parameters: { name: string }[] }).parameters ?? []).map(
        (p) => p.name,
      );
    expect(params('/api/dashboard').sort()).toEqual(['contractorId', 'cursor', 'limit']);
    expect(params('/api/dashboard/contractors.csv')).toEqual(['contractorId']);
    expect(doc.paths['/api/dashboard/contractors.csv'].get.responses['200'].content).toHaveProperty(
      'text/csv',
    );
  });

  it('should take the assessment reviewed last when two contracts share the latest period', async () => {
    // B2's review was left unfinished; complete it now (same period start as B1, reviewed later).
    const pending = await assessmentOf(b2Id);
    const first = pending.items.find((item) => !item.advisory);
    await post(officer, `/api/assessments/${pending.id}/review`, {
      version: pending.version,
      items: pending.items.map((item) =>
        item === first
          ? { itemId: item.id, verdict: 'FINDING', note: '対策が講じられていません。', severity: 'MEDIUM' }
          : { itemId: item.id, verdict: 'ACCEPTED' },
      ),
      complete: true,
    }).expect(200);
    const reviewed = await assessmentOf(b2Id);
    expect(reviewed.status).toBe('REVIEWED');
    const row = rowOf((await get(admin, '/api/dashboard')).body as DashboardResponse, b.id);
    expect(row?.latestAssessment).toEqual({
      assessmentId: reviewed.id,
      contractId: b2Id,
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      score: reviewed.score,
    });
    // Its finding now counts too.
    expect(row?.openFindings).toBe(3);
  });

  it('should take the latest reviewed CHECKLIST, never a 定期報告 reviewed later with a later period', async () => {
    const before = rowOf((await get(admin, '/api/dashboard')).body as DashboardResponse, b.id);
    // The second quarter's reports: B2's starts after every checklist of B.
    await post(admin, '/api/assessments/generate', { asOf: '2026-07-01' }).expect(200);
    const list = await get(
      admin,
      `/api/assessments?contractId=${b2Id}&kind=REPORT&periodFrom=2026-07-01&periodTo=2026-07-01`,
    );
    const found = (list.body as { items: { id: string }[] }).items;
    expect(found).toHaveLength(1);
    const report = (await get(admin, `/api/assessments/${found[0].id}`)).body as {
      id: string;
      kind: string;
      version: number;
      items: ItemBody[];
    };
    expect(report.kind).toBe('REPORT');
    const saved = await ctx
      .http()
      .put(`/api/assessments/${report.id}/items`)
      .set(...bearer(contractorB))
      .send({
        version: report.version,
        items: report.items.map((item) => ({ itemId: item.id, answer: 'NO' })),
      })
      .expect(200);
    const submitted = await post(contractorB, `/api/assessments/${report.id}/submit`, {
      version: (saved.body as { version: number }).version,
    }).expect(200);
    const reviewed = await post(officer, `/api/assessments/${report.id}/review`, {
      version: (submitted.body as { version: number }).version,
      items: report.items.map((item) => ({ itemId: item.id, verdict: 'ACCEPTED' })),
      complete: true,
    }).expect(200);
    expect(reviewed.body).toMatchObject({ status: 'REVIEWED', score: null, grade: null });
    const row = rowOf((await get(admin, '/api/dashboard')).body as DashboardResponse, b.id);
    expect(before?.latestAssessment?.periodStart).toBe('2026-04-01');
    expect(row?.latestAssessment).toEqual(before?.latestAssessment);
  });

  it('should run the same fixed number of grouped queries however many contractors there are (no N+1)', async () => {
    const service = ctx.app.get(DashboardService);
    const actor: Actor = {
      userId: adminId,
      role: 'ADMIN',
      contractorId: null,
      sessionId: 'test',
      requestId: 'test',
      ip: '127.0.0.1',
    };
    const selectsDuring = async (): Promise<number> => {
      const spy = jest.spyOn(ctx.dataSource.logger, 'logQuery');
      try {
        await service.overview(actor, {});
        return spy.mock.calls.filter(([sql]) => /^\s*SELECT/i.test(sql)).length;
      } finally {
        spy.mockRestore();
      }
    };
    // A write first, so that the overview is computed, not answered from the snapshot of the tests above.
    await createContractor(ctx, admin, { name: '追加株式会社（契約なし）' });
    expect(await selectsDuring()).toBe(7);
    for (let i = 0; i < 3; i++) {
      const more = await createContractor(ctx, admin, { name: `追加株式会社${i}` });
      await createApprovedContract(ctx, officer, more.id);
    }
    expect(await selectsDuring()).toBe(7);
    expect(((await get(admin, '/api/dashboard')).body as DashboardResponse).totals).toMatchObject({
      contractors: 7,
      activeContracts: 7,
    });
    // Five loads at once after a write share one computation and one read of the page's latest checklists.
    await createContractor(ctx, admin, { name: '追加株式会社（同時の読込み）' });
    const spy = jest.spyOn(ctx.dataSource.logger, 'logQuery');
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => service.overview(actor, {})));
      expect(spy.mock.calls.filter(([sql]) => /^\s*SELECT/i.test(sql))).toHaveLength(7);
      expect(new Set(answers.map((a) => a.totals.contractors))).toEqual(new Set([8]));
      expect(answers[4].contractors).toEqual(answers[0].contractors);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('dashboard snapshots (DASHBOARD_CACHE_SECONDS)', () => {
  it.each([
    ['10', '株式会社変更前'],
    ['0', '株式会社変更後'],
  ])(
    'with %s s: answers a computed overview again until this process commits a write',
    async (seconds, beforeAnyWrite) => {
      const ctx = await startTestApp({ DASHBOARD_CACHE_SECONDS: seconds });
      try {
        const admin = await login(ctx, ADMIN.email, ADMIN.password);
        const { id } = await createContractor(ctx, admin, { name: '株式会社変更前' });
        const nameOnDashboard = async (): Promise<string | undefined> => {
          const res = await ctx
            .http()
            .get('/api/dashboard')
            .set(...bearer(admin));
          expect(res.status).toBe(200);
          return (res.body as DashboardResponse).contractors.find((c) => c.id === id)?.name;
        };
        expect(await nameOnDashboard()).toBe('株式会社変更前');
        // Changed behind the app's back (another process, say): no commit here, so a kept overview stays.
        await ctx.dataSource.query('UPDATE contractor SET name = ? WHERE id = ?', ['株式会社変更後', id]);
        expect(await nameOnDashboard()).toBe(beforeAnyWrite);
        // Any write through this process: the next load is computed again.
        await createContractor(ctx, admin, { name: '株式会社別件' });
        expect(await nameOnDashboard()).toBe('株式会社変更後');
      } finally {
        await ctx.close();
      }
    },
  );
});
