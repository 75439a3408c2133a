import { addDays, todayInJapan } from '../../src/common/clock';
import { fillOpenFindings } from '../../src/modules/assessments/open-findings';
import type {
  ClauseFindingsResponse,
  DashboardResponse,
} from '../../src/modules/dashboard/dto/dashboard.dto';
import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  endContractsOf,
  issueOrder,
  ORDER_FACTS_FOUND,
  orderRequestBody,
} from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * `open_finding` is kept up to date by the review and order steps instead of being computed per request. After
 * every step of the lifecycle its rows must equal what the definition gives when run directly on the source
 * tables, and the dashboard's numbers must be the ones that definition gives.
 */

/**
 * The definition, written out here independently of the code under test: an item with verdict FINDING in a
 * REVIEWED assessment that no CLOSED improvement order contains — unless the item is advisory: a finding on a
 * recommendation (推奨事項) is no breach of the contract and is never open.
 */
const DEFINITION =
  'SELECT i.id AS item_id, i.assessment_id AS assessment_id, a.contractor_id AS contractor_id, ' +
  'i.clause_code AS clause_code, i.clause_title AS clause_title ' +
  'FROM assessment_item i INNER JOIN assessment a ON a.id = i.assessment_id ' +
  "WHERE i.verdict = 'FINDING' AND i.advisory = 0 AND a.status = 'REVIEWED' AND NOT EXISTS (" +
  'SELECT 1 FROM improvement_order_finding f INNER JOIN improvement_order o ON o.id = f.order_id ' +
  "WHERE f.assessment_item_id = i.id AND o.status = 'CLOSED')";

const STORED =
  'SELECT assessment_item_id AS item_id, assessment_id, contractor_id, clause_code, clause_title FROM open_finding';

interface FindingRow {
  item_id: string;
  assessment_id: string;
  contractor_id: string;
  clause_code: string;
  clause_title: string;
}

interface ItemBody {
  id: string;
  clauseCode: string;
  clauseTitle: string;
  advisory: boolean;
  requiresEvidence: boolean;
}

interface AssessmentBody {
  id: string;
  status: string;
  version: number;
  items: ItemBody[];
}

