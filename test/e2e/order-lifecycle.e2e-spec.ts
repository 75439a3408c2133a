import type { OrderResponse } from '../../src/modules/improvement-orders/dto/order.dto';
import { createApprovedContract, issueOrder, japanDatePlus, ORDER_ON_FACTS } from '../factories';
import {
  expectAllowedAsTable,
  expectRefusalsOutsideTable,
  refusalsByTable,
  walk,
  signInEveryRole,
  type LifecycleRole,
} from '../utils/lifecycle';
import { bearer, startTestApp, type TestContext } from '../utils/test-app';

type Role = LifecycleRole;
type Status = 'ISSUED' | 'PLAN_SUBMITTED' | 'IN_PROGRESS' | 'COMPLETION_REPORTED' | 'CLOSED' | 'WITHDRAWN';
type Step =
  | 'submitPlan'
  | 'acceptPlan'
  | 'rejectPlan'
  | 'reportCompletion'
  | 'verifyAccepted'
  | 'verifyNotAccepted'
  | 'withdraw';

/**
 * The improvement order's lifecycle as DESIGN.md states it, written out here and never read from the code: each
 * (step, role, state) that is allowed, and the state it leads to. Every other triple must be refused over HTTP —
 * 403 when the role may never take the step, 409 when it may but not from this state — and change nothing.
 */
const ALLOWED: readonly [Step, Role, Status, Status][] = [
  ['submitPlan', 'CONTRACTOR', 'ISSUED', 'PLAN_SUBMITTED'],
  ['acceptPlan', 'ADMIN', 'PLAN_SUBMITTED', 'IN_PROGRESS'],
  ['rejectPlan', 'ADMIN', 'PLAN_SUBMITTED', 'ISSUED'],
  ['reportCompletion', 'CONTRACTOR', 'IN_PROGRESS', 'COMPLETION_REPORTED'],
  ['verifyAccepted', 'ADMIN', 'COMPLETION_REPORTED', 'CLOSED'],
  ['verifyNotAccepted', 'ADMIN', 'COMPLETION_REPORTED', 'IN_PROGRESS'],
  ['withdraw', 'ADMIN', 'ISSUED', 'WITHDRAWN'],
  ['withdraw', 'ADMIN', 'PLAN_SUBMITTED', 'WITHDRAWN'],
  ['withdraw', 'ADMIN', 'IN_PROGRESS', 'WITHDRAWN'],
  ['withdraw', 'ADMIN', 'COMPLETION_REPORTED', 'WITHDRAWN'],
];

const STEPS: readonly Step[] = [
  'submitPlan',
  'acceptPlan',
  'rejectPlan',
  'reportCompletion',
  'verifyAccepted',
  'verifyNotAccepted',
  'withdraw',
];
const ROLES: readonly Role[] = ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR'];
const STATES: readonly Status[] = [
  'ISSUED',
  'PLAN_SUBMITTED',
  'IN_PROGRESS',
  'COMPLETION_REPORTED',
  'CLOSED',
  'WITHDRAWN',
];

/** The route and body of each step. */
function request(step: Step, version: number): { path: string; body: Record<string, unknown> } {
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  switch (step) {
    case 'submitPlan':
      return {
        path: 'plan',
        body: {
          version,
          rootCause: '手順が定められていなかった。',
          correctiveAction: '手順を定め、周知する。',
          preventiveAction: '四半期ごとに点検する。',
          plannedCompletionDate: later,
        },
      };
    case 'acceptPlan':
      return { path: 'plan-decision', body: { version, accepted: true } };
    case 'rejectPlan':
      return {
        path: 'plan-decision',
        body: { version, accepted: false, note: '原因の分析が不十分である。' },
      };
    case 'reportCompletion':
      return { path: 'completion', body: { version, report: '手順を定め、全従事者に周知した。' } };
    case 'verifyAccepted':
      return { path: 'verification', body: { version, accepted: true, effectivenessNote: '有効と認めた。' } };
    case 'verifyNotAccepted':
      return {
        path: 'verification',
        body: { version, accepted: false, effectivenessNote: '周知の記録がない。' },
      };
    case 'withdraw':
      return { path: 'withdrawal', body: { version, reason: '事実誤認のため。' } };
  }
}

