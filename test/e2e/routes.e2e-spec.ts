import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeInventory, type RouteInfo } from '../utils/route-inventory';
import { startTestApp, type TestContext } from '../utils/test-app';

/** Every route of every controller, with the access rule the guard will apply to it. */
function inventory(ctx: TestContext): RouteInfo[] {
  return routeInventory(ctx.app);
}

describe('routes', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(async () => ctx.close());

  it('should declare who may call every route (deny by default)', () => {
    const routes = inventory(ctx);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.rule === undefined).map((r) => r.route)).toEqual([]);
  });

  it('should keep the public routes to sign-in, the health check and the list of official SNS accounts', () => {
    const open = inventory(ctx)
      .filter((r) => r.rule?.kind === 'public')
      .map((r) => r.route)
      .sort();
    expect(open).toEqual([
      'GET /health',
      'GET /login',
      'GET /official-accounts',
      'GET /official-accounts.json',
      'POST /api/auth/login',
      'POST /login',
    ]);
  });

  it('should refuse every non-public route without a session: 401 for the API, the sign-in page for the web UI', async () => {
    for (const { route, rule } of inventory(ctx)) {
      if (rule?.kind === 'public') continue;
      const [method, path] = route.split(' ');
      const url = path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await ctx
        .http()
        [method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](url)
        .send({});
      if (path.startsWith('/api/')) {
        expect({ route, status: res.status, code: (res.body as { code?: string }).code }).toEqual({
          route,
          status: 401,
          code: 'AUTH.UNAUTHENTICATED',
        });
      } else if (method === 'GET') {
        expect({ route, status: res.status, location: res.headers.location }).toEqual({
          route,
          status: 303,
          location: `/login?next=${encodeURIComponent(url)}`,
        });
      } else {
        // A web form without its CSRF token is refused before anything else.
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
      }
    }
  });

  it('should document every route in the OpenAPI document with its error shape', async () => {
    const res = await ctx.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const { route } of inventory(ctx)) {
      const path = route.split(' ')[1];
      if (path.startsWith('/api/') || path === '/health') expect(documented).toContain(route);
      else expect(documented).not.toContain(route); // web pages stay out of the API document
    }
    expect(doc.components.schemas.ErrorResponse).toBeDefined();
    // Kept for the CI step that lints it with Redocly.
    if (process.env.OPENAPI_OUT) writeFileSync(join(process.env.OPENAPI_OUT), JSON.stringify(doc, null, 2));
  });

  it('should serve the Swagger UI page', async () => {
    const res = await ctx.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