describe('open findings kept in open_finding', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: string;
  const today = todayInJapan();
  const companies: Record<'a' | 'b', { id: string; token: string }> = {
    a: { id: '', token: '' },
    b: { id: '', token: '' },
  };
  const archived = new Set<string>();
  let contractA1: string;
  let contractA2: string;
  let contractB1: string;
  let findingsA1: ItemBody[];
  let findingsA2: ItemBody[];
  let assessmentA1: AssessmentBody;

  const send = (token: string, method: 'post' | 'put', path: string, body: Record<string, unknown>) =>
    ctx
      .http()
      [method](path)
      .set(...bearer(token))
      .send(body);
  const get = (token: string, path: string) =>
    ctx
      .http()
      .get(path)
      .set(...bearer(token));

  const rows = async (sql: string): Promise<FindingRow[]> =>
    (await ctx.dataSource.query<FindingRow[]>(sql)).sort((x, y) => (x.item_id < y.item_id ? -1 : 1));

  /**
   * The check run after every step: the stored rows are the definition's rows (and as many as the step expects,
   * so the check cannot pass on two empty tables by accident), and the dashboard counts them, archived
   * contractors left out.
   */
  async function expectInSync(expected: number): Promise<void> {
    const defined = await rows(DEFINITION);
    expect(await rows(STORED)).toEqual(defined);
    expect(defined).toHaveLength(expected);
    // The counts per contractor, clause and title are the stored rows counted (none kept at zero).
    const counted = new Map<string, number>();
    for (const r of defined) {
      const key = [r.contractor_id, r.clause_code, r.clause_title].join('|');
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    const counts = await ctx.dataSource.query<
      { contractor_id: string; clause_code: string; clause_title: string; n: number | string }[]
    >('SELECT contractor_id, clause_code, clause_title, n FROM open_finding_count');
    expect(
      new Map(counts.map((c) => [[c.contractor_id, c.clause_code, c.clause_title].join('|'), Number(c.n)])),
    ).toEqual(counted);

    const listed = defined.filter((r) => !archived.has(r.contractor_id));
    const body = (await get(admin, '/api/dashboard').expect(200)).body as DashboardResponse;
    for (const row of body.contractors)
      expect([row.id, row.openFindings]).toEqual([
        row.id,
        listed.filter((r) => r.contractor_id === row.id).length,
      ]);
    expect(body.totals.openFindings).toBe(listed.length);
    const byClause = new Map<string, ClauseFindingsResponse>();
    for (const r of listed) {
      const clause = byClause.get(r.clause_code);
      if (clause) clause.openFindings += 1;
      else
        byClause.set(r.clause_code, {
          clauseCode: r.clause_code,
          clauseTitle: r.clause_title,
          openFindings: 1,
        });
    }
    expect(body.findingsByClause).toEqual(
      [...byClause.values()].sort(
        (x, y) => y.openFindings - x.openFindings || (x.clauseCode < y.clauseCode ? -1 : 1),
      ),
    );
  }

  /** The contract's yearly CHECKLIST (generation as of 1 April also made its first 定期報告). */
  async function assessmentOf(contractId: string): Promise<AssessmentBody> {
    const list = await get(admin, `/api/assessments?contractId=${contractId}&kind=CHECKLIST`).expect(200);
    const items = (list.body as { items: { id: string }[] }).items;
    expect(items).toHaveLength(1);
    return (await get(admin, `/api/assessments/${items[0].id}`).expect(200)).body as AssessmentBody;
  }

  /** The required (not advisory) items at `picks`: the ones these tests make findings of. */
  const required = (assessment: AssessmentBody, picks: number[]): ItemBody[] =>
    assessment.items.filter((item) => !item.advisory).filter((_, i) => picks.includes(i));

  /** Answers and submits the contract's checklist, the required items at `picks` NOT_IMPLEMENTED. */
  async function submitted(contractId: string, token: string, picks: number[]): Promise<AssessmentBody> {
    const detail = await assessmentOf(contractId);
    const failing = new Set(required(detail, picks).map((item) => item.id));
    expect(failing.size).toBe(picks.length);
    const saved = await send(token, 'put', `/api/assessments/${detail.id}/items`, {
      version: detail.version,
      items: detail.items.map((item) =>
        failing.has(item.id)
          ? { itemId: item.id, answer: 'NOT_IMPLEMENTED', comment: '未対応です。' }
          : acceptableAnswer(item),
      ),
    }).expect(200);
    const done = await send(token, 'post', `/api/assessments/${detail.id}/submit`, {
      version: (saved.body as { version: number }).version,
    }).expect(200);
    return { ...detail, ...(done.body as { status: string; version: number }) };
  }

  /** The reviewer's verdicts: the `findings` FINDING, the others ACCEPTED. */
  const verdicts = (items: ItemBody[], findings: ItemBody[]) =>
    items.map((item) =>
      findings.some((f) => f.id === item.id)
        ? { itemId: item.id, verdict: 'FINDING', note: '対策が講じられていません。', severity: 'MEDIUM' }
        : { itemId: item.id, verdict: 'ACCEPTED' },
    );

  async function review(
    assessment: AssessmentBody,
    findings: ItemBody[],
    complete: boolean,
    items = assessment.items,
  ): Promise<number> {
    const res = await send(officer, 'post', `/api/assessments/${assessment.id}/review`, {
      version: assessment.version,
      items: verdicts(items, findings),
      complete,
    }).expect(200);
    return (res.body as { version: number }).version;
  }

  async function issue(contractId: string, basis: Record<string, unknown>): Promise<OrderResponse> {
    return issueOrder(ctx, admin, contractId, { ...ORDER_FACTS_FOUND, ...basis });
  }

  /** One step of an order's lifecycle; answers the order with its new status and version. */
  async function step(
    order: OrderResponse,
    token: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<OrderResponse> {
    const res = await send(token, 'post', `/api/improvement-orders/${order.id}/${action}`, {
      version: order.version,
      ...body,
    });
    expect(res.status).toBe(200);
    return res.body as OrderResponse;
  }

  const plan = {
    rootCause: '手順が定められていなかった。',
    correctiveAction: '手順書を定め、全員に周知する。',
    preventiveAction: '四半期ごとに点検する。',
    plannedCompletionDate: addDays(today, 20),
  };

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    officer = (await createUserAndLogin(ctx, admin, 'OFFICER')).token;
    for (const key of ['a', 'b'] as const) {
      const { id } = await createContractor(ctx, admin, { name: `株式会社${key.toUpperCase()}` });
      companies[key] = { id, token: (await createUserAndLogin(ctx, admin, 'CONTRACTOR', id)).token };
    }
    contractA1 = (await createApprovedContract(ctx, officer, companies.a.id)).id;
    contractA2 = (await createApprovedContract(ctx, officer, companies.a.id)).id;
    contractB1 = (await createApprovedContract(ctx, officer, companies.b.id)).id;
    await send(admin, 'post', '/api/assessments/generate', { asOf: '2026-04-01' }).expect(200);
  });
  afterAll(async () => ctx.close());

  it('should open nothing while the review is saved but not complete', async () => {
    await expectInSync(0);
    assessmentA1 = await submitted(contractA1, companies.a.token, [0, 1, 2]);
    findingsA1 = required(assessmentA1, [0, 1, 2]);
    const last = assessmentA1.items[assessmentA1.items.length - 1];
    expect(findingsA1.map((f) => f.id)).not.toContain(last.id);
    // Verdicts for all but the last item: three FINDING saved, not yet counted.
    const version = await review(assessmentA1, findingsA1, false, assessmentA1.items.slice(0, -1));
    assessmentA1 = { ...assessmentA1, version };
    expect((await assessmentOf(contractA1)).status).toBe('SUBMITTED');
    await expectInSync(0);
  });

  it('should open nothing when completing the review fails, and every FINDING item when it completes', async () => {
    // The last item still has no verdict: the completion is refused and nothing of it stays.
    const refused = await send(officer, 'post', `/api/assessments/${assessmentA1.id}/review`, {
      version: assessmentA1.version,
      items: verdicts(assessmentA1.items.slice(0, -1), findingsA1),
      complete: true,
    });
    expect(refused.body).toMatchObject({ code: 'ASSESSMENT.UNREVIEWED_ITEMS' });
    await expectInSync(0);

    await review(assessmentA1, findingsA1, true);
    expect((await assessmentOf(contractA1)).status).toBe('REVIEWED');
    await expectInSync(3);
  });

  it('should never open an advisory FINDING, nor let an order cite it', async () => {
    const assessment = await submitted(contractB1, companies.b.token, [0]);
    const finding = required(assessment, [0])[0];
    const advisory = assessment.items.find((item) => item.advisory);
    if (!advisory) throw new Error('the default clauses of a contract should include an advisory question');
    await review(assessment, [finding, advisory], true);
    const stored = await rows(STORED);
    // The required finding is open and the advisory one, reviewed FINDING in the same assessment, is not.
    expect(stored.map((r) => r.item_id)).toContain(finding.id);
    expect(stored.map((r) => r.item_id)).not.toContain(advisory.id);
    const [reviewed] = await ctx.dataSource.query<{ verdict: string }[]>(
      'SELECT verdict FROM assessment_item WHERE id = ?',
      [advisory.id],
    );
    expect(reviewed.verdict).toBe('FINDING');
    await expectInSync(4);

    const refused = await send(
      admin,
      'post',
      '/api/improvement-orders',
      orderRequestBody(contractB1, { findingItemIds: [advisory.id] }),
    );
    expect(refused.status).toBe(422);
    expect((refused.body as ErrorBody).code).toBe('ORDER.FINDING_ADVISORY');
    await expectInSync(4);
  });

  it('should keep findings open while their orders are issued, planned, in progress and reported', async () => {
    const review2 = await submitted(contractA2, companies.a.token, [0, 1]);
    findingsA2 = required(review2, [0, 1]);
    await review(review2, findingsA2, true);
    await expectInSync(6);

    let order = await issue(contractA2, { findingItemIds: findingsA2.map((f) => f.id) });
    await expectInSync(6);
    order = await step(order, companies.a.token, 'plan', plan);
    await expectInSync(6);
    order = await step(order, admin, 'plan-decision', { accepted: false, note: '根本原因の分析が不足。' });
    expect(order.status).toBe('ISSUED');
    order = await step(order, companies.a.token, 'plan', plan);
    order = await step(order, admin, 'plan-decision', { accepted: true });
    expect(order.status).toBe('IN_PROGRESS');
    await expectInSync(6);
    order = await step(order, companies.a.token, 'completion', { report: '是正を完了しました。' });
    await expectInSync(6);
    order = await step(order, admin, 'verification', { accepted: false, effectivenessNote: '証跡が不足。' });
    expect(order.status).toBe('IN_PROGRESS');
    await expectInSync(6);
    order = await step(order, companies.a.token, 'completion', { report: '証跡を添付しました。' });

    // Verified: CLOSED closes both findings it cites.
    order = await step(order, admin, 'verification', { accepted: true, effectivenessNote: '確認した。' });
    expect(order.status).toBe('CLOSED');
    await expectInSync(4);
    const stored = await rows(STORED);
    expect(stored.map((r) => r.item_id)).not.toContain(findingsA2[0].id);
    expect(stored.map((r) => r.item_id)).not.toContain(findingsA2[1].id);
  });

  it('should leave a finding open when its order is withdrawn, and close it with a second order citing it', async () => {
    const [first, cited] = findingsA1;
    const withdrawn = await issue(contractA1, { findingItemIds: [cited.id] });
    const gone = await step(withdrawn, admin, 'withdrawal', { reason: '発出先の誤り' });
    expect(gone.status).toBe('WITHDRAWN');
    await expectInSync(4);

    // The same item, cited again by a new order (with another finding of the same assessment).
    let order = await issue(contractA1, { findingItemIds: [cited.id, first.id] });
    await expectInSync(4);
    order = await step(order, companies.a.token, 'plan', plan);
    order = await step(order, admin, 'plan-decision', { accepted: true });
    order = await step(order, companies.a.token, 'completion', { report: '是正を完了しました。' });
    await expectInSync(4);
    order = await step(order, admin, 'verification', { accepted: true, effectivenessNote: '確認した。' });
    expect(order.status).toBe('CLOSED');
    await expectInSync(2);
    expect((await rows(STORED)).map((r) => r.item_id)).toContain(findingsA1[2].id);
  });

  it('should change nothing for an order that cites a clause but no finding, even once CLOSED', async () => {
    let order = await issue(contractA1, { clauseCode: findingsA1[2].clauseCode });
    order = await step(order, companies.a.token, 'plan', plan);
    order = await step(order, admin, 'plan-decision', { accepted: true });
    order = await step(order, companies.a.token, 'completion', { report: '是正を完了しました。' });
    order = await step(order, admin, 'verification', { accepted: true, effectivenessNote: '確認した。' });
    expect(order.status).toBe('CLOSED');
    await expectInSync(2);
  });

  it("should keep an archived contractor's findings stored but leave them off the dashboard", async () => {
    // Archived once its contracts have ended (archiving is refused while one is active).
    await endContractsOf(ctx, admin, companies.b.id);
    const detail = (await get(admin, `/api/contractors/${companies.b.id}`)).body as { version: number };
    await send(admin, 'post', `/api/contractors/${companies.b.id}/archive`, {
      version: detail.version,
    }).expect(200);
    archived.add(companies.b.id);
    await expectInSync(2);
    const body = (await get(admin, '/api/dashboard')).body as DashboardResponse;
    expect(body.totals.openFindings).toBe(1);
    expect(body.contractors.find((c) => c.id === companies.a.id)?.openFindings).toBe(1);
  });

  // The data now hold an advisory FINDING in a REVIEWED checklist (contractor B's): the fill must leave it out too.
  it("should rebuild the same rows from the source tables with the migration's fill", async () => {
    const before = await rows(STORED);
    await ctx.dataSource.query('DELETE FROM open_finding');
    await fillOpenFindings(ctx.dataSource, 'current');
    expect(await rows(STORED)).toEqual(before);
    await expectInSync(2);
  });
});
