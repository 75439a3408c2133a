import type { InspectionResponse } from '../../src/modules/inspections/dto/inspection.dto';
import { createApprovedContract, japanDatePlus } from '../factories';
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
type Status = 'PLANNED' | 'CONDUCTED' | 'REPORTED' | 'CANCELLED';
type Step = 'record' | 'conduct' | 'report' | 'cancel';

/**
 * The inspection's lifecycle as DESIGN.md states it, written out here and never read from the code: the body's
 * staff (OFFICER, ADMIN) record results while PLANNED or CONDUCTED, conduct a PLANNED one, report a CONDUCTED one
 * and cancel a PLANNED one. Every other (step, role, state) is refused over HTTP — 403 for a role that may never
 * take the step, 409 for a state it may not be taken from — and changes nothing.
 */
const ALLOWED: readonly [Step, Role, Status, Status][] = [
  ['record', 'OFFICER', 'PLANNED', 'PLANNED'],
  ['record', 'ADMIN', 'PLANNED', 'PLANNED'],
  ['record', 'OFFICER', 'CONDUCTED', 'CONDUCTED'],
  ['record', 'ADMIN', 'CONDUCTED', 'CONDUCTED'],
  ['conduct', 'OFFICER', 'PLANNED', 'CONDUCTED'],
  ['conduct', 'ADMIN', 'PLANNED', 'CONDUCTED'],
  ['report', 'OFFICER', 'CONDUCTED', 'REPORTED'],
  ['report', 'ADMIN', 'CONDUCTED', 'REPORTED'],
  ['cancel', 'OFFICER', 'PLANNED', 'CANCELLED'],
  ['cancel', 'ADMIN', 'PLANNED', 'CANCELLED'],
];
const STEPS: readonly Step[] = ['record', 'conduct', 'report', 'cancel'];
const ROLES: readonly Role[] = ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR'];
const STATES: readonly Status[] = ['PLANNED', 'CONDUCTED', 'REPORTED', 'CANCELLED'];
const PATH_TO: Record<Status, Step[]> = {
  PLANNED: [],
  CONDUCTED: ['conduct'],
  REPORTED: ['conduct', 'report'],
  CANCELLED: ['cancel'],
};

describe('the inspection lifecycle over HTTP, against a table written apart from the code', () => {
  let ctx: TestContext;
  let tokens: Record<Role, string>;
  let contractId: string;
  const today = japanDatePlus(0);

  beforeAll(async () => {
    ctx = await startTestApp();
    const signedIn = await signInEveryRole(ctx);
    tokens = signedIn.tokens;
    contractId = (await createApprovedContract(ctx, tokens.OFFICER, signedIn.contractorId)).id;
  });
  afterAll(async () => ctx.close());

  const take = (i: InspectionResponse, step: Step, role: Role, version = i.version) => {
    const first = i.items?.[0]?.id ?? '';
    const [method, path, body]: ['put' | 'post', string, Record<string, unknown>] =
      step === 'record'
        ? ['put', 'items', { items: [{ itemId: first, result: 'CONFORMING' }] }]
        : step === 'conduct'
          ? ['post', 'conduct', { conductedOn: today }]
          : step === 'report'
            ? ['post', 'report', {}]
            : ['post', 'cancel', { reason: '日程を改めるため。' }];
    return ctx
      .http()
      [method](`/api/inspections/${i.id}/${path}`)
      .set(...bearer(tokens[role]))
      .send({ version, ...body });
  };
  const read = async (id: string): Promise<InspectionResponse> =>
    (
      await ctx
        .http()
        .get(`/api/inspections/${id}`)
        .set(...bearer(tokens.ADMIN))
    ).body as InspectionResponse;

  async function inspectionIn(state: Status): Promise<InspectionResponse> {
    const planned = await ctx
      .http()
      .post('/api/inspections')
      .set(...bearer(tokens.OFFICER))
      .send({
        contractId,
        kind: 'DOCUMENT',
        plannedOn: today,
        announced: true,
        inspectors: [{ name: '長井 花子' }],
      })
      .expect(201);
    // One item found conforming, so it may be conducted.
    const recorded = await take(planned.body as InspectionResponse, 'record', 'OFFICER');
    const inspection = await walk(
      recorded.body as InspectionResponse,
      PATH_TO[state].map((step) => [step, 'OFFICER'] as const),
      take,
    );
    expect(inspection.status).toBe(state);
    return inspection;
  }

  it('should refuse every triple the table does not allow, 403 for the wrong role and 409 for the wrong state', async () => {
    const tried = await expectRefusalsOutsideTable({
      states: STATES,
      steps: STEPS,
      roles: ROLES,
      ...refusalsByTable(ALLOWED, { wrongState: 409, wrongRole: 403 }),
      subjectIn: inspectionIn,
      take,
      answerOf: (res) => res.status,
      read: (inspection) => read(inspection.id),
    });
    expect(tried).toBe(STATES.length * STEPS.length * ROLES.length - ALLOWED.length);
  });

  it('should take every allowed triple to the state the table names, and refuse it with a stale version', async () => {
    await expectAllowedAsTable({
      allowed: ALLOWED,
      subjectIn: inspectionIn,
      take,
      staleVersion: (version) => version - 1,
      staleAnswerOf: (res) => res.status,
      staleAnswer: 409,
    });
  });
});
