// The machinery of the lifecycle specs (order, incident, inspection, external service, close-out, SNS): walking a
// new record to a state, then trying every (step, role, state) outside the expected table and checking each is
// refused and changes nothing, and taking every allowed one to the state the table names. The expected tables
// stay written out in each spec, apart from the code's own; only the loops live here.
import type { Response } from 'supertest';
import { createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, type TestContext } from './test-app';

export type LifecycleRole = 'ADMIN' | 'OFFICER' | 'AUDITOR' | 'CONTRACTOR';

/** A token for each of the four roles the tables name, the contractor's user belonging to a new contractor. */
export async function signInEveryRole(
  ctx: TestContext,
): Promise<{ tokens: Record<LifecycleRole, string>; contractorId: string }> {
  const admin = await login(ctx, ADMIN.email, ADMIN.password);
  const company = await createContractor(ctx, admin);
  const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
  const auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
  const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
  return {
    tokens: { ADMIN: admin, OFFICER: officer.token, AUDITOR: auditor.token, CONTRACTOR: contractor.token },
    contractorId: company.id,
  };
}

/** What every lifecycle record answers with: where it is, and the version a step must name. */
export interface Versioned {
  status: string;
  version: number;
}

/** Takes `step` as `role` on `subject`, naming `version` (the subject's own when omitted). */
export type TakeStep<Subject, Step, Role> = (
  subject: Subject,
  step: Step,
  role: Role,
  version?: number,
) => PromiseLike<Response>;

/**
 * Brings `start` along `path`, one step after the other, each by its role; throws, naming the step, on the first
 * that is not taken (200), since every test after it would be about the wrong state.
 */
export async function walk<Subject, Step, Role>(
  start: Subject,
  path: readonly (readonly [Step, Role])[],
  take: TakeStep<Subject, Step, Role>,
): Promise<Subject> {
  let subject = start;
  for (const [step, role] of path) {
    const res = await take(subject, step, role);
    if (res.status !== 200)
      throw new Error(`${String(step)} as ${String(role)}: ${res.status} ${JSON.stringify(res.body)}`);
    subject = res.body as Subject;
  }
  return subject;
}

/**
 * For a spec's table of allowed [step, role, from, to] rows: which triples it allows, and the answer every other
 * one must get — `wrongState` when the role may take the step from some other state, `wrongRole` when never.
 */
export function refusalsByTable<Step, Role, State extends string>(
  table: readonly (readonly [Step, Role, State, State])[],
  answers: { wrongState: unknown; wrongRole: unknown },
): {
  allowed: (step: Step, role: Role, state: State) => boolean;
  refusal: (step: Step, role: Role) => unknown;
} {
  return {
    allowed: (step, role, state) => table.some(([s, r, from]) => s === step && r === role && from === state),
    refusal: (step, role) =>
      table.some(([s, r]) => s === step && r === role) ? answers.wrongState : answers.wrongRole,
  };
}

export interface RefusalSweep<Subject extends Versioned, Step, Role, State extends string> {
  states: readonly State[];
  steps: readonly Step[];
  roles: readonly Role[];
  /** Whether the spec's expected table lets `role` take `step` from `state`; those triples are skipped. */
  allowed: (step: Step, role: Role, state: State) => boolean;
  /** A new record brought to `state` (checked to be there). */
  subjectIn: (state: State) => Promise<Subject>;
  /** A new record for every triple (when one would not stay put otherwise); by default one per state. */
  subjectPerCase?: boolean;
  take: TakeStep<Subject, Step, Role>;
  /** What is compared of an answer: the status, or the status with the error code (which may depend on the role). */
  answerOf: (res: Response, role: Role) => unknown;
  /** The answer the table calls for, e.g. 403 for a role that may never take the step, 409 for the wrong state. */
  refusal: (step: Step, role: Role, state: State) => unknown;
  /** The record read back: its status and version must be as before. */
  read: (subject: Subject) => Promise<Versioned>;
  /** Read back after every triple rather than once after all those of a state. */
  readEach?: boolean;
}

/**
 * Tries every (step, role, state) the table does not allow and expects `refusal`'s answer, then reads the record
 * back unchanged (same status, same version). Returns how many triples were tried, for the spec to check against
 * its table.
 */
export async function expectRefusalsOutsideTable<Subject extends Versioned, Step, Role, State extends string>(
  sweep: RefusalSweep<Subject, Step, Role, State>,
): Promise<number> {
  const unchanged = async (subject: Subject, state: State, where: object): Promise<void> => {
    const after = await sweep.read(subject);
    expect({ ...where, status: after.status, version: after.version }).toEqual({
      ...where,
      status: state,
      version: subject.version,
    });
  };
  let tried = 0;
  for (const state of sweep.states) {
    let subject = sweep.subjectPerCase ? undefined : await sweep.subjectIn(state);
    for (const step of sweep.steps) {
      for (const role of sweep.roles) {
        if (sweep.allowed(step, role, state)) continue;
        if (sweep.subjectPerCase) subject = await sweep.subjectIn(state);
        const on = subject as Subject;
        const res = await sweep.take(on, step, role);
        expect({ state, step, role, answer: sweep.answerOf(res, role) }).toEqual({
          state,
          step,
          role,
          answer: sweep.refusal(step, role, state),
        });
        if (sweep.readEach || sweep.subjectPerCase) await unchanged(on, state, { state, step, role });
        tried++;
      }
    }
    if (subject !== undefined && !sweep.readEach && !sweep.subjectPerCase) {
      await unchanged(subject, state, { state });
    }
  }
  return tried;
}

export interface AllowedSweep<Subject extends Versioned, Step, Role, State extends string> {
  /** The spec's expected table: [step, role, from, to]. */
  allowed: readonly (readonly [Step, Role, State, State])[];
  subjectIn: (state: State) => Promise<Subject>;
  take: TakeStep<Subject, Step, Role>;
  /** A version other than the record's, which the step must refuse. */
  staleVersion: (version: number) => number;
  /** What is compared of the stale answer, and what it must be. */
  staleAnswerOf: (res: Response) => unknown;
  staleAnswer: unknown;
  /** When given, the record is read back after the step: it must be in the new state at the next version. */
  read?: (subject: Subject) => Promise<Versioned>;
}

/**
 * Takes every allowed triple of the table from a new record in its `from` state: first with a stale version
 * (refused), then with the record's own, which must answer 200 with the table's `to` state and the next version.
 */
export async function expectAllowedAsTable<Subject extends Versioned, Step, Role, State extends string>(
  sweep: AllowedSweep<Subject, Step, Role, State>,
): Promise<void> {
  for (const [step, role, from, to] of sweep.allowed) {
    const subject = await sweep.subjectIn(from);
    const stale = await sweep.take(subject, step, role, sweep.staleVersion(subject.version));
    expect({ step, from, answer: sweep.staleAnswerOf(stale) }).toEqual({
      step,
      from,
      answer: sweep.staleAnswer,
    });
    const res = await sweep.take(subject, step, role);
    const body = res.body as Versioned;
    expect({ step, role, from, status: res.status, to: body.status }).toEqual({
      step,
      role,
      from,
      status: 200,
      to,
    });
    expect(body.version).toBe(subject.version + 1);
    if (sweep.read) {
      expect(await sweep.read(subject)).toMatchObject({ status: to, version: subject.version + 1 });
    }
  }
}
