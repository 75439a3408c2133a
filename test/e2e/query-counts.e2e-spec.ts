import type { Response, Test } from 'supertest';
import { addDays, todayInJapan } from '../../src/common/clock';
import type { Page } from '../../src/common/pagination/cursor';
import type { AssessmentResponse } from '../../src/modules/assessments/dto/assessment.dto';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import type { DashboardResponse } from '../../src/modules/dashboard/dto/dashboard.dto';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
  subcontractRequestBody,
} from '../factories';
import type { ContractorBody } from '../utils/bodies';
import { statementsDuring } from '../utils/query-counter';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * Issue 7, point 1: the number of SQL statements one request makes, for every main read route. Each route is
 * measured with a small dataset (2–3 rows in the list) and again after the data has grown so that the same
 * request answers 20 or more rows (up to the page size, `limit=50`). The count must not grow: a route whose
 * count grows with its list runs a query per row (an N+1). Everything is counted, not only SELECTs: the session
 * lookup of the access guard, writes and transaction statements too.
 *
 * The table printed by this file is the documented baseline; the figures themselves are not pinned (a new
 * column or an extra check would break an exact match for no good reason), only "no growth" and the ceiling.
 */

/**
 * The ceiling per request, unless a probe sets its own: today's routes need 1 to 8 statements (the session
 * lookup, the page, one batched query per kind of related row); a route above
 * this has grown a query per something and should batch it.
 */
const MAX_STATEMENTS = 12;
/** The page asked for in both phases, so that the large one answers up to 50 rows. */
const LIMIT = 50;
/** How many rows the large phase adds to every list. */
const GROWTH = 20;

type Phase = 'small' | 'large';
type Caller = 'admin' | 'contractor';

interface Probe {
  route: string;
  caller: Caller;
  /** The path asked in each phase: a single resource may be a bigger one in the large phase. */
  path: (phase: Phase) => string;
  /** How many rows the answer holds: a list's items, or the sub-lists of a single resource. */
  size: (body: unknown) => number;
  /** The size the large phase must reach for the comparison to mean something. */
  minLarge: number;
  /** This route's ceiling, when it is not MAX_STATEMENTS. */
  max?: number;
  /** What the answer must show in each phase for the two counts to be comparable (the same work done). */
  check?: (body: unknown, phase: Phase) => void;
}

interface Measure {
  statements: string[];
  size: number;
  body: unknown;
}

const pageSize = (body: unknown): number => (body as Page<unknown>).items.length;

