import request from 'supertest';
import { Session } from '../../src/modules/auth/session.entity';
import { User } from '../../src/modules/users/user.entity';
import {
  acceptableAnswer,
  createApprovedContract,
  createContractor,
  createUserAndLogin,
  issueOrder,
  reviewedFinding,
} from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf } from '../utils/web-agent';

/**
 * Start-up and logs (issue 14, item 6): a whole journey at LOG_LEVEL=info, its log lines captured, holds no
 * password, session token, password hash, CSRF token nor the audit chain's key; and the first administrator
 * generated when ADMIN_EMAIL / ADMIN_PASSWORD are unset can sign in with the password printed once.
 */

/** Log lines written by the app (pino writes one JSON line per call). */
function capture(): { lines: string[]; destination: { write(line: string): void } } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

const cookieOf = (setCookie: string[] | string | undefined, name: string): string | undefined =>
  ([] as string[])
    .concat(setCookie ?? [])
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
    .slice(name.length + 1);

describe('logs of a whole journey at LOG_LEVEL=info carry no secret', () => {
  let ctx: TestContext;
  const log = capture();
  /** Every secret the journey handled, by what it is. */
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined): void => {
    if (!value || value.length < 8) throw new Error(`${what}: no secret to look for (${String(value)})`);
    secrets.set(value, what);
  };

  beforeAll(async () => {
    ctx = await startTestApp(
      { LOG_LEVEL: 'info', JOBS_ENABLED: 'false' },
      { logDestination: log.destination },
    );
  });
  afterAll(async () => ctx.close());

  it('should log the journey (sign-in, contractor, contract, approval, assessment, order) without a secret', async () => {
    // API sign-ins: passwords and bearer session tokens.
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    keep('the administrator password', ADMIN.password);
    keep('a session token', admin);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const company = await createContractor(ctx, admin);
    const contractor = await createUserAndLogin(ctx, admin, 'CONTRACTOR', company.id);
    for (const user of [officer, contractor]) {
      keep('a user password', user.password);
      keep('a session token', user.token);
    }
    const failed = await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: ADMIN.email, password: 'wrong-guess-1234' });
    expect(failed.status).toBe(401);
    keep('a mistyped password', 'wrong-guess-1234');

    // Contract drafted and approved, its checklist answered, submitted and reviewed with a finding, an order
    // issued on it and answered with a plan.
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    const finding = await reviewedFinding(
      ctx,
      { admin, officer: officer.token, contractor: contractor.token },
      contract.id,
    );
    expect(acceptableAnswer(finding.item).itemId).toBe(finding.item.id);
    const order = await issueOrder(ctx, admin, contract.id, {
      findingItemIds: [finding.item.id],
      dueDate: '2027-03-01',
    });
    const plan = await ctx
      .http()
      .post(`/api/improvement-orders/${order.id}/plan`)
      .set(...bearer(contractor.token))
      .send({
        version: order.version,
        rootCause: '暗号化の手順が定められていなかった。',
        correctiveAction: '暗号化機能付きの媒体に限った。',
        preventiveAction: '四半期ごとに持出し記録を点検する。',
        plannedCompletionDate: '2027-02-01',
      });
    expect(plan.status).toBe(200);

    // A password change and a web sign-in: the CSRF token of the form and the session cookie.
    const changed = await ctx
      .http()
      .patch(`/api/users/${officer.id}`)
      .set(...bearer(admin))
      .send({ version: 1, password: 'a brand new officer passphrase' });
    expect(changed.status).toBe(200);
    keep('a new password', 'a brand new officer passphrase');
    const agent = request.agent(ctx.app.getHttpServer());
    const form = await agent.get('/login');
    keep('a CSRF token', csrfOf(form.text));
    const signedIn = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: ADMIN.email, password: ADMIN.password });
    expect(signedIn.status).toBe(303);
    keep('a session cookie', cookieOf(signedIn.headers['set-cookie'], 'ig_session'));
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    const pageToken = csrfOf((await agent.get('/notifications')).text);
    keep('a CSRF token', pageToken);
    // A multipart form carries its token in the query string (the body is read after the check): the request line
    // is logged without it.
    const viaQuery = await agent
      .post(`/notifications/read-all?_csrf=${encodeURIComponent(pageToken)}`)
      .type('form');
    expect(viaQuery.status).toBe(303);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(home.text) });

    // What the database holds: password hashes and session token hashes; and the audit chain's key.
    for (const user of await ctx.dataSource.getRepository(User).find())
      keep('a password hash', user.passwordHash);
    const sessions = await ctx.dataSource.getRepository(Session).find();
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) keep('a session token hash', session.tokenHash);
    keep('the audit HMAC key (hex)', ctx.config.auditHmacKey.toString('hex'));
    keep('the audit HMAC key (base64)', ctx.config.auditHmacKey.toString('base64'));

    // The log is real: request lines for the routes used, the first administrator, the audit of each write.
    const text = log.lines.join('');
    expect(log.lines.length).toBeGreaterThan(50);
    expect(text).toContain('/api/auth/login');
    expect(text).toContain('/api/improvement-orders');
    expect(text).toContain('"level":30');

    const found = [...secrets]
      .filter(([value]) => text.includes(value))
      .map(([value, what]) => `${what}: ${value.slice(0, 12)}…`);
    expect(found).toEqual([]);
    expect(secrets.size).toBeGreaterThanOrEqual(12);
  }, 120_000);
});

describe('the generated first administrator (no ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  let ctx: TestContext;
  const log = capture();
  let printed = '';

  beforeAll(async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    try {
      ctx = await startTestApp(
        { ADMIN_EMAIL: '', ADMIN_PASSWORD: '', LOG_LEVEL: 'info' },
        { logDestination: log.destination },
      );
    } finally {
      write.mockRestore();
    }
  });
  afterAll(async () => ctx.close());

  it('should print admin@localhost and a password once, which signs in; the logs do not carry it', async () => {
    const match = /First administrator created: (\S+)\n\s+Password \(shown only this once\): (\S+)\n/.exec(
      printed,
    );
    expect(match?.[1]).toBe('admin@localhost');
    const password = match?.[2] ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const signedIn = await ctx.http().post('/api/auth/login').send({ email: 'admin@localhost', password });
    expect(signedIn.status).toBe(200);
    expect((signedIn.body as { user: { role: string } }).user.role).toBe('ADMIN');
    const token = (signedIn.body as { token: string }).token;

    // Recorded in the audit trail as generated, without the password; logged as created, without it either.
    const audit = await ctx
      .http()
      .get('/api/audit-events?action=user.bootstrap_admin')
      .set(...bearer(token));
    expect(audit.status).toBe(200);
    const events = (
      audit.body as { items: { action: string; summary: Record<string, unknown> }[] }
    ).items.filter((e) => e.action === 'user.bootstrap_admin');
    expect(events.map((e) => e.summary)).toEqual([{ email: 'admin@localhost', generatedPassword: true }]);
    const text = log.lines.join('');
    expect(text).toContain('first administrator created');
    expect(text).not.toContain(password);
    expect(JSON.stringify(audit.body)).not.toContain(password);
  });
});
