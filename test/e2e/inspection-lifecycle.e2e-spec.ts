import type { InspectionResponse } from '../../src/modules/inspections/dto/inspection.dto';
import { createApprovedContract, createContractor, createUserAndLogin, japanDatePlus } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

type Role = 'ADMIN' | 'OFFICER' | 'AUDITOR' | 'CONTRACTOR';
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
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const company = await createContractor(ctx, admin);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
    const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    tokens = { ADMIN: admin, OFFICER: officer.token, AUDITOR: auditor.token, CONTRACTOR: contractor.token };
    contractId = (await createApprovedContract(ctx, officer.token, company.id)).id;
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
    let inspection = planned.body as InspectionResponse;
    // One item found conforming, so it may be conducted.
    const recorded = await take(inspection, 'record', 'OFFICER');
    inspection = recorded.body as InspectionResponse;
    for (const step of PATH_TO[state]) {
      const res = await take(inspection, step, 'OFFICER');
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
      inspection = res.body as InspectionResponse;
    }
    expect(inspection.status).toBe(state);
    return inspection;
  }

  it('should refuse every triple the table does not allow, 403 for the wrong role and 409 for the wrong state', async () => {
    const mayEver = (step: Step, role: Role) => ALLOWED.some(([s, r]) => s === step && r === role);
    let tried = 0;
    for (const state of STATES) {
      const inspection = await inspectionIn(state);
      for (const step of STEPS) {
        for (const role of ROLES) {
          if (ALLOWED.some(([s, r, from]) => s === step && r === role && from === state)) continue;
          const res = await take(inspection, step, role);
          const expected = mayEver(step, role) ? 409 : 403;
          expect({ state, step, role, status: res.status }).toEqual({ state, step, role, status: expected });
          tried++;
        }
      }
      expect(await read(inspection.id)).toMatchObject({ status: state, version: inspection.version });
    }
    expect(tried).toBe(STATES.length * STEPS.length * ROLES.length - ALLOWED.length);
  });

  it('should take every allowed triple to the state the table names, and refuse it with a stale version', async () => {
    for (const [step, role, from, to] of ALLOWED) {
      const inspection = await inspectionIn(from);
      const stale = await take(inspection, step, role, inspection.version - 1);
      expect({ step, from, status: stale.status }).toEqual({ step, from, status: 409 });
      const res = await take(inspection, step, role);
      expect({ step, role, from, status: res.status, to: (res.body as InspectionResponse).status }).toEqual({
        step,
        role,
        from,
        status: 200,
        to,
      });
      expect((res.body as InspectionResponse).version).toBe(inspection.version + 1);
    }
  });
});
