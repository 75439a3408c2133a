import type { IncidentResponse } from '../../src/modules/incidents/dto/incident.dto';
import { createApprovedContract } from '../factories';
import {
  expectAllowedAsTable,
  expectRefusalsOutsideTable,
  refusalsByTable,
  walk,
  signInEveryRole,
  type LifecycleRole,
} from '../utils/lifecycle';
import { bearer, startTestApp, type TestContext } from '../utils/test-app';

/** The error code of an answer. */
const codeOf = (res: { body: unknown }): unknown => (res.body as { code?: unknown }).code;

type Role = LifecycleRole;
type Status =
  'REPORTED' | 'UNDER_REVIEW' | 'DETAILED_REPORT_REQUESTED' | 'DETAILED_REPORT_SUBMITTED' | 'CLOSED';
type Step = 'review' | 'requestDetail' | 'submitDetail' | 'close';

/**
 * The incident's lifecycle, written out here and never read from the code: the contractor reports (REPORTED); the
 * officer takes it up (UNDER_REVIEW) and may ask for the written report of 特記事項 事故発生時の報告 第2項 — or ask
 * again after one is filed; the contractor files that report, which the clause makes due whether asked or not, from
 * the first report on; the officer closes the incident once the report is in. Every other (step, role, state) is
 * refused over HTTP — 403 when the role may never take the step, 409 when it may but not from this state — and
 * changes nothing.
 */
const ALLOWED: readonly [Step, Role, Status, Status][] = [
  ['review', 'OFFICER', 'REPORTED', 'UNDER_REVIEW'],
  ['review', 'ADMIN', 'REPORTED', 'UNDER_REVIEW'],
  ['requestDetail', 'OFFICER', 'UNDER_REVIEW', 'DETAILED_REPORT_REQUESTED'],
  ['requestDetail', 'ADMIN', 'UNDER_REVIEW', 'DETAILED_REPORT_REQUESTED'],
  ['requestDetail', 'OFFICER', 'DETAILED_REPORT_SUBMITTED', 'DETAILED_REPORT_REQUESTED'],
  ['requestDetail', 'ADMIN', 'DETAILED_REPORT_SUBMITTED', 'DETAILED_REPORT_REQUESTED'],
  ['submitDetail', 'CONTRACTOR', 'REPORTED', 'DETAILED_REPORT_SUBMITTED'],
  ['submitDetail', 'CONTRACTOR', 'UNDER_REVIEW', 'DETAILED_REPORT_SUBMITTED'],
  ['submitDetail', 'CONTRACTOR', 'DETAILED_REPORT_REQUESTED', 'DETAILED_REPORT_SUBMITTED'],
  ['close', 'OFFICER', 'DETAILED_REPORT_SUBMITTED', 'CLOSED'],
  ['close', 'ADMIN', 'DETAILED_REPORT_SUBMITTED', 'CLOSED'],
];

const STEPS: readonly Step[] = ['review', 'requestDetail', 'submitDetail', 'close'];
const ROLES: readonly Role[] = ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR'];
const STATES: readonly Status[] = [
  'REPORTED',
  'UNDER_REVIEW',
  'DETAILED_REPORT_REQUESTED',
  'DETAILED_REPORT_SUBMITTED',
  'CLOSED',
];

function request(step: Step, version: number): { path: string; body: Record<string, unknown> } {
  switch (step) {
    case 'review':
      return { path: 'review', body: { version, note: '電話で概要を聴取した。' } };
    case 'requestDetail':
      return {
        path: 'detailed-report-request',
        body: { version, message: '原因、被害の範囲、講じた措置及び再発防止策を報告してください。' },
      };
    case 'submitDetail':
      return {
        path: 'detailed-report',
        body: {
          version,
          cause: '宛先の確認手順がなかった。',
          damageScope: '住民3名分の氏名及び住所。',
          measuresTaken: '誤送信先に削除を依頼した。',
          recurrencePrevention: '送信前の二重確認を定めた。',
        },
      };
    case 'close':
      return { path: 'close', body: { version, note: '再発防止策を確認した。' } };
  }
}

