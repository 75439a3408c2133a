import { createHash } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { FILES_NOT_KEPT, KEPT_FORM_MINUTES, KeptForms } from '../../src/modules/auth/kept-forms';
import { SessionCache } from '../../src/modules/auth/session-cache';
import { createUserAndLogin } from '../factories';
import { ADMIN, login, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf, postSignIn } from '../utils/web-agent';

/**
 * A form posted after the session ended (issue 15): kept for the user of that session only, given back once on
 * its page after signing in again as that user, never to anyone else, and not after KEPT_FORM_MINUTES.
 */
describe('web UI: a form posted after the session ended', () => {
  let ctx: TestContext;
  let adminToken: string;
  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await ctx.close();
  });
  afterEach(() => jest.restoreAllMocks());

  // supertest listens on a new port for each request: the pages are asked for under one fixed host name.
  const HOST = 'itaku.test';
  const PAGE = '/contractors/new';
  const cookieOf = (agentCookies: string[] | undefined, name: string): string | undefined =>
    (agentCookies ?? []).find((c) => c.startsWith(`${name}=`));
  const NOTICE = '保存されていない入力内容を復元しました。内容を確認して、もう一度保存してください。';
  const EXPIRED =
    '一定時間操作がなかったため、サインアウトしました。入力した内容は保持しています。再度サインインしてください。';

  async function signIn(agent: TestAgent, email: string, password: string, next = '/'): Promise<string> {
    const res = await postSignIn(agent, email, password, { next, host: HOST });
    expect(res.status).toBe(303);
    return res.headers.location;
  }

  /** Ends the agent's session by time: its last use moved back past the idle limit (as users.e2e-spec does). */
  async function expireSession(agent: TestAgent): Promise<void> {
    const cookies = agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    const token = cookies.find((c) => c.name === 'ig_session')?.value ?? '';
    expect(token).not.toBe('');
    const idleMs = ctx.config.session.idleMinutes * 60_000;
    const stamp = new Date(Date.now() - idleMs - 120_000).toISOString().replace('T', ' ').replace('Z', '');
    const hash = createHash('sha256').update(token).digest('hex');
    await ctx.dataSource.query('UPDATE session SET last_seen_at = ? WHERE token_hash = ?', [stamp, hash]);
    const [row] = await ctx.dataSource.query<{ user_id: string }[]>(
      'SELECT user_id FROM session WHERE token_hash = ?',
      [hash],
    );
    ctx.app.get(SessionCache).forgetUser(row.user_id);
  }

  /** Opens the new-contractor form, lets the session end, and posts the form as typed. */
  async function postAfterExpiry(agent: TestAgent, name: string): Promise<request.Response> {
    const page = await agent.get(PAGE).set('Host', HOST);
    expect(page.status).toBe(200);
    await expireSession(agent);
    return agent
      .post('/contractors')
      .set('Host', HOST)
      .set('Referer', `http://${HOST}${PAGE}?flash=saved`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        name,
        address: '山形県長井市ままの上5番1号',
        representativeName: '代表取締役 山形 太郎',
        password: 'never kept',
      });
  }

  async function contractorNamed(name: string): Promise<number> {
    const [row] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM contractor WHERE name = ?',
      [name],
    );
    return Number(row.n);
  }

  it('should keep the form for the same user, bring it back once on its page, and save nothing meanwhile', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    await signIn(agent, ADMIN.email, ADMIN.password);
    const name = '株式会社復元テスト';
    const posted = await postAfterExpiry(agent, name);
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/login?next=${encodeURIComponent(PAGE)}&flash=expired`);
    const kept = cookieOf(posted.headers['set-cookie'] as unknown as string[], 'ig_kept');
    expect(kept).toMatch(/HttpOnly/i);
    expect(kept).toMatch(/SameSite=Strict/i);

    const loginPage = await agent.get(posted.headers.location).set('Host', HOST);
    expect(loginPage.text).toContain(EXPIRED);
    expect(await contractorNamed(name)).toBe(0);

    const back = await signIn(agent, ADMIN.email, ADMIN.password, PAGE);
    expect(back).toBe(PAGE);
    const restored = await agent.get(PAGE).set('Host', HOST);
    expect(restored.status).toBe(200);
    expect(restored.text).toContain(NOTICE);
    expect(restored.text).toContain('data-action="/contractors"');
    const fields = JSON.parse(
      (/data-fields="([^"]*)"/.exec(restored.text)?.[1] ?? '{}')
        .replace(/&quot;/g, '"')
        .replace(/&#x3D;/g, '='),
    ) as Record<string, string>;
    expect(fields).toEqual({
      name,
      address: '山形県長井市ままの上5番1号',
      representativeName: '代表取締役 山形 太郎',
    });
    // Not the password, not the dead CSRF token.
    expect(restored.text).not.toContain('never kept');
    // Nothing was saved without the user's action.
    expect(await contractorNamed(name)).toBe(0);

    // Given back once: the next view of the page is the plain form.
    const again = await agent.get(PAGE).set('Host', HOST);
    expect(again.text).not.toContain(NOTICE);
    expect(again.text).not.toContain(name);
  });

  it('should keep the fields of a multipart form (answers posted with their files), never the files', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    await signIn(agent, ADMIN.email, ADMIN.password);
    const page = await agent.get(PAGE).set('Host', HOST);
    await expireSession(agent);
    const name = '株式会社ファイル付き';
    const posted = await agent
      .post(`/contractors?_csrf=${encodeURIComponent(csrfOf(page.text))}`)
      .set('Host', HOST)
      .set('Referer', `http://${HOST}${PAGE}`)
      .field('name', name)
      .field('address', '山形県南陽市三間通436番地1')
      .attach('file', Buffer.from('file contents never kept'), 'evidence.txt');
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/login?next=${encodeURIComponent(PAGE)}&flash=expired`);
    await signIn(agent, ADMIN.email, ADMIN.password, PAGE);
    const restored = await agent.get(PAGE).set('Host', HOST);
    expect(restored.text).toContain(`${NOTICE}${FILES_NOT_KEPT}`);
    expect(restored.text).toContain(name);
    expect(restored.text).toContain('山形県南陽市三間通436番地1');
    expect(restored.text).not.toContain('file contents never kept');
    expect(restored.text).not.toContain('evidence.txt');
  });

  it('should never show the kept form to a different user signing in in the same browser', async () => {
    const other = await createUserAndLogin(ctx, adminToken, 'ADMIN');
    const agent = request.agent(ctx.app.getHttpServer());
    await signIn(agent, other.email, other.password);
    const name = '株式会社他人には見せない';
    const posted = await postAfterExpiry(agent, name);
    expect(posted.headers.location).toBe(`/login?next=${encodeURIComponent(PAGE)}&flash=expired`);

    // Someone else signs in in that browser and goes to the same page: nothing of the kept form.
    const back = await signIn(agent, ADMIN.email, ADMIN.password, PAGE);
    expect(back).toBe(PAGE);
    const page = await agent.get(PAGE).set('Host', HOST);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(NOTICE);
    expect(page.text).not.toContain(name);
    // And it is gone: its own user, signing in after that, does not get it either.
    await signIn(agent, other.email, other.password, PAGE);
    const own = await agent.get(PAGE).set('Host', HOST);
    expect(own.text).not.toContain(name);
    expect(await contractorNamed(name)).toBe(0);
  });

  it(`should drop a kept form after ${KEPT_FORM_MINUTES} minutes`, async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    await signIn(agent, ADMIN.email, ADMIN.password);
    const name = '株式会社時間切れ';
    const before = ctx.app.get(KeptForms).size;
    await postAfterExpiry(agent, name);
    expect(ctx.app.get(KeptForms).size).toBe(before + 1);
    await signIn(agent, ADMIN.email, ADMIN.password, PAGE);
    // The page is opened just after the time limit (the new session is still well within its idle limit).
    const later = Date.now() + KEPT_FORM_MINUTES * 60_000 + 10_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    const page = await agent.get(PAGE).set('Host', HOST);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(NOTICE);
    expect(page.text).not.toContain(name);
    expect(ctx.app.get(KeptForms).size).toBe(before);
  });

  it('should keep nothing from a session that was signed out, and say why after a timeout on a plain page', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    await signIn(agent, ADMIN.email, ADMIN.password);
    await expireSession(agent);
    const res = await agent.get('/contracts').set('Host', HOST);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/contracts')}&flash=timeout`);
    const loginPage = await agent.get(res.headers.location).set('Host', HOST);
    expect(loginPage.text).toContain(
      '一定時間操作がなかったため、サインアウトしました。再度サインインしてください。',
    );

    // A form from another site's page (no Referer of this site) is not kept: the page to return to is unknown.
    const fresh = request.agent(ctx.app.getHttpServer());
    await signIn(fresh, ADMIN.email, ADMIN.password);
    const form = await fresh.get(PAGE).set('Host', HOST);
    await expireSession(fresh);
    const before = ctx.app.get(KeptForms).size;
    const posted = await fresh
      .post('/contractors')
      .set('Host', HOST)
      .set('Referer', `http://elsewhere.example${PAGE}`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), name: '株式会社よそ' });
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe('/login?flash=timeout');
    expect(ctx.app.get(KeptForms).size).toBe(before);
  });
});