describe('SQL statements per request (no N+1)', () => {
  let ctx: TestContext;
  const tokens: Record<Caller, string> = { admin: '', contractor: '' };
  const today = todayInJapan();

  // The subjects of the single-resource routes.
  let prime: { id: string };
  let k1: { id: string };
  let kBig: { id: string };
  let a1: string;
  let aBig: string;
  let o1: string;
  let oBig: string;

  const probes: Probe[] = [
    {
      route: 'GET /api/contractors',
      caller: 'admin',
      path: () => `/api/contractors?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/contractors/:id',
      caller: 'admin',
      path: () => `/api/contractors/${prime.id}`,
      size: (body) => (body as ContractorBody).certifications.length,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/users',
      caller: 'admin',
      path: () => `/api/users?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/contracts',
      caller: 'admin',
      path: () => `/api/contracts?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/contracts/:id',
      caller: 'admin',
      path: (phase) => `/api/contracts/${phase === 'small' ? k1.id : kBig.id}`,
      size: (body) => (body as ContractResponse).clauses?.length ?? 0,
      minLarge: 1,
    },
    {
      route: 'GET /api/contracts/:id/subcontracts',
      caller: 'admin',
      path: () => `/api/contracts/${k1.id}/subcontracts?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/contracts/:id/workers',
      caller: 'admin',
      path: () => `/api/contracts/${k1.id}/workers?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/assessments (ADMIN)',
      caller: 'admin',
      path: () => `/api/assessments?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/assessments (CONTRACTOR)',
      caller: 'contractor',
      path: () => `/api/assessments?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/assessments/:id',
      caller: 'admin',
      path: (phase) => `/api/assessments/${phase === 'small' ? a1 : aBig}`,
      size: (body) =>
        (body as AssessmentResponse).items?.reduce((n, item) => n + 1 + item.evidence.length, 0) ?? 0,
      minLarge: GROWTH,
      // Staff see the answers the worker roster contradicts: the roster is read (one statement) only when an
      // answer could be contradicted, so both phases answer the training question 実施している while the
      // contract's workers (2, then 22 on the big contract) have no training date — the same statements, and
      // a roster read that does not grow with the workers.
      check: (body, phase) => {
        const checks = (body as AssessmentResponse).crossChecks ?? [];
        expect(checks.map((c) => [c.check, c.workers.length])).toEqual([
          ['roster-training', phase === 'small' ? 2 : GROWTH + 2],
        ]);
      },
    },
    {
      route: 'GET /api/improvement-orders',
      caller: 'admin',
      path: () => `/api/improvement-orders?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/improvement-orders/:id',
      caller: 'admin',
      path: (phase) => `/api/improvement-orders/${phase === 'small' ? o1 : oBig}`,
      size: (body) => {
        const order = body as OrderResponse;
        const evidence = order.events?.reduce((n, event) => n + event.evidence.length, 0) ?? 0;
        return (order.findings?.length ?? 0) + (order.events?.length ?? 0) + evidence;
      },
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/notifications',
      caller: 'contractor',
      path: () => `/api/notifications?limit=${LIMIT}`,
      size: pageSize,
      minLarge: GROWTH,
    },
    {
      route: 'GET /api/audit-events',
      caller: 'admin',
      path: () => `/api/audit-events?limit=${LIMIT}`,
      size: pageSize,
      minLarge: LIMIT,
    },
    {
      route: 'GET /api/dashboard',
      caller: 'admin',
      path: () => '/api/dashboard',
      size: (body) => (body as DashboardResponse).contractors.length,
      minLarge: GROWTH,
    },
  ];
  const measured: Record<Phase, Map<string, Measure>> = { small: new Map(), large: new Map() };

  /** Sends a request and answers its body, failing with the route and the error body on another status. */
  async function expectStatus<T>(request: Test, status: number, label: string): Promise<T> {
    const res = await request;
    if (res.status !== status) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
  const post = <T>(token: string, path: string, body: object, status: number): Promise<T> =>
    expectStatus<T>(
      ctx
        .http()
        .post(path)
        .set(...bearer(token))
        .send(body),
      status,
      `POST ${path}`,
    );
  const get = <T>(token: string, path: string): Promise<T> =>
    expectStatus<T>(
      ctx
        .http()
        .get(path)
        .set(...bearer(token)),
      200,
      `GET ${path}`,
    );

  let certificationSeq = 0;
  const certify = (contractorId: string): Promise<unknown> => {
    certificationSeq += 1;
    return post(
      tokens.admin,
      `/api/contractors/${contractorId}/certifications`,
      {
        type: 'ISMS',
        registrationNumber: `IS ${certificationSeq}`,
        issuer: '一般財団法人日本品質保証機構',
        validFrom: '2024-01-01',
        validUntil: addDays(today, 100 + certificationSeq),
      },
      201,
    );
  };
  const requestTier = (contractId: string, contractorId: string): Promise<unknown> =>
    post(
      tokens.contractor,
      `/api/contracts/${contractId}/subcontracts`,
      subcontractRequestBody({
        scope: '帳票印刷',
        subcontractor: { name: `再委託先${contractorId.slice(0, 8)}` },
      }),
      201,
    );
  let workerSeq = 0;
  const addWorker = (contractId: string): Promise<unknown> => {
    workerSeq += 1;
    return post(
      tokens.contractor,
      `/api/contracts/${contractId}/workers`,
      {
        name: `従事者 ${workerSeq}`,
        employerContractorId: prime.id,
        role: '作業員',
        workLocation: '受託者本社',
      },
      201,
    );
  };
  let userSeq = 0;
  /** A user without signing it in (the factory's sign-in is a second argon2 round). */
  const addUser = (contractorId: string): Promise<unknown> => {
    userSeq += 1;
    return post(
      tokens.admin,
      '/api/users',
      {
        email: `query-count-${userSeq}@example.jp`,
        displayName: `委託先担当者 ${userSeq}`,
        password: `query-count-${userSeq}-long-enough`,
        role: 'CONTRACTOR',
        contractorId,
      },
      201,
    );
  };
  const issueOrderOn = (contractId: string, findingItemIds: string[]): Promise<OrderResponse> =>
    issueOrder(ctx, tokens.admin, contractId, { findingItemIds });
  let draftSeq = 0;
  /** A contract left in draft (approving one renders its clauses: a list only needs rows). */
  const draftContract = (officer: string, contractorId: string): Promise<unknown> => {
    draftSeq += 1;
    return post(
      officer,
      '/api/contracts',
      {
        contractNumber: `QC-DRAFT-${draftSeq}`,
        title: '起案中の契約',
        contractorId,
        department: '総務課',
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        confidentialityClass: 1,
        handlesPersonalInfo: false,
        usesCloud: false,
      },
      201,
    );
  };
  const uploadEvidence = async (owner: { itemId: string } | { orderId: string }): Promise<string> => {
    const [field, value] = 'itemId' in owner ? ['itemId', owner.itemId] : ['orderId', owner.orderId];
    const body = await expectStatus<{ id: string }>(
      ctx
        .http()
        .post('/api/evidence')
        .set(...bearer(tokens.contractor))
        .field(field, value)
        .attach('file', Buffer.from('媒体番号,暗号化\nUSB-001,済\n', 'utf8'), {
          filename: '暗号化台帳.csv',
          contentType: 'text/csv',
        }),
      201,
      'POST /api/evidence',
    );
    return body.id;
  };

  /**
   * Answers every item of a checklist NOT_IMPLEMENTED but the training question (実施している, which the roster
   * contradicts), submits, and completes the review with every item a finding. Answers the required findings
   * (an order cannot cite an advisory one).
   */
  async function reviewAllAsFindings(id: string, officer: string): Promise<string[]> {
    const detail = await get<AssessmentResponse>(tokens.admin, `/api/assessments/${id}`);
    const items = detail.items ?? [];
    expect(items.filter((item) => item.crossCheck === 'roster-training')).toHaveLength(1);
    const saved = await expectStatus<{ version: number }>(
      ctx
        .http()
        .put(`/api/assessments/${id}/items`)
        .set(...bearer(tokens.contractor))
        .send({
          version: detail.version,
          items: items.map((item) =>
            item.crossCheck === 'roster-training'
              ? acceptableAnswer(item)
              : { itemId: item.id, answer: 'NOT_IMPLEMENTED', comment: '未対応です。' },
          ),
        }),
      200,
      `PUT /api/assessments/${id}/items`,
    );
    const submitted = await post<{ version: number }>(
      tokens.contractor,
      `/api/assessments/${id}/submit`,
      { version: saved.version },
      200,
    );
    await post(
      officer,
      `/api/assessments/${id}/review`,
      {
        version: submitted.version,
        items: items.map((item) => ({
          itemId: item.id,
          verdict: 'FINDING',
          note: '対策が講じられていません。',
          severity: 'MEDIUM',
        })),
        complete: true,
      },
      200,
    );
    return items.filter((item) => !item.advisory).map((item) => item.id);
  }

  /** Takes an order round the plan loop (submitted, sent back) `loops` times, then to a reported completion. */
  async function walkOrder(orderId: string, loops: number): Promise<void> {
    const path = `/api/improvement-orders/${orderId}`;
    const plan = (version: number) =>
      post<OrderResponse>(
        tokens.contractor,
        `${path}/plan`,
        {
          version,
          rootCause: '暗号化の手順が定められていなかった。',
          correctiveAction: '全媒体を暗号化し、台帳に記録する。',
          preventiveAction: '持出し手順書を改め、四半期ごとに点検する。',
          plannedCompletionDate: addDays(today, 20),
        },
        200,
      );
    let version = 1;
    for (let i = 0; i < loops; i++) {
      version = (await plan(version)).version;
      version = (
        await post<OrderResponse>(
          tokens.admin,
          `${path}/plan-decision`,
          { version, accepted: false, note: '再発防止策が具体的ではありません。' },
          200,
        )
      ).version;
    }
    version = (await plan(version)).version;
    version = (
      await post<OrderResponse>(tokens.admin, `${path}/plan-decision`, { version, accepted: true }, 200)
    ).version;
    const evidenceIds = [await uploadEvidence({ orderId }), await uploadEvidence({ orderId })];
    await post(
      tokens.contractor,
      `${path}/completion`,
      { version, report: '全媒体の暗号化を完了しました。', evidenceIds },
      200,
    );
  }

  /**
   * One request per route, one after the other (the counter sees every statement of the process). The sessions
   * are fresh: the access guard touches a session's last_seen_at (one UPDATE) at most once a minute, so a
   * session signed in just before the round is never touched during it and every count is the steady one.
   */
  async function measure(phase: Phase, contractorLogin: { email: string; password: string }): Promise<void> {
    tokens.admin = await login(ctx, ADMIN.email, ADMIN.password);
    tokens.contractor = await login(ctx, contractorLogin.email, contractorLogin.password);
    for (const probe of probes) {
      const path = probe.path(phase);
      const { result, statements } = await statementsDuring(ctx.dataSource, (): Promise<Response> =>
        ctx
          .http()
          .get(path)
          .set(...bearer(tokens[probe.caller])),
      );
      if (result.status !== 200)
        throw new Error(`GET ${path}: ${result.status} ${JSON.stringify(result.body)}`);
      measured[phase].set(probe.route, {
        statements,
        size: probe.size(result.body),
        body: result.body as unknown,
      });
    }
  }

  beforeAll(async () => {
    const started = Date.now();
    ctx = await startTestApp();
    tokens.admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = (await createUserAndLogin(ctx, tokens.admin, 'OFFICER')).token;

    // Small: 3 contractors (the prime and two sub-contractors), 3 users, 2 contracts with 2 tiers and 2 workers,
    // 2 assessments reviewed with a finding each, 2 orders, the notifications of those orders.
    prime = await createContractor(ctx, tokens.admin, { name: '株式会社置賜計算センター' });
    const subs = [
      await createContractor(ctx, tokens.admin, { name: '一次再委託株式会社' }),
      await createContractor(ctx, tokens.admin, { name: '二次再委託株式会社' }),
    ];
    const contractorUser = await createUserAndLogin(ctx, tokens.admin, 'CONTRACTOR', prime.id);
    tokens.contractor = contractorUser.token;
    k1 = await createApprovedContract(ctx, officer, prime.id);
    const k2 = await createApprovedContract(ctx, officer, prime.id);
    await certify(prime.id);
    await certify(prime.id);
    for (const sub of subs) await requestTier(k1.id, sub.id);
    await addWorker(k1.id);
    await addWorker(k1.id);
    const reviewers = { admin: tokens.admin, officer, contractor: tokens.contractor };
    const f1 = await reviewedFinding(ctx, reviewers, k1.id);
    const f2 = await reviewedFinding(ctx, reviewers, k2.id);
    a1 = f1.assessmentId;
    o1 = (await issueOrderOn(k1.id, [f1.item.id])).id;
    await issueOrderOn(k2.id, [f2.item.id]);
    const built = Date.now();
    await measure('small', contractorUser);
    const smallDone = Date.now();

    // Large: 20 more contractors (each with a user and a tier on K1), 20 more certifications of the prime and
    // workers on K1, 21 more contracts (15 drafts of the new companies, 5 of the prime's, and a big one: the
    // strictest class, personal information and cloud, so the most clauses, with 22 workers); for every active
    // contract its yearly checklist and three quarters of 定期報告; the big contract's checklist reviewed with
    // every item a finding; 20 orders with one of those findings each, and one with all the others and a long
    // timeline with evidence.
    // One request at a time: this file measures, it does not stress (contracts created side by side can deadlock
    // on MariaDB: replaceClauses in contract-drafts.ts deletes the new contract's clauses before inserting them).
    const companies: { id: string }[] = [];
    for (let i = 0; i < GROWTH; i++) {
      const company = await createContractor(ctx, tokens.admin, { name: `追加株式会社${i}` });
      companies.push(company);
      await addUser(company.id);
      await requestTier(k1.id, company.id);
      await addWorker(k1.id);
      await certify(prime.id);
    }
    for (const company of companies.slice(0, 15)) await draftContract(officer, company.id);
    for (let i = 0; i < 5; i++) await createApprovedContract(ctx, officer, prime.id);
    kBig = await createApprovedContract(ctx, officer, prime.id, {
      confidentialityClass: 3,
      handlesPersonalInfo: true,
      usesCloud: true,
      assessmentFrequency: 'QUARTERLY',
    });
    for (let i = 0; i < GROWTH + 2; i++) await addWorker(kBig.id);
    await post(tokens.admin, '/api/assessments/generate', { asOf: '2026-10-01' }, 200);
    const ofBig = (kind: string) =>
      get<Page<AssessmentResponse>>(
        tokens.admin,
        `/api/assessments?contractId=${kBig.id}&kind=${kind}&limit=${LIMIT}`,
      );
    const quarters = (await ofBig('REPORT')).items.map((q) => q.periodStart).sort();
    expect(quarters).toEqual(['2026-04-01', '2026-07-01', '2026-10-01']);
    const checklists = (await ofBig('CHECKLIST')).items;
    expect(checklists.map((c) => [c.periodStart, c.periodEnd])).toEqual([['2026-04-01', '2027-03-31']]);
    aBig = checklists[0].id;
    const firstItems = (await get<AssessmentResponse>(tokens.admin, `/api/assessments/${aBig}`)).items ?? [];
    for (const item of firstItems.slice(0, 3)) await uploadEvidence({ itemId: item.id });
    const bigFindings = await reviewAllAsFindings(aBig, officer);
    expect(bigFindings.length).toBeGreaterThanOrEqual(2 * GROWTH);
    for (const itemId of bigFindings.slice(0, GROWTH)) await issueOrderOn(kBig.id, [itemId]);
    oBig = (await issueOrderOn(kBig.id, bigFindings.slice(GROWTH))).id;
    await walkOrder(oBig, 3);
    const grown = Date.now();
    await measure('large', contractorUser);

    const rows = probes.map((probe) => {
      const small = measured.small.get(probe.route);
      const large = measured.large.get(probe.route);
      return [
        probe.route,
        String(small?.statements.length),
        String(large?.statements.length),
        `${small?.size} → ${large?.size}`,
      ];
    });
    const header = ['route', 'statements (small)', 'statements (large)', 'rows (small → large)'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
    console.log(
      [
        `SQL statements per request on ${ctx.db.kind}` +
          ` (build small ${built - started} ms, measure ${smallDone - built} ms,` +
          ` grow ${grown - smallDone} ms, measure ${Date.now() - grown} ms)`,
        line(header),
        widths.map((w) => '-'.repeat(w)).join('-|-'),
        ...rows.map(line),
      ].join('\n'),
    );
  });
  afterAll(async () => ctx?.close());

  it.each(probes.map((probe) => [probe.route, probe] as const))(
    '%s: as many statements for 20+ rows as for 2',
    (_route, probe) => {
      const small = measured.small.get(probe.route);
      const large = measured.large.get(probe.route);
      if (!small || !large) throw new Error(`${probe.route} was not measured`);
      // The large phase really answers many more rows, or the comparison would prove nothing.
      expect(large.size).toBeGreaterThanOrEqual(probe.minLarge);
      expect(large.size).toBeGreaterThan(small.size);
      probe.check?.(small.body, 'small');
      probe.check?.(large.body, 'large');
      if (large.statements.length !== small.statements.length) {
        console.log(
          `${probe.route}\n-- small (${small.size} rows):\n${small.statements.join('\n')}\n` +
            `-- large (${large.size} rows):\n${large.statements.join('\n')}`,
        );
      }
      expect(large.statements.length).toBe(small.statements.length);
      expect(small.statements.length).toBeLessThanOrEqual(probe.max ?? MAX_STATEMENTS);
    },
  );
});