const PATH_TO: Record<Status, [Step, Role][]> = {
  REPORTED: [],
  UNDER_REVIEW: [['review', 'OFFICER']],
  DETAILED_REPORT_REQUESTED: [
    ['review', 'OFFICER'],
    ['requestDetail', 'OFFICER'],
  ],
  DETAILED_REPORT_SUBMITTED: [
    ['review', 'OFFICER'],
    ['requestDetail', 'OFFICER'],
    ['submitDetail', 'CONTRACTOR'],
  ],
  CLOSED: [
    ['review', 'OFFICER'],
    ['requestDetail', 'OFFICER'],
    ['submitDetail', 'CONTRACTOR'],
    ['close', 'OFFICER'],
  ],
};

describe('the incident lifecycle over HTTP, against a table written apart from the code', () => {
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

  const take = (incident: IncidentResponse, step: Step, role: Role, version = incident.version) => {
    const { path, body } = request(step, version);
    return ctx
      .http()
      .post(`/api/incidents/${incident.id}/${path}`)
      .set(...bearer(tokens[role]))
      .send(body);
  };
  const read = async (id: string): Promise<IncidentResponse> =>
    (
      await ctx
        .http()
        .get(`/api/incidents/${id}`)
        .set(...bearer(tokens.ADMIN))
    ).body as IncidentResponse;

  async function incidentIn(state: Status): Promise<IncidentResponse> {
    const reported = await ctx
      .http()
      .post('/api/incidents')
      .set(...bearer(tokens.CONTRACTOR))
      .send({
        contractId,
        kind: 'MISDELIVERY',
        detectedAt: new Date(Date.now() - 60_000).toISOString(),
        summary: '通知書の電子データを誤った宛先に送信した。',
        informationInvolved: '住民3名分の氏名及び住所',
      })
      .expect(201);
    const incident = await walk(reported.body as IncidentResponse, PATH_TO[state], take);
    expect(incident.status).toBe(state);
    return incident;
  }

  it('should let only a contractor report (staff and the auditor are refused with 403)', async () => {
    for (const role of ['ADMIN', 'OFFICER', 'AUDITOR'] as const) {
      const res = await ctx
        .http()
        .post('/api/incidents')
        .set(...bearer(tokens[role]))
        .send({
          contractId,
          kind: 'OTHER',
          detectedAt: new Date().toISOString(),
          summary: '試験',
          informationInvolved: '試験',
        });
      expect({ role, status: res.status }).toEqual({ role, status: 403 });
    }
  });

  it('should refuse every triple the table does not allow, 403 for the wrong role and 409 for the wrong state', async () => {
    const tried = await expectRefusalsOutsideTable({
      states: STATES,
      steps: STEPS,
      roles: ROLES,
      ...refusalsByTable(ALLOWED, {
        wrongState: [409, 'INCIDENT.INVALID_STATE'],
        wrongRole: [403, 'AUTH.FORBIDDEN'],
      }),
      subjectIn: incidentIn,
      take,
      answerOf: (res) => [res.status, codeOf(res)],
      read: (incident) => read(incident.id),
    });
    expect(tried).toBe(STATES.length * STEPS.length * ROLES.length - ALLOWED.length);
  });

  it('should take every allowed triple to the state the table names, and refuse it with a stale version', async () => {
    await expectAllowedAsTable({
      allowed: ALLOWED,
      subjectIn: incidentIn,
      take,
      staleVersion: (version) => version + 5,
      staleAnswerOf: (res) => [res.status, codeOf(res)],
      staleAnswer: [409, 'INCIDENT.STALE_VERSION'],
    });
  });

  it('should keep the first written report’s time when the officer asks again and the contractor files again', async () => {
    const incident = await incidentIn('DETAILED_REPORT_SUBMITTED');
    const first = incident.writtenReport.submittedAt;
    expect(first).not.toBeNull();
    const asked = (await take(incident, 'requestDetail', 'OFFICER')).body as IncidentResponse;
    const again = (await take(asked, 'submitDetail', 'CONTRACTOR')).body as IncidentResponse;
    expect(again.status).toBe('DETAILED_REPORT_SUBMITTED');
    expect(again.writtenReport.submittedAt).toBe(first);
  });
});
