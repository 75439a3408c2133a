import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type { AccessRule } from '../../src/common/auth/access.decorator';
import { Notification } from '../../src/modules/notifications/notification.entity';
import type { Role } from '../../src/modules/users/user.entity';
import {
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  reviewedFinding,
  subcontractRequestBody,
} from '../factories';
import {
  accessRules,
  BODY_ID_KINDS,
  multipartParts,
  operationsOf,
  paramTarget,
  runPool,
  synthesize,
  type ApiOperation,
  type OpenApiDocument,
  type ParamTarget,
} from '../utils/matrix';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * Issue 7.4: every operation of the OpenAPI document × every role × own / another's / missing object. Expected
 * answers are derived from each route's access rule (Nest metadata), never listed per route:
 * - a role the rule does not list: 403 AUTH.FORBIDDEN from the guard, whatever the object;
 * - an allowed role on a missing object, on another company's object (contractors), on another user's
 *   notification, or on a child that is not under its parent: exactly 404;
 * - an allowed role on its own (or any visible) object: anything but 401, 404, 5xx or the guard's 403. Write
 *   bodies are synthesised from the document's schemas with a stale `version`, so they reach the object lookup
 *   and answer 400/409/422 without changing the fixtures. A 403 with a domain code (e.g. ORDER.FORBIDDEN_STEP:
 *   the transition table gives each step of an order to one party) is accepted for writes only, after the
 *   object was found;
 * - a contractor's answers never carry an id of the other company's fixtures (other than ones it sent).
 */

type ActorKey = 'ADMIN' | 'OFFICER' | 'AUDITOR' | 'CONTRACTOR_A' | 'CONTRACTOR_B';
type Company = 'A' | 'B';
type Variant = 'none' | 'own' | 'foreign' | 'missing' | 'child-missing' | 'child-foreign';
type Expectation = 'forbidden' | 'not-found' | 'reachable';

const ACTORS: readonly ActorKey[] = ['ADMIN', 'OFFICER', 'AUDITOR', 'CONTRACTOR_A', 'CONTRACTOR_B'];
const VARIANTS: readonly Variant[] = ['none', 'own', 'foreign', 'missing', 'child-missing', 'child-foreign'];
const CONCURRENCY = 8;
const GUARD_FORBIDDEN = 'AUTH.FORBIDDEN';

/** A 1×1 PNG, the smallest evidence file the API accepts. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

interface Actor {
  role: Role;
  company: Company | null;
  userId: string;
  email: string;
  password: string;
  token: string;
}

interface Case {
  op: ApiOperation;
  actor: ActorKey;
  variant: Variant;
  expect: Expectation;
  url: string;
  /** Path parameter values, in path order. */
  params: string[];
  json: unknown;
  multipart: { fields: Record<string, string>; files: string[] } | null;
}

interface Outcome {
  c: Case;
  status: number;
  code: string | undefined;
  text: string;
}

const other = (company: Company): Company => (company === 'A' ? 'B' : 'A');
const describeCase = (c: Case): string => `${c.op.route} as ${c.actor} (${c.variant})`;

