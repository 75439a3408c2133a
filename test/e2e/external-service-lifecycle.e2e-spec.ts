import type { ExternalServiceResponse } from '../../src/modules/external-services/dto/external-service.dto';
import { japanDatePlus } from '../factories';
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
type Status = 'DRAFT' | 'APPLIED' | 'APPROVED' | 'REJECTED' | 'SUSPENDED' | 'ENDING' | 'ENDED';
type Step =
  'edit' | 'apply' | 'approve' | 'reject' | 'reviewContinue' | 'reviewSuspend' | 'end' | 'confirmErasure';

/**
 * The external service's lifecycle as DESIGN.md and issue 17 state it, written out here and never read from the
 * code: an officer applies for a draft; the administrator approves it with conditions or rejects it; the
 * administrator reviews a service in use (continue: APPROVED; suspend: SUSPENDED); the staff end the use (ENDING)
 * and confirm the erasure (ENDED). The staff edit a draft or an application, and the monitored facts of a
 * service in use. Every other
 * (step, role, state) is refused over HTTP — 403 for a role that may never take the step, 409 for a state it may
 * not be taken from — and changes nothing.
 */
const ALLOWED: readonly [Step, Role, Status, Status][] = [
  ['edit', 'OFFICER', 'DRAFT', 'DRAFT'],
  ['edit', 'ADMIN', 'DRAFT', 'DRAFT'],
  ['edit', 'OFFICER', 'APPLIED', 'APPLIED'],
  ['edit', 'ADMIN', 'APPLIED', 'APPLIED'],
  ['edit', 'OFFICER', 'APPROVED', 'APPROVED'],
  ['edit', 'ADMIN', 'APPROVED', 'APPROVED'],
  ['edit', 'OFFICER', 'SUSPENDED', 'SUSPENDED'],
  ['edit', 'ADMIN', 'SUSPENDED', 'SUSPENDED'],
  ['apply', 'OFFICER', 'DRAFT', 'APPLIED'],
  ['approve', 'ADMIN', 'APPLIED', 'APPROVED'],
  ['reject', 'ADMIN', 'APPLIED', 'REJECTED'],
  ['reviewContinue', 'ADMIN', 'APPROVED', 'APPROVED'],
  ['reviewContinue', 'ADMIN', 'SUSPENDED', 'APPROVED'],
  ['reviewSuspend', 'ADMIN', 'APPROVED', 'SUSPENDED'],
  ['reviewSuspend', 'ADMIN', 'SUSPENDED', 'SUSPENDED'],
  ['end', 'OFFICER', 'APPROVED', 'ENDING'],
  ['end', 'ADMIN', 'APPROVED', 'ENDING'],
  ['end', 'OFFICER', 'SUSPENDED', 'ENDING'],
  ['end', 'ADMIN', 'SUSPENDED', 'ENDING'],
  ['confirmErasure', 'OFFICER', 'ENDING', 'ENDED'],
  ['confirmErasure', 'ADMIN', 'ENDING', 'ENDED'],
];
const STEPS: readonly Step[] = [
  'edit',
  'apply',
  'approve',
  'reject',
  'reviewContinue',
  'reviewSuspend',
  'end',
  'confirmErasure',
];
const ROLES: readonly Role[] = ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR'];
const STATES: readonly Status[] = [
  'DRAFT',
  'APPLIED',
  'APPROVED',
  'REJECTED',
  'SUSPENDED',
  'ENDING',
  'ENDED',
];
const PATH_TO: Record<Status, [Step, Role][]> = {
  DRAFT: [],
  APPLIED: [['apply', 'OFFICER']],
  APPROVED: [
    ['apply', 'OFFICER'],
    ['approve', 'ADMIN'],
  ],
  REJECTED: [
    ['apply', 'OFFICER'],
    ['reject', 'ADMIN'],
  ],
  SUSPENDED: [
    ['apply', 'OFFICER'],
    ['approve', 'ADMIN'],
    ['reviewSuspend', 'ADMIN'],
  ],
  ENDING: [
    ['apply', 'OFFICER'],
    ['approve', 'ADMIN'],
    ['end', 'OFFICER'],
  ],
  ENDED: [
    ['apply', 'OFFICER'],
    ['approve', 'ADMIN'],
    ['end', 'OFFICER'],
    ['confirmErasure', 'OFFICER'],
  ],
};