/** How to bring a new order to each state, from ISSUED. */
const PATH_TO: Record<Status, [Step, Role][]> = {
  ISSUED: [],
  PLAN_SUBMITTED: [['submitPlan', 'CONTRACTOR']],
  IN_PROGRESS: [
    ['submitPlan', 'CONTRACTOR'],
    ['acceptPlan', 'ADMIN'],
  ],
  COMPLETION_REPORTED: [
    ['submitPlan', 'CONTRACTOR'],
    ['acceptPlan', 'ADMIN'],
    ['reportCompletion', 'CONTRACTOR'],
  ],
  CLOSED: [
    ['submitPlan', 'CONTRACTOR'],
    ['acceptPlan', 'ADMIN'],
    ['reportCompletion', 'CONTRACTOR'],
    ['verifyAccepted', 'ADMIN'],
  ],
  WITHDRAWN: [['withdraw', 'ADMIN']],
};

describe('the improvement order lifecycle over HTTP, against a table written apart from the code', () => {
  let ctx: TestContext;
  let tokens: Record<Role, string>;
  let contractId: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    const signedIn = await signInEveryRole(ctx);
    tokens = signedIn.tokens;
    contractId = (await createApprovedContract(ctx, tokens.OFFICER, signedIn.contractorId)).id;
  });
  afterAll(async () => ctx.close());

  const take = (order: OrderResponse, step: Step, role: Role, version = order.version) => {
    const { path, body } = request(step, version);
    return ctx
      .http()
      .post(`/api/improvement-orders/${order.id}/${path}`)
      .set(...bearer(tokens[role]))
      .send(body);
  };
  const read = async (id: string): Promise<OrderResponse> =>
    (
      await ctx
        .http()
        .get(`/api/improvement-orders/${id}`)
        .set(...bearer(tokens.ADMIN))
    ).body as OrderResponse;

  async function orderIn(state: Status): Promise<OrderResponse> {
    // Due in 60 days: the plans submitted here complete in 30.
    const issued = await issueOrder(ctx, tokens.ADMIN, contractId, {
      ...ORDER_ON_FACTS,
      dueDate: japanDatePlus(60),
    });
    const order = await walk(issued, PATH_TO[state], take);
    expect(order.status).toBe(state);
    return order;
  }

  it('should refuse every triple the table does not allow, 403 for the wrong role and 409 for the wrong state', async () => {
    const tried = await expectRefusalsOutsideTable({
      states: STATES,
      steps: STEPS,
      roles: ROLES,
      ...refusalsByTable(ALLOWED, { wrongState: 409, wrongRole: 403 }),
      subjectIn: orderIn,
      take,
      answerOf: (res) => res.status,
      // Nothing changed: same state, same version.
      read: (order) => read(order.id),
    });
    expect(tried).toBe(STATES.length * STEPS.length * ROLES.length - ALLOWED.length);
  });

  it('should take every allowed triple to the state the table names, and refuse it with a stale version', async () => {
    await expectAllowedAsTable({
      allowed: ALLOWED,
      subjectIn: orderIn,
      take,
      staleVersion: (version) => version - 1 || 999,
      staleAnswerOf: (res) => res.status,
      staleAnswer: 409,
    });
  });

  it('should refuse a plan whose completion date falls after the deadline with 422 ORDER.PLAN_AFTER_DUE, and take one due on the deadline', async () => {
    const order = await orderIn('ISSUED');
    const dayAfter = new Date(Date.parse(`${order.dueDate}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const { path, body } = request('submitPlan', order.version);
    const late = await ctx
      .http()
      .post(`/api/improvement-orders/${order.id}/${path}`)
      .set(...bearer(tokens.CONTRACTOR))
      .send({ ...body, plannedCompletionDate: dayAfter });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({
      code: 'ORDER.PLAN_AFTER_DUE',
      message: '完了予定日は、改善期限までの日付を指定してください。',
    });
    // Nothing changed: still ISSUED at the same version, and the timeline holds only the issue.
    const unchanged = await read(order.id);
    expect(unchanged).toMatchObject({ status: 'ISSUED', version: order.version });
    expect((unchanged.events ?? []).map((e) => e.type)).toEqual((order.events ?? []).map((e) => e.type));

    const onTime = await ctx
      .http()
      .post(`/api/improvement-orders/${order.id}/${path}`)
      .set(...bearer(tokens.CONTRACTOR))
      .send({ ...body, plannedCompletionDate: order.dueDate });
    expect(onTime.status).toBe(200);
    expect(onTime.body).toMatchObject({ status: 'PLAN_SUBMITTED', version: order.version + 1 });
    const planned = (await read(order.id)).events?.find((e) => e.plannedCompletionDate !== null);
    expect(planned?.plannedCompletionDate).toBe(order.dueDate);
  });
});
