import { request as httpRequest } from 'node:http';
import { createContractor, contractorInput } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

describe('platform: errors, limits, headers and sign-in throttling', () => {
  let ctx: TestContext;
  let admin: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => ctx.close());

  const post = (url: string) =>
    ctx
      .http()
      .post(url)
      .set(...bearer(admin));
  const count = async (): Promise<number> =>
    (
      (
        await ctx
          .http()
          .get('/api/contractors?withTotal=true')
          .set(...bearer(admin))
      ).body as { total: number }
    ).total;

  it('should answer /health with the database state', async () => {
    const res = await ctx.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('should send security headers, no-store on API answers and the request id', async () => {
    const res = await ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(admin))
      .set('X-Request-Id', 'trace-12345678');
    expect(res.headers['content-security-policy']).toContain("base-uri 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    // The server's own id, never the client's (it goes into the audit trail).
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('should answer errors in one shape with the request id', async () => {
    const res = await ctx
      .http()
      .get('/api/contractors/00000000-0000-4000-8000-000000000000')
      .set(...bearer(admin));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      statusCode: 404,
      code: 'CONTRACTOR.NOT_FOUND',
      message: expect.any(String),
      requestId: res.headers['x-request-id'],
    });
  });

  it('should answer 400 for malformed JSON', async () => {
    const res = await post('/api/contractors')
      .set('Content-Type', 'application/json')
      .send('{"name": "株式会社');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON', requestId: expect.any(String) });
  });

  it('should answer 413 for a body over 1 MiB and store nothing', async () => {
    const before = await count();
    const res = await post('/api/contractors').send(contractorInput({ notes: 'あ'.repeat(400_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
    expect(await count()).toBe(before);
  });

  it('should answer 400 for unknown fields, naming them', async () => {
    const res = await post('/api/contractors').send(contractorInput({ isAdmin: true }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'REQUEST.VALIDATION',
      details: { fields: [expect.objectContaining({ field: 'isAdmin', rule: 'unknownField' })] },
    });
  });

  it('should answer 400 for a lone surrogate or a NUL in any string', async () => {
    const lone = await post('/api/contractors')
      .set('Content-Type', 'application/json')
      .send(
        '{"name":"株式会社\\ud800","address":"a","representativeName":"b","securityOfficer":{"name":"c","email":"d@e.jp","phone":"0238-00-0000"}}',
      );
    expect(lone.status).toBe(400);
    expect(lone.body).toMatchObject({ code: 'REQUEST.INVALID_STRING', details: { field: 'body.name' } });
    const nul = await post('/api/contractors').send(contractorInput({ address: '長井市\u0000本町' }));
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'REQUEST.INVALID_STRING', details: { field: 'body.address' } });
    const nested = await post('/api/contractors').send(
      contractorInput({ securityOfficer: { name: '\udfff', email: 'a@b.jp', phone: '0238-00-0000' } }),
    );
    expect(nested.body).toMatchObject({
      code: 'REQUEST.INVALID_STRING',
      details: { field: 'body.securityOfficer.name' },
    });
  });

  it('should answer 400 for a value too long for its column', async () => {
    const res = await post('/api/contractors').send(contractorInput({ name: '株'.repeat(201) }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'REQUEST.VALIDATION',
      details: { fields: [expect.objectContaining({ field: 'name' })] },
    });
    // Emoji with a variation selector: one "character" to people, two code points to the database.
    const emoji = await post('/api/contractors').send(contractorInput({ name: '❤️'.repeat(100) }));
    expect([201, 400]).toContain(emoji.status);
    if (emoji.status === 201) {
      const read = await ctx
        .http()
        .get(`/api/contractors/${(emoji.body as { id: string }).id}`)
        .set(...bearer(admin));
      expect((read.body as { name: string }).name).toBe('❤️'.repeat(100));
    } else {
      expect((emoji.body as { code: string }).code).toMatch(/^(REQUEST.VALIDATION|DB.VALUE_TOO_LONG)$/);
    }
  });

  it('should keep 𠮷, half-width kana and combining marks byte-identical', async () => {
    const name = '𠮷野家ｶﾌﾞｼｷｶﾞｲｼｬ が（結合）';
    const created = await createContractor(ctx, admin, { name });
    const read = await ctx
      .http()
      .get(`/api/contractors/${created.id}`)
      .set(...bearer(admin));
    expect(Buffer.from((read.body as { name: string }).name)).toEqual(Buffer.from(name));
  });

  it('should answer 409 for a duplicate', async () => {
    const input = contractorInput();
    await post('/api/contractors').send(input).expect(201);
    const dup = await post('/api/contractors').send({ ...input, name: '別名' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'CONTRACTOR.CORPORATE_NUMBER_TAKEN' });
  });

  it('should answer 400 for a non-object body, a malformed id and a bad query', async () => {
    expect((await post('/api/contractors').send([1, 2])).status).toBe(400);
    expect(
      (await post('/api/contractors').set('Content-Type', 'application/json').send('"text"')).status,
    ).toBe(400);
    const badId = await ctx
      .http()
      .get('/api/contractors/not-a-uuid')
      .set(...bearer(admin));
    expect(badId.body).toMatchObject({ statusCode: 400, code: 'REQUEST.INVALID_ID' });
    const badLimit = await ctx
      .http()
      .get('/api/contractors?limit=abc')
      .set(...bearer(admin));
    expect(badLimit.status).toBe(400);
    const unknownRoute = await ctx
      .http()
      .get('/api/nothing-here')
      .set(...bearer(admin));
    expect(unknownRoute.body).toMatchObject({ statusCode: 404, code: 'ROUTE.NOT_FOUND' });
  });

  it('should throttle repeated failed sign-ins per account and address, and let the owner in from elsewhere', async () => {
    const email = 'target@example.jp';
    const password = 'the right password 123';
    await post('/api/users').send({ email, displayName: '対象', password, role: 'OFFICER' }).expect(201);
    const attempt = (pw: string, ip?: string) => {
      const req = ctx.http().post('/api/auth/login');
      if (ip) req.set('X-Forwarded-For', ip);
      return req.send({ email, password: pw });
    };
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).status).toBe(401);
    const blocked = await attempt(password);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({
      code: 'AUTH.TOO_MANY_ATTEMPTS',
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // Every 429 and 503 says when to come back, in the header every client reads.
    expect(blocked.headers['retry-after']).toBe(
      String((blocked.body as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds),
    );
    // X-Forwarded-For is not trusted without TRUST_PROXY: a forged header does not change the address.
    expect((await attempt(password, '203.0.113.9')).status).toBe(429);
    const throttled = await ctx
      .http()
      .get('/api/audit-events?action=auth.login_throttled')
      .set(...bearer(admin));
    expect((throttled.body as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
    // The block expires by itself: move it into the past, as time would.
    await ctx.dataSource.query(
      ctx.db.kind === 'sqlite'
        ? 'UPDATE "login_throttle" SET "blocked_until" = ? WHERE "key" LIKE ?'
        : 'UPDATE `login_throttle` SET `blocked_until` = ? WHERE `key` LIKE ?',
      ['2000-01-01 00:00:00.000', `account:${email}|%`],
    );
    expect((await attempt(password)).status).toBe(200);
  });

  it('should answer 400 REQUEST.INVALID_CURSOR to a well-formed cursor of the wrong shape, on every list', async () => {
    const doc = (await ctx.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    const lists = Object.entries(doc.paths)
      .filter(([path, ops]) => !path.includes('{') && ops.get?.parameters?.some((p) => p.name === 'cursor'))
      .map(([path]) => path);
    expect(lists.length).toBeGreaterThanOrEqual(6);
    const encode = (value: unknown): string =>
      Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
    const uuid = '3f0c6a8e-2b1d-4c5e-9f7a-1b2c3d4e5f60';
    const wrong = [
      ['not a date', uuid],
      ['+275760-09-13T00:00:00.000Z', uuid],
      ['2026-02-30T00:00:00.000Z', uuid],
      ['2026-04-01T00:00:00.000Z', 5],
      ['2026-04-01T00:00:00.000Z', "x' OR '1'='1"],
      [1.5],
      [-1],
      ['abc'],
      [1, '2026-13-01', uuid],
      [{}, [], null],
      // The dashboard's shape (five counts, a reading, an id) with a bad id, or a negative count.
      [1, 2, 3, 4, 5, 'ア', 'not-an-id'],
      [-1, 0, 0, 0, 0, 'ア', uuid],
    ];
    for (const path of lists) {
      for (const value of wrong) {
        const res = await ctx
          .http()
          .get(`${path}?cursor=${encode(value)}`)
          .set(...bearer(admin));
        expect({ path, value, status: res.status, code: (res.body as { code?: string }).code }).toEqual({
          path,
          value,
          status: 400,
          code: 'REQUEST.INVALID_CURSOR',
        });
      }
    }
  });

  it('should let no more than the allowed guesses of a parallel burst reach a password check, each 401 audited', async () => {
    const email = 'burst@example.jp';
    const password = 'the right password 456';
    await post('/api/users').send({ email, displayName: '連続', password, role: 'OFFICER' }).expect(201);
    const attempt = (pw: string) => ctx.http().post('/api/auth/login').send({ email, password: pw });
    const burst = await Promise.all(Array.from({ length: 20 }, () => attempt('wrong password')));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    // The right password after the burst is refused too: the block holds.
    expect((await attempt(password)).status).toBe(429);
    const count = async (action: string): Promise<number> => {
      const res = await ctx
        .http()
        .get(`/api/audit-events?action=${action}&withTotal=true&limit=1`)
        .set(...bearer(admin));
      return (res.body as { total: number }).total;
    };
    const failed = await ctx.dataSource.query<{ n: number | string }[]>(
      ctx.db.kind === 'sqlite'
        ? 'SELECT COUNT(*) AS n FROM "audit_event" WHERE "action" = ? AND "summary" LIKE ?'
        : 'SELECT COUNT(*) AS n FROM `audit_event` WHERE `action` = ? AND `summary` LIKE ?',
      ['auth.login_failed', `%${email}%`],
    );
    expect(Number(failed[0].n)).toBe(5);
    expect(await count('auth.login_throttled')).toBeGreaterThanOrEqual(16);
  });
});

describe('platform: production settings', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp({ API_DOCS: 'false' });
  });
  afterAll(async () => ctx.close());

  it('should not serve the API document when API_DOCS=false, and send HSTS only over HTTPS', async () => {
    for (const path of ['/api/docs', '/api/docs-json', '/api/docs-yaml']) {
      expect((await ctx.http().get(path)).status).toBe(404);
    }
    const plain = await ctx.http().get('/api/health');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY a forwarded protocol is not believed: still no HSTS.
    const forged = await ctx.http().get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('platform: bodies over the limit, announced with Expect: 100-continue', () => {
  let ctx: TestContext;
  let port: number;
  beforeAll(async () => {
    ctx = await startTestApp();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.getHttpServer().address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => ctx.close());

  /** Sends the body only after 100 Continue, as curl and .NET do; reports what the client saw. */
  const send = (size: number, contentType: string) =>
    new Promise<{ continued: boolean; status: number; body: string }>((resolve, reject) => {
      let continued = false;
      const body = Buffer.alloc(size, 'a');
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/contractors',
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': size, expect: '100-continue' },
      });
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ continued, status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });

  it('should answer 413 before the body is sent, readable, for JSON and for multipart alike', async () => {
    for (const [size, type] of [
      [2 * 1024 * 1024, 'application/json'],
      [20 * 1024 * 1024, 'multipart/form-data; boundary=x'],
    ] as const) {
      const answer = await send(size, type);
      expect({ type, continued: answer.continued, status: answer.status }).toEqual({
        type,
        continued: false,
        status: 413,
      });
      expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413, code: 'REQUEST.TOO_LARGE' });
    }
    // Within the limit the client is told to go on, and the request is handled as usual (its body is no JSON).
    const small = await send(100, 'application/json');
    expect(small).toMatchObject({ continued: true, status: 400 });
  });
});

describe('platform: behind a trusted proxy', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(async () => ctx.close());

  it('should throttle the address the proxy names, leaving other clients free', async () => {
    const attempt = (ip: string, pw: string) =>
      ctx
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: ADMIN.email, password: pw });
    for (let i = 0; i < 5; i++) expect((await attempt('198.51.100.7', 'wrong password')).status).toBe(401);
    expect((await attempt('198.51.100.7', ADMIN.password)).status).toBe(429);
    expect((await attempt('198.51.100.8', ADMIN.password)).status).toBe(200);
  });

  it('should send HSTS and a Secure session cookie when the trusted proxy says the request came over HTTPS', async () => {
    const res = await ctx.http().get('/api/health').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const form = await ctx.http().get('/login').set('X-Forwarded-Proto', 'https');
    const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []);
    expect(cookies.find((c) => c.startsWith('ig_csrf='))).toMatch(/; Secure/u);
  });
});