/** Collects any body (JSON, PDF, CSV, evidence bytes) as a Buffer. */
function collect(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

function allowed(rule: AccessRule, role: Role): boolean {
  return rule.kind !== 'roles' || rule.roles.includes(role);
}

describe('authorization matrix generated from the OpenAPI document (issue 7.4)', () => {
  let ctx: TestContext;
  let doc: OpenApiDocument;
  let operations: ApiOperation[];
  const actors = {} as Record<ActorKey, Actor>;
  /** Company-scoped fixtures: kind → id. */
  const company: Record<Company, Record<string, string>> = { A: {}, B: {} };
  /** User-scoped fixtures (notifications), per actor. */
  const personal = {} as Record<ActorKey, Record<string, string>>;
  const unmapped: string[] = [];
  const unruled: string[] = [];
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  /** Objects a DELETE of the matrix removed (the last phase): a later 404 on them is expected. */
  const gone = new Set<string>();
  const acceptedDomain403: string[] = [];
  let relogins = 0;

  const api = (method: 'get' | 'post' | 'put', url: string, token: string) =>
    ctx
      .http()
      [method](url)
      .set(...bearer(token));

  function expectCreated(res: Response, what: string): string {
    if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { id: string }).id;
  }

  /** Company X's contractor, contract, reviewed assessment with a finding, order, evidence, tier, worker, … */
  async function buildCompany(key: Company): Promise<void> {
    const officer = actors.OFFICER.token;
    const f = company[key];
    f.contractor = (await createContractor(ctx, officer, { name: `マトリクス${key}株式会社` })).id;
    f.subcontractor = (await createContractor(ctx, officer, { name: `マトリクス${key}再委託株式会社` })).id;
    const user = await createUserAndLogin(ctx, actors.ADMIN.token, 'CONTRACTOR', f.contractor);
    actors[`CONTRACTOR_${key}` as const] = { role: 'CONTRACTOR', company: key, userId: user.id, ...user };
    f.user = user.id;
    f.contract = (await createApprovedContract(ctx, officer, f.contractor)).id;
    const finding = await reviewedFinding(
      ctx,
      { admin: actors.ADMIN.token, officer, contractor: user.token },
      f.contract,
    );
    f.assessment = finding.assessmentId;
    f.item = finding.item.id;
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    f.order = expectCreated(
      await api('post', '/api/improvement-orders', actors.ADMIN.token).send({
        contractId: f.contract,
        findingItemIds: [f.item],
        title: '持出し媒体の暗号化の徹底',
        description: '暗号化されていない USB メモリでの持出しを直ちにやめること。',
        severity: 'HIGH',
        dueDate: due,
      }),
      `issue order for ${key}`,
    );
    f.evidence = await makers.evidence(key);
    f.subcontract = expectCreated(
      await api('post', `/api/contracts/${f.contract}/subcontracts`, user.token).send(
        subcontractRequestBody({ subcontractor: { name: `マトリクス${key}再委託株式会社` } }),
      ),
      `request subcontract for ${key}`,
    );
    // Decided, so its notice (再委託不承認通知書) exists for GET …/notice.pdf to find.
    const refused = await api('post', `/api/subcontracts/${f.subcontract}/decision`, officer).send({
      version: 1,
      approved: false,
      note: 'マトリクスの確認のため承認しない。',
    });
    if (refused.status !== 200) throw new Error(`refuse subcontract for ${key}: ${refused.status}`);
    f.worker = await makers.worker(key);
    // 事故報告: reported by the company's contractor, so each company has its own.
    f.incident = expectCreated(
      await api('post', '/api/incidents', user.token).send({
        contractId: f.contract,
        kind: 'MISDELIVERY',
        detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
        summary: '通知書の電子データを誤った宛先に送信した。',
        informationInvolved: '住民3名分の氏名及び住所',
        personalInfo: { persons: 3, sensitive: true, myNumber: false },
      }),
      `report incident for ${key}`,
    );
    // Taken up, so its 事故報告受付通知書 exists for GET …/receipt.pdf to find.
    const reviewed = await api('post', `/api/incidents/${f.incident}/review`, officer).send({ version: 1 });
    if (reviewed.status !== 200) throw new Error(`review incident for ${key}: ${reviewed.status}`);
    f.certification = await makers.certification(key);
    f.inspection = await reportedInspection(f.contract);
    f.externalService = expectCreated(
      await api('post', '/api/external-services', actors.OFFICER.token).send({
        name: `マトリクス${key}クラウド`,
        providerName: `マトリクス${key}株式会社`,
        model: 'SAAS',
        contractForm: 'INDIVIDUAL',
        department: '総務課',
        purpose: '権限マトリクスの確認',
        confidentialityClass: 1,
        personalInfo: false,
        specificPersonalInfo: false,
      }),
      'register external service',
    );
    // Applied for and approved, so its 利用申請書 and 利用許可通知書 exist for GET …/application.pdf and …/decision.pdf.
    for (const [path, token, payload] of [
      ['apply', actors.OFFICER.token, { version: 1 }],
      [
        'decision',
        actors.ADMIN.token,
        { version: 2, decision: 'APPROVE', conditions: '権限マトリクスの確認に限る。' },
      ],
    ] as const) {
      const res = await api('post', `/api/external-services/${f.externalService}/${path}`, token).send(
        payload,
      );
      if (res.status !== 200)
        throw new Error(`external service ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await snsFixtures(f);
  }

  /** An SNS account (the OFFICER its 責任者, OFFICER and ADMIN its 発信担当) and a submitted post of it. */
  async function snsFixtures(f: Record<string, string>): Promise<void> {
    f.snsAccount = expectCreated(
      await api('post', '/api/sns-accounts', actors.OFFICER.token).send({
        platform: 'X',
        handle: `@matrix_${randomUUID().slice(0, 8)}`,
        url: 'https://x.com/matrix',
        displayName: 'マトリクス広域行政事務組合',
        operatorName: '総務課広報係',
        purpose: '権限マトリクスの確認',
        audience: '圏域の住民',
        allowedCategories: ['EVENTS'],
        forbiddenCategories: ['PERSONAL_INFO'],
        managerId: actors.OFFICER.userId,
        posterIds: [actors.OFFICER.userId, actors.ADMIN.userId],
        twoFactorEnabled: true,
        twoFactorMethod: 'AUTHENTICATOR_APP',
        verified: true,
        websiteListingUrl: 'https://www.example.lg.jp/sns.html',
      }),
      'register SNS account',
    );
    // Active, so its 運用方針 is issued (GET …/policy.pdf finds it).
    const activated = await api(
      'post',
      `/api/sns-accounts/${f.snsAccount}/activate`,
      actors.OFFICER.token,
    ).send({
      version: 1,
    });
    if (activated.status !== 200) throw new Error(`activate SNS account: ${activated.status}`);
    f.snsPost = expectCreated(
      await api('post', `/api/sns-accounts/${f.snsAccount}/posts`, actors.OFFICER.token).send({
        text: '権限マトリクスの確認のための投稿案',
        informationClass: 1,
        submit: true,
      }),
      'draft SNS post',
    );
  }

  /** A 立入検査 taken to REPORTED, so its own contractor reads it and its 検査結果通知書. */
  async function reportedInspection(contractId: string): Promise<string> {
    const officer = actors.OFFICER.token;
    const planned = await api('post', '/api/inspections', officer).send({
      contractId,
      kind: 'DOCUMENT',
      plannedOn: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10),
      announced: true,
      inspectors: [{ name: '長井 花子' }],
    });
    const id = expectCreated(planned, 'plan inspection');
    let body = planned.body as { version: number; items: { id: string }[] };
    for (const [method, path, payload] of [
      ['put', 'items', { items: [{ itemId: body.items[0].id, result: 'CONFORMING' }] }],
      ['post', 'conduct', { conductedOn: new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10) }],
      ['post', 'report', {}],
    ] as const) {
      const res = await api(method, `/api/inspections/${id}/${path}`, officer).send({
        version: body.version,
        ...payload,
      });
      if (res.status !== 200)
        throw new Error(`inspection ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      body = res.body as typeof body;
    }
    return id;
  }

  /**
   * Objects that DELETE routes remove, made on demand: each DELETE of the last phase gets a fresh one, so every
   * allowed role deletes an existing object. A kind without a maker falls back to the shared fixture.
   */
  const makers: Record<string, (key: Company) => Promise<string>> = {
    evidence: async (key) =>
      expectCreated(
        await api('post', '/api/evidence', actors[`CONTRACTOR_${key}` as const].token)
          .field('orderId', company[key].order)
          .attach('file', PNG, { filename: 'matrix.png', contentType: 'image/png' }),
        `upload evidence for ${key}`,
      ),
    worker: async (key) =>
      expectCreated(
        await api('post', `/api/contracts/${company[key].contract}/workers`, actors.OFFICER.token).send({
          name: '髙橋 一郎',
          employerContractorId: company[key].contractor,
          role: '業務責任者',
          workLocation: '受託者本社（山形県長井市）',
        }),
        `add worker for ${key}`,
      ),
    certification: async (key) =>
      expectCreated(
        await api(
          'post',
          `/api/contractors/${company[key].contractor}/certifications`,
          actors.OFFICER.token,
        ).send({
          type: 'ISMS',
          registrationNumber: `IS ${key}-${randomUUID().slice(0, 8)}`,
          issuer: '一般財団法人日本品質保証機構',
          validFrom: '2026-04-01',
          validUntil: '2029-03-31',
        }),
        `add certification for ${key}`,
      ),
  };

  /** The user whose notification is "another's" for this actor. */
  const otherUser = (key: ActorKey): ActorKey => (key === 'CONTRACTOR_A' ? 'CONTRACTOR_B' : 'CONTRACTOR_A');

  function fixtureId(target: ParamTarget, key: ActorKey, whose: 'own' | 'other'): string {
    const owner =
      target.scope === 'user'
        ? personal[whose === 'own' ? key : otherUser(key)]
        : company[whose === 'own' ? (actors[key].company ?? 'A') : other(actors[key].company ?? 'A')];
    const id = owner[target.kind];
    if (!id)
      throw new Error(`no fixture of kind ${target.kind} (${target.scope}) — build one in buildCompany`);
    return id;
  }

  /** The cases of one operation for one actor, or null (recorded in `unmapped`) when a parameter has no fixture. */
  function casesOf(op: ApiOperation, key: ActorKey, rule: AccessRule): Case[] | null {
    const targets = op.pathParams.map((p) => paramTarget(op.path, p));
    const missingTargets = op.pathParams.filter((_p, i) => !targets[i]);
    if (missingTargets.length) {
      const message =
        `${op.method.toUpperCase()} ${op.path}: no fixture mapping for path parameter(s) ` +
        `${missingTargets.join(', ')} — extend BY_NAME / BY_SEGMENT in test/utils/matrix.ts`;
      if (!unmapped.includes(message)) unmapped.push(message);
      return null;
    }
    const resolved = targets as ParamTarget[];
    const isContractor = actors[key].company !== null;
    const variants: Variant[] = [];
    if (resolved.length === 0) variants.push('none');
    else {
      variants.push('own');
      if (isContractor || resolved.some((t) => t.scope === 'user')) variants.push('foreign');
      variants.push('missing');
      if (resolved.length > 1) variants.push('child-missing', 'child-foreign');
    }
    const last = resolved.length - 1;
    return variants.map((variant): Case => {
      const params = resolved.map((t, i) => {
        if (variant === 'missing' || (variant === 'child-missing' && i === last)) return randomUUID();
        if (variant === 'foreign' || (variant === 'child-foreign' && i === last))
          return fixtureId(t, key, 'other');
        return fixtureId(t, key, 'own');
      });
      let url = op.path;
      op.pathParams.forEach((p, i) => (url = url.replace(`{${p}}`, params[i])));
      // Body ids point at objects of the path object's company (the actor's own when the path has none).
      const first = resolved[0];
      const bodyCompany: Company =
        variant === 'foreign' && first?.scope === 'company'
          ? other(actors[key].company ?? 'A')
          : (actors[key].company ?? 'A');
      const idFor = (property: string): string | undefined => {
        const kind = BODY_ID_KINDS[property];
        return kind ? company[bodyCompany][kind] : undefined;
      };
      const query = op.requiredQuery
        .map((q) => `${q.name}=${encodeURIComponent(String(synthesize(doc, q.schema, idFor, q.name)))}`)
        .join('&');
      if (query) url += `?${query}`;
      const multipart = op.body?.contentType.startsWith('multipart/')
        ? multipartParts(doc, op.body.schema, idFor)
        : null;
      const json = op.body && !multipart ? synthesize(doc, op.body.schema, idFor) : undefined;
      const expectation: Expectation = !allowed(rule, actors[key].role)
        ? 'forbidden'
        : variant === 'none' || variant === 'own'
          ? 'reachable'
          : 'not-found';
      return { op, actor: key, variant, expect: expectation, url, params, json, multipart };
    });
  }

  async function send(c: Case): Promise<Outcome> {
    let req = ctx
      .http()
      [c.op.method](c.url)
      .set(...bearer(actors[c.actor].token));
    if (c.multipart) {
      for (const [name, value] of Object.entries(c.multipart.fields)) req = req.field(name, value);
      for (const name of c.multipart.files)
        req = req.attach(name, PNG, { filename: 'matrix.png', contentType: 'image/png' });
    } else if (c.json !== undefined) {
      req = req.send(c.json as object);
    }
    const res = await req.buffer(true).parse(collect);
    const text = (res.body as Buffer).toString('utf8');
    let code: string | undefined;
    if (String(res.headers['content-type'] ?? '').includes('json')) {
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {
        code = undefined;
      }
    }
    const outcome = { c, status: res.status, code, text };
    outcomes.push(outcome);
    judge(outcome);
    return outcome;
  }

  /** Ids of the other company's fixtures, which a contractor must never receive (unless it sent them). */
  function leaks(o: Outcome): string[] {
    const own = actors[o.c.actor].company;
    if (own === null) return [];
    const theirs = company[other(own)];
    const sent = `${o.c.url} ${JSON.stringify(o.c.json ?? null)} ${JSON.stringify(o.c.multipart ?? null)}`;
    const foreign: [string, string][] = [
      ...Object.entries(theirs),
      ...Object.entries(personal[own === 'A' ? 'CONTRACTOR_B' : 'CONTRACTOR_A']),
    ];
    return foreign.filter(([, id]) => o.text.includes(id) && !sent.includes(id)).map(([kind]) => kind);
  }

  function judge(o: Outcome): void {
    const { c, status, code } = o;
    const where = `${describeCase(c)} → ${status}${code ? ` ${code}` : ''}`;
    const leaked = leaks(o);
    if (leaked.length)
      failures.push(`LEAK ${where}: the answer carries the other company's ${leaked.join(', ')} id(s)`);
    if (status >= 500) failures.push(`5xx ${where}`);
    else if (status === 401) failures.push(`401 for a signed-in user: ${where}`);
    else if (c.expect === 'forbidden') {
      if (status !== 403 || code !== GUARD_FORBIDDEN)
        failures.push(`${where}: expected 403 ${GUARD_FORBIDDEN} (role not in the route's rule)`);
    } else if (c.expect === 'not-found') {
      if (status !== 404) {
        const leak = status < 300 && actors[c.actor].company !== null && c.variant === 'foreign';
        failures.push(`${leak ? 'LEAK ' : ''}${where}: expected 404 (${c.variant} object)`);
      }
    } else if (status === 404) {
      if (!c.params.some((p) => gone.has(p))) failures.push(`${where}: expected the object to be found`);
    } else if (status === 403) {
      if (code === GUARD_FORBIDDEN || c.op.method === 'get')
        failures.push(`${where}: an allowed role was refused`);
      else acceptedDomain403.push(`${c.op.route} as ${c.actor}: ${code ?? '?'}`);
    }
  }

  /** A write may end the caller's own session (logout): sign in again so the rest of the matrix runs. */
  async function keepSignedIn(key: ActorKey): Promise<void> {
    const me = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(actors[key].token));
    if (me.status === 401) {
      actors[key].token = await login(ctx, actors[key].email, actors[key].password);
      relogins += 1;
    }
  }

  function summary(): string {
    const byRoute = new Map<string, Map<ActorKey, string[]>>();
    for (const o of outcomes) {
      const row = byRoute.get(o.c.op.route) ?? new Map<ActorKey, string[]>();
      const cell = row.get(o.c.actor) ?? [];
      cell[VARIANTS.indexOf(o.c.variant)] = String(o.status);
      row.set(o.c.actor, cell);
      byRoute.set(o.c.op.route, row);
    }
    const width = Math.max(...[...byRoute.keys()].map((r) => r.length));
    const lines = [
      `authorization matrix: ${byRoute.size} operations × ${ACTORS.length} roles, ${outcomes.length} requests, ` +
        `${failures.length} failure(s); cells: ${VARIANTS.slice(1).join('/')} (or none)`,
      `${''.padEnd(width)}  ${ACTORS.map((a) => a.padEnd(22)).join('')}`,
    ];
    for (const [route, row] of byRoute) {
      const cells = ACTORS.map((a) =>
        (row.get(a) ?? [])
          .filter((s) => s !== undefined)
          .join('/')
          .padEnd(22),
      );
      lines.push(`${route.padEnd(width)}  ${cells.join('')}`);
    }
    lines.push(
      `${acceptedDomain403.length} domain 403(s) accepted on own objects (writes only), ${relogins} re-sign-in(s)`,
    );
    return [...lines, '', ...failures].join('\n');
  }

  beforeAll(async () => {
    ctx = await startTestApp();
    const adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    const me = await api('get', '/api/auth/me', adminToken);
    actors.ADMIN = {
      role: 'ADMIN',
      company: null,
      userId: (me.body as { id: string }).id,
      email: ADMIN.email,
      password: ADMIN.password,
      token: adminToken,
    };
    for (const role of ['OFFICER', 'AUDITOR'] as const) {
      const user = await createUserAndLogin(ctx, adminToken, role);
      actors[role] = { role, company: null, userId: user.id, ...user };
    }
    await buildCompany('A');
    await buildCompany('B');
    for (const key of ACTORS) {
      const id = randomUUID();
      await ctx.dataSource.manager.insert(Notification, {
        id,
        userId: actors[key].userId,
        kind: 'MATRIX',
        subject: '権限マトリクス試験',
        body: '権限マトリクス試験の通知です。',
        link: null,
        dedupeKey: `matrix:${id}`,
        readAt: null,
        emailedAt: new Date(),
        createdAt: new Date(),
      });
      personal[key] = { notification: id };
    }

    doc = (await ctx.http().get('/api/docs-json').expect(200)).body as OpenApiDocument;
    operations = operationsOf(doc, '/api/').filter((op) => op.route !== 'POST /api/auth/login');
    const rules = accessRules(ctx.app);
    const cases: Case[] = [];
    for (const op of operations) {
      const rule = rules.get(op.route);
      if (!rule) {
        unruled.push(`${op.route}: no controller route with an access rule matches this operation`);
        continue;
      }
      for (const key of ACTORS) cases.push(...(casesOf(op, key, rule) ?? []));
    }

    const reads = cases.filter((c) => c.op.method === 'get');
    const writes = cases.filter((c) => c.op.method !== 'get');
    // 1. Reads. 2. Writes that must be refused (no state can change). 3. Writes on own objects, one lane per
    // actor so a logout cannot race the actor's other requests. 4. DELETEs on own objects, last and in order.
    await runPool(reads, CONCURRENCY, send);
    await runPool(
      writes.filter((c) => c.expect !== 'reachable'),
      CONCURRENCY,
      send,
    );
    const ownWrites = writes.filter((c) => c.expect === 'reachable' && c.op.method !== 'delete');
    await runPool(ACTORS, ACTORS.length, async (key) => {
      for (const c of ownWrites.filter((w) => w.actor === key)) {
        const o = await send(c);
        if (o.status < 300) await keepSignedIn(key);
      }
    });
    for (const c of writes.filter((w) => w.expect === 'reachable' && w.op.method === 'delete')) {
      const last = c.params.length - 1;
      const target = paramTarget(c.op.path, c.op.pathParams[last]);
      const maker = target?.scope === 'company' ? makers[target.kind] : undefined;
      let run = c;
      if (maker) {
        const fresh = await maker(actors[c.actor].company ?? 'A');
        const params = c.params.map((p, i) => (i === last ? fresh : p));
        run = { ...c, params, url: c.url.replace(c.params[last], fresh) };
      }
      if ((await send(run)).status < 300) gone.add(run.params[last]);
    }
  }, 180_000);

  afterAll(async () => ctx?.close());

  it('should map every path parameter of every operation to a fixture (a new route must extend the mapping)', () => {
    expect(unmapped).toEqual([]);
  });

  it('should find the access rule of every operation in the controllers', () => {
    expect(unruled).toEqual([]);
  });

  it('should cover every operation under /api/ for every role', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      const roles = new Set(outcomes.filter((o) => o.c.op === op).map((o) => o.c.actor));
      expect({ route: op.route, roles: [...roles].sort() }).toEqual({
        route: op.route,
        roles: [...ACTORS].sort(),
      });
    }
  });

  it('should answer each role as the route allows: 403 for other roles, 404 for missing or foreign objects, no leak', () => {
    if (failures.length) console.log(summary());
    expect(failures).toEqual([]);
  });

  it('should never answer 5xx anywhere in the matrix', () => {
    expect(outcomes.filter((o) => o.status >= 500).map((o) => `${describeCase(o.c)} → ${o.status}`)).toEqual(
      [],
    );
  });
});