function request(step: Step, version: number): ['patch' | 'post', string, Record<string, unknown>] {
  switch (step) {
    case 'edit':
      return ['patch', '', { version, otherCertifications: 'ISO/IEC 27017' }];
    case 'apply':
      return ['post', '/apply', { version }];
    case 'approve':
      return [
        'post',
        '/decision',
        { version, decision: 'APPROVE', conditions: '公開情報に限り利用すること。' },
      ];
    case 'reject':
      return ['post', '/decision', { version, decision: 'REJECT', reason: '代替手段が示されていない。' }];
    case 'reviewContinue':
      return ['post', '/review', { version, outcome: 'CONTINUE', note: '利用状況に問題はない。' }];
    case 'reviewSuspend':
      return ['post', '/review', { version, outcome: 'SUSPEND', note: '約款が変更されたため確認する。' }];
    case 'end':
      return ['post', '/end', { version, endedOn: japanDatePlus(0) }];
    case 'confirmErasure':
      return ['post', '/erasure-confirmation', { version, note: '事業者の消去証明書を確認した。' }];
  }
}

describe('the external service lifecycle over HTTP, against a table written apart from the code', () => {
  let ctx: TestContext;
  let tokens: Record<Role, string>;

  beforeAll(async () => {
    ctx = await startTestApp();
    const signedIn = await signInEveryRole(ctx);
    tokens = signedIn.tokens;
  });
  afterAll(async () => ctx.close());

  const take = (s: ExternalServiceResponse, step: Step, role: Role, version = s.version) => {
    const [method, path, body] = request(step, version);
    return ctx
      .http()
      [method](`/api/external-services/${s.id}${path}`)
      .set(...bearer(tokens[role]))
      .send(body);
  };
  const read = async (id: string): Promise<ExternalServiceResponse> =>
    (
      await ctx
        .http()
        .get(`/api/external-services/${id}`)
        .set(...bearer(tokens.AUDITOR))
    ).body as ExternalServiceResponse;

  async function serviceIn(state: Status): Promise<ExternalServiceResponse> {
    const created = await ctx
      .http()
      .post('/api/external-services')
      .set(...bearer(tokens.OFFICER))
      .send({
        name: '施設予約サービス',
        providerName: '株式会社置賜クラウド',
        model: 'SAAS',
        contractForm: 'TERMS',
        department: '総務課',
        purpose: '公共施設の予約受付',
        confidentialityClass: 1,
        personalInfo: false,
        specificPersonalInfo: false,
      })
      .expect(201);
    const service = await walk(created.body as ExternalServiceResponse, PATH_TO[state], take);
    expect(service.status).toBe(state);
    return service;
  }

  it('should refuse every triple the table does not allow, 403 for the wrong role and 409 for the wrong state', async () => {
    const tried = await expectRefusalsOutsideTable({
      states: STATES,
      steps: STEPS,
      roles: ROLES,
      ...refusalsByTable(ALLOWED, {
        wrongState: [409, 'EXTERNAL_SERVICE.INVALID_TRANSITION'],
        wrongRole: [403],
      }),
      subjectIn: serviceIn,
      take,
      // A refusal for the state names the code; one for the role is only the status.
      answerOf: (res) => (res.status === 409 ? [409, (res.body as { code: string }).code] : [res.status]),
      read: (service) => read(service.id),
    });
    expect(tried).toBe(STATES.length * STEPS.length * ROLES.length - ALLOWED.length);
  });

  it('should take every allowed triple to the state the table names, and refuse it with a stale version', async () => {
    await expectAllowedAsTable({
      allowed: ALLOWED,
      subjectIn: serviceIn,
      take,
      staleVersion: (version) => version + 5,
      staleAnswerOf: (res) => res.status,
      staleAnswer: 409,
      read: (service) => read(service.id),
    });
  });
});
