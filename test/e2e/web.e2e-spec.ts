import request from 'supertest';
import { ADMIN, startTestApp, type TestContext } from '../utils/test-app';
import { csrfOf, postSignIn, webSignIn } from '../utils/web-agent';

/** The web UI over HTTP (the browser journeys are in test/browser). */
describe('web UI: sign-in, session cookie and CSRF', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(async () => ctx.close());

  it('should sign in with the form, set an HttpOnly SameSite=Strict cookie, and show the home page in Japanese', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    const form = await agent.get('/login');
    expect(form.status).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.text).toContain('<html lang="ja">');
    expect(form.text).toContain('<label for="f-email">メールアドレス</label>');
    const signedIn = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: ADMIN.email, password: ADMIN.password });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/');
    const cookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('ig_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('確認を待っている自己点検');
    expect(home.text).toContain('管理者（情報セキュリティ管理者）');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    expect(home.text).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('should keep what was typed and show the error on a failed sign-in', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    const res = await postSignIn(agent, 'someone@example.jp', 'wrong password');
    expect(res.status).toBe(401);
    expect(res.text).toContain('メールアドレスまたはパスワードが正しくありません。');
    expect(res.text).toContain('value="someone@example.jp"');
  });

  it('should refuse a form without its CSRF token', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    await agent.get('/login');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: ADMIN.email, password: ADMIN.password });
    expect(res.status).toBe(403);
    expect(res.text).toContain('フォームの有効期限が切れたか、不正な送信です。');
    expect(res.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^ig_session=/)]),
    );
  });

  it('should send a signed-out visitor to the sign-in page and back after signing in', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    const res = await agent.get('/?flash=saved');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F%3Fflash%3Dsaved');
    const form = await agent.get(res.headers.location);
    const signedIn = await agent
      .post(`/login?next=${encodeURIComponent('/?flash=saved')}`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: ADMIN.email, password: ADMIN.password });
    expect(signedIn.headers.location).toBe('/?flash=saved');
    const evil = await postSignIn(agent, ADMIN.email, ADMIN.password, { next: '//evil.example/' });
    expect(evil.headers.location).toBe('/');
    // Whatever `next` holds, the answer is a redirect to a path of this site, percent-encoded — never a 500 after the
    // session was made, never another host.
    for (const [next, location] of [
      ['/contracts?q=置賜', '/contracts?q=%E7%BD%AE%E8%B3%9C'],
      ['/orders#指示', '/orders#%E6%8C%87%E7%A4%BA'],
      ['/\t/evil.example/', '/'],
      ['/\r\nSet-Cookie: x=1', '/'],
      ['/.//evil.example/', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/login?next=/', '/'],
    ]) {
      const res = await postSignIn(agent, ADMIN.email, ADMIN.password, { next });
      expect({ next, status: res.status, location: res.headers.location }).toEqual({
        next,
        status: 303,
        location,
      });
    }
  });

  it('should bind a form token to its session: one from before signing in, or from another session, is refused', async () => {
    const agent = request.agent(ctx.app.getHttpServer());
    const before = csrfOf((await agent.get('/login')).text);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: before, email: ADMIN.email, password: ADMIN.password })
      .expect(303);
    // Same browser, same CSRF cookie, but the token was shown before this session existed.
    const stale = await agent.post('/notifications/read-all').type('form').send({ _csrf: before });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain('CSRF.INVALID_TOKEN');
    const current = csrfOf((await agent.get('/notifications')).text);
    expect((await agent.post('/notifications/read-all').type('form').send({ _csrf: current })).status).toBe(
      303,
    );
    // Signed in again (a new session): the previous session's token no longer works.
    expect((await postSignIn(agent, ADMIN.email, ADMIN.password)).status).toBe(303);
    expect((await agent.post('/notifications/read-all').type('form').send({ _csrf: current })).status).toBe(
      403,
    );
  });

  it('should refuse a forged token, a token sent without its cookie, and a token from another browser', async () => {
    const signedIn = async (): Promise<{ agent: ReturnType<typeof request.agent>; session: string }> => {
      const agent = request.agent(ctx.app.getHttpServer());
      const res = await postSignIn(agent, ADMIN.email, ADMIN.password);
      expect(res.status).toBe(303);
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('ig_session='));
      return { agent, session: (cookie ?? '').split(';')[0] };
    };
    const mine = await signedIn();
    const token = csrfOf((await mine.agent.get('/notifications')).text);
    expect(token).not.toBe('');
    const post = (agent: ReturnType<typeof request.agent>, csrf: string) =>
      agent.post('/notifications/read-all').type('form').send({ _csrf: csrf });
    // Tokens the server never issued.
    const [salt] = token.split('-');
    expect((await post(mine.agent, `${salt}-${'A'.repeat(43)}`)).status).toBe(403);
    expect((await post(mine.agent, 'x')).status).toBe(403);
    // The right token with the session cookie but without the CSRF cookie it belongs to.
    const bare = await request(ctx.app.getHttpServer())
      .post('/notifications/read-all')
      .set('Cookie', mine.session)
      .type('form')
      .send({ _csrf: token });
    expect(mine.session).toMatch(/^ig_session=/u);
    expect(bare.status).toBe(403);
    // Another browser, signed in as the same person, cannot use it either.
    const theirs = await signedIn();
    expect((await post(theirs.agent, token)).status).toBe(403);
    // Where it was issued, it works.
    expect((await post(mine.agent, token)).status).toBe(303);
  });

  it('should mark the current section, keep pages out of the cache, and say so after signing out', async () => {
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    const page = await agent.get('/contracts');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<a href="/contracts" aria-current="page">契約</a>');
    expect(page.text).not.toContain('<a href="/orders" aria-current="page">');
    expect((await agent.get('/static/app.css')).headers['cache-control']).not.toBe('no-store');
    const out = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(out.headers.location).toBe('/login?flash=signed-out');
    const login = await agent.get(String(out.headers.location));
    expect(login.text).toContain('<p class="flash" role="status">サインアウトしました。</p>');
    // Back after signing out: the page is asked for again, and a signed-out visitor is sent to sign in.
    expect((await agent.get('/contracts')).status).toBe(303);
  });

  it('should not let the session cookie make API writes', async () => {
    const agent = await webSignIn(ctx, ADMIN.email, ADMIN.password);
    expect((await agent.get('/api/auth/me')).status).toBe(200);
    const write = await agent.post('/api/contractors').send({ name: 'x' });
    expect(write.status).toBe(401);
  });

  it('should show a Japanese 404 page for an unknown page', async () => {
    const res = await request(ctx.app.getHttpServer()).get('/no-such-page').set('Accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.text).toContain('ページが見つかりません');
  });
});
