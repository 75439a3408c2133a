import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

describe('smoke', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(async () => ctx.close());

  it('should sign in the bootstrap admin and read /me', async () => {
    const token = await login(ctx, ADMIN.email, ADMIN.password);
    const me = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(token));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'ADMIN' });
  });
});
