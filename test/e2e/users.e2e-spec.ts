import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { createContractor, createUserAndLogin } from '../factories';
import type { AuditEventBody, ErrorBody, PageBody, UserBody } from '../utils/bodies';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';
import { SessionCache } from '../../src/modules/auth/session-cache';

const USER_FIELDS = [
  'active',
  'contractorId',
  'createdAt',
  'displayName',
  'email',
  'id',
  'lastLoginAt',
  'role',
  'updatedAt',
  'version',
];

const errorOf = (res: Response): ErrorBody => res.body as ErrorBody;
const userOf = (res: Response): UserBody => res.body as UserBody;
const pageOf = <T>(res: Response): PageBody<T> => res.body as PageBody<T>;
const tag = (): string => randomBytes(4).toString('hex');
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A response must never carry a password hash, in any spelling, nor the argon2 string itself. */
function expectNoSecrets(res: Response, password?: string): void {
  expect(res.text).not.toMatch(/password_?hash/i);
  expect(res.text).not.toContain('$argon2');
  if (password) expect(res.text).not.toContain(password);
}

describe('users (e2e)', () => {
  let ctx: TestContext;
  let adminToken: string;
  let adminId: string;
  let contractorId: string;

  beforeAll(async () => {
    ctx = await startTestApp();
    adminToken = await login(ctx, ADMIN.email, ADMIN.password);
    adminId = userOf(
      await ctx
        .http()
        .get('/api/auth/me')
        .set(...bearer(adminToken)),
    ).id;
    contractorId = (await createContractor(ctx, adminToken, { name: '利用者テスト株式会社' })).id;
  });
  afterAll(async () => ctx?.close());

  const createUser = (body: Record<string, unknown>, token = adminToken): Promise<Response> =>
    ctx
      .http()
      .post('/api/users')
      .set(...bearer(token))
      .send(body);
  const patchUser = (id: string, body: Record<string, unknown>, token = adminToken): Promise<Response> =>
    ctx
      .http()
      .patch(`/api/users/${id}`)
      .set(...bearer(token))
      .send(body);
  const signIn = (email: string, password: string): Promise<Response> =>
    ctx.http().post('/api/auth/login').send({ email, password });
  const me = (token: string): Promise<Response> =>
    ctx
      .http()
      .get('/api/auth/me')
      .set(...bearer(token));

  /** Every user, read as the administrator (the file creates fewer than 100). */
  async function allUsers(): Promise<UserBody[]> {
    const res = await ctx
      .http()
      .get('/api/users')
      .query({ limit: 100 })
      .set(...bearer(adminToken));
    expect(res.status).toBe(200);
    expect(pageOf<UserBody>(res).nextCursor).toBeNull();
    return pageOf<UserBody>(res).items;
  }

  describe('creating users', () => {
    const t = tag();
    const password = `長いパスワード-${t}-secret`;
    const created: Record<string, UserBody> = {};

    it('should create an OFFICER, an AUDITOR and a CONTRACTOR bound to its company, with lower-cased emails', async () => {
      const inputs = [
        { email: `Officer.${t}@Example.LG.JP`, displayName: '契約 太郎', password, role: 'OFFICER' },
        { email: `  AUDITOR.${t}@example.lg.jp `, displayName: '監査 花子', password, role: 'AUDITOR' },
        {
          email: `Contractor.${t}@Okitama-IS.example.jp`,
          displayName: '受託 次郎',
          password,
          role: 'CONTRACTOR',
          contractorId,
        },
      ];
      for (const input of inputs) {
        const res = await createUser(input);
        expect(res.status).toBe(201);
        expectNoSecrets(res, password);
        expect(Object.keys(res.body as object).sort()).toEqual(USER_FIELDS);
        const user = userOf(res);
        expect(user).toMatchObject({
          email: input.email.trim().toLowerCase(),
          displayName: input.displayName,
          role: input.role,
          contractorId: input.contractorId ?? null,
          version: 1,
          lastLoginAt: null,
        });
        created[input.role] = user;
      }

      const listed = await ctx
        .http()
        .get('/api/users')
        .query({ limit: 100 })
        .set(...bearer(adminToken));
      expect(listed.status).toBe(200);
      expectNoSecrets(listed, password);
      for (const user of Object.values(created)) {
        const stored = pageOf<UserBody>(listed).items.find((u) => u.id === user.id);
        expect(stored).toEqual({ ...user, active: true });
      }

      // Each can sign in with the address typed in any case; the answers carry no secret either.
      const signedIn = await signIn(`CONTRACTOR.${t}@OKITAMA-IS.EXAMPLE.JP`, password);
      expect(signedIn.status).toBe(200);
      expectNoSecrets(signedIn, password);
      const body = signedIn.body as { token: string; user: UserBody };
      expect(body.user).toMatchObject({ id: created.CONTRACTOR.id, role: 'CONTRACTOR', contractorId });
      const self = await me(body.token);
      expectNoSecrets(self, password);
      expect(userOf(self).id).toBe(created.CONTRACTOR.id);
    });

    it('should answer active: true, a boolean, for a created user', async () => {
      const res = await createUser({
        email: `flag-${t}@example.jp`,
        displayName: '有効',
        password,
        role: 'OFFICER',
      });
      expect(res.status).toBe(201);
      expect(userOf(res).active).toBe(true);
      expect((await allUsers()).find((u) => u.id === userOf(res).id)).toEqual(res.body);
    });

    it('should answer 409 USER.EMAIL_TAKEN for an email already used, whatever its case', async () => {
      const before = await allUsers();
      const res = await createUser({
        email: `OFFICER.${t}@example.lg.jp`,
        displayName: '重複',
        password,
        role: 'AUDITOR',
      });
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('USER.EMAIL_TAKEN');
      expect(await allUsers()).toEqual(before);
    });

    it('should record user.create with the administrator as actor and without the password', async () => {
      const res = await ctx
        .http()
        .get('/api/audit-events')
        .query({ entityId: created.OFFICER.id })
        .set(...bearer(adminToken));
      const events = pageOf<AuditEventBody>(res).items;
      expect(events.find((e) => e.action === 'user.create')).toMatchObject({
        actorId: adminId,
        actorRole: 'ADMIN',
        entityType: 'user',
        summary: { email: `officer.${t}@example.lg.jp`, role: 'OFFICER', contractorId: null },
      });
      expectNoSecrets(res, password);
    });
  });

  describe('binding users to a contractor', () => {
    const password = 'binding-test-password';
    let archivedId: string;

    beforeAll(async () => {
      const archived = await createContractor(ctx, adminToken, { name: 'アーカイブ済み株式会社' });
      const res = await ctx
        .http()
        .post(`/api/contractors/${archived.id}/archive`)
        .set(...bearer(adminToken))
        .send({ version: archived.version });
      expect(res.status).toBe(200);
      archivedId = archived.id;
    });

    const refused = async (body: Record<string, unknown>, status: number, code: string): Promise<void> => {
      const before = await allUsers();
      const res = await createUser({ displayName: '紐付け', password, ...body });
      expect(res.status).toBe(status);
      expect(errorOf(res).code).toBe(code);
      expect(await allUsers()).toEqual(before);
    };

    it('should refuse a CONTRACTOR without contractorId with 400 USER.CONTRACTOR_REQUIRED', async () => {
      await refused(
        { email: `no-company-${tag()}@example.jp`, role: 'CONTRACTOR' },
        400,
        'USER.CONTRACTOR_REQUIRED',
      );
    });

    it('should refuse an OFFICER with a contractorId with 400 USER.CONTRACTOR_NOT_ALLOWED', async () => {
      await refused(
        { email: `officer-company-${tag()}@example.jp`, role: 'OFFICER', contractorId },
        400,
        'USER.CONTRACTOR_NOT_ALLOWED',
      );
    });

    it('should refuse an archived or unknown company with 422 USER.CONTRACTOR_UNAVAILABLE', async () => {
      await refused(
        { email: `archived-${tag()}@example.jp`, role: 'CONTRACTOR', contractorId: archivedId },
        422,
        'USER.CONTRACTOR_UNAVAILABLE',
      );
      await refused(
        { email: `unknown-${tag()}@example.jp`, role: 'CONTRACTOR', contractorId: randomUUID() },
        422,
        'USER.CONTRACTOR_UNAVAILABLE',
      );
    });
  });

  describe('passwords', () => {
    it('should refuse a password shorter than 12 characters', async () => {
      const email = `short-${tag()}@example.jp`;
      const res = await createUser({ email, displayName: '短い', password: 'elevenchars', role: 'OFFICER' });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.VALIDATION');
      expect(errorOf(res).details?.fields).toEqual([
        expect.objectContaining({ field: 'password', rule: 'minLength' }),
      ]);
      expect((await allUsers()).map((u) => u.email)).not.toContain(email);
    });

    it('should keep a 200-character password whole: its first 72 characters do not sign in', async () => {
      const email = `long-${tag()}@example.jp`;
      const password = Array.from({ length: 20 }, (_, i) => `${i}`.padStart(2, '0') + 'pässwört').join('');
      expect(password).toHaveLength(200);
      const res = await createUser({ email, displayName: '長い', password, role: 'AUDITOR' });
      expect(res.status).toBe(201);
      expectNoSecrets(res, password);

      const full = await signIn(email, password);
      expect(full.status).toBe(200);
      expect((full.body as { user: UserBody }).user.email).toBe(email);
      const truncated = await signIn(email, password.slice(0, 72));
      expect(truncated.status).toBe(401);
      expect(errorOf(truncated).code).toBe('AUTH.INVALID_CREDENTIALS');
    });
  });

  describe('access', () => {
    it('should answer 403 to an OFFICER listing users and record access.denied with the officer as actor', async () => {
      const officer = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const res = await ctx
        .http()
        .get('/api/users')
        .set(...bearer(officer.token));
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('AUTH.FORBIDDEN');
      expect(res.text).not.toContain(ADMIN.email);

      const audit = await ctx
        .http()
        .get('/api/audit-events')
        .query({ action: 'access.denied', actorId: officer.id })
        .set(...bearer(adminToken));
      expect(pageOf<AuditEventBody>(audit).items).toEqual([
        expect.objectContaining({
          actorId: officer.id,
          actorRole: 'OFFICER',
          action: 'access.denied',
          entityType: 'route',
          summary: { method: 'GET', route: '/api/users' },
        }),
      ]);
    });

    it('should answer 401 without a token and for a made-up token', async () => {
      const none = await ctx.http().get('/api/users');
      expect(none.status).toBe(401);
      const madeUp = await ctx
        .http()
        .get('/api/users')
        .set(...bearer(randomBytes(32).toString('base64url')));
      expect(madeUp.status).toBe(401);
      expect(errorOf(madeUp).code).toBe('AUTH.SESSION_INVALID');
    });
  });

  describe('deactivation', () => {
    it("should end the user's sessions at once and refuse sign-in until reactivated", async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const secondToken = await login(ctx, user.email, user.password);
      expect((await me(user.token)).status).toBe(200);

      const off = await patchUser(user.id, { version: 1, active: false });
      expect(off.status).toBe(200);
      expect(userOf(off)).toMatchObject({ id: user.id, active: false, version: 2 });

      for (const token of [user.token, secondToken]) {
        const res = await me(token);
        expect(res.status).toBe(401);
        expect(errorOf(res).code).toBe('AUTH.SESSION_INVALID');
      }
      const again = await signIn(user.email, user.password);
      expect(again.status).toBe(401);
      expect(errorOf(again).code).toBe('AUTH.INVALID_CREDENTIALS');
      expect(again.text).not.toContain('token');

      const on = await patchUser(user.id, { version: 2, active: true });
      expect(on.status).toBe(200);
      expect(userOf(on)).toMatchObject({ active: true, version: 3 });
      const back = await signIn(user.email, user.password);
      expect(back.status).toBe(200);
      expect(userOf(await me((back.body as { token: string }).token))).toMatchObject({
        id: user.id,
        active: true,
      });
      // The sessions ended by the deactivation stay ended.
      expect((await me(user.token)).status).toBe(401);

      const audit = await ctx
        .http()
        .get('/api/audit-events')
        .query({ entityId: user.id, action: 'user.deactivate' })
        .set(...bearer(adminToken));
      expect(pageOf<AuditEventBody>(audit).items).toEqual([
        expect.objectContaining({ actorId: adminId, summary: { active: false, sessionsEnded: true } }),
      ]);
    });

    it('should answer 409 USER.STALE_VERSION for a stale version and change nothing', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
      expect((await patchUser(user.id, { version: 1, displayName: '新しい名前' })).status).toBe(200);

      const stale = await patchUser(user.id, { version: 1, displayName: '古い版から', active: false });
      expect(stale.status).toBe(409);
      expect(errorOf(stale).code).toBe('USER.STALE_VERSION');
      expect(errorOf(stale).details).toEqual({ currentVersion: 2 });

      const stored = (await allUsers()).find((u) => u.id === user.id);
      expect(stored).toMatchObject({ displayName: '新しい名前', active: true, version: 2 });
      expect((await me(user.token)).status).toBe(200);
    });

    it('should refuse to let the administrator deactivate or demote itself (422 USER.SELF_LOCKOUT)', async () => {
      const self = (await allUsers()).find((u) => u.id === adminId);
      expect(self).toBeDefined();
      const version = self?.version ?? 0;
      for (const change of [{ active: false }, { role: 'OFFICER' }]) {
        const res = await patchUser(adminId, { version, ...change });
        expect(res.status).toBe(422);
        expect(errorOf(res).code).toBe('USER.SELF_LOCKOUT');
      }
      expect((await allUsers()).find((u) => u.id === adminId)).toMatchObject({
        active: true,
        role: 'ADMIN',
        version,
      });
      expect((await me(adminToken)).status).toBe(200);
    });

    it('should let only one of two administrators deactivating each other at once succeed', async () => {
      const [a, b] = await Promise.all([
        createUserAndLogin(ctx, adminToken, 'ADMIN'),
        createUserAndLogin(ctx, adminToken, 'ADMIN'),
      ]);
      // Each deactivates the other at the same moment.
      const results = await Promise.all([
        patchUser(b.id, { version: 1, active: false }, a.token),
        patchUser(a.id, { version: 1, active: false }, b.token),
      ]);
      // The loser is refused: its session already ended (401), or it was read again inside the transaction
      // after the winner committed and is no longer an administrator (403) — the MariaDB race.
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      const loser = results.find((r) => r.status !== 200);
      expect(['AUTH.SESSION_INVALID', 'USER.CALLER_NOT_ADMIN']).toContain(loser && errorOf(loser).code);
      const stored = (await allUsers()).filter((u) => u.id === a.id || u.id === b.id);
      // One of them stays an active administrator: the body is never left without one.
      expect(stored.filter((u) => u.active)).toHaveLength(1);
    });
  });

  describe('signing out', () => {
    it('should end only the session that signed out', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
      const other = await login(ctx, user.email, user.password);

      const out = await ctx
        .http()
        .post('/api/auth/logout')
        .set(...bearer(user.token));
      expect(out.status).toBe(204);

      const after = await me(user.token);
      expect(after.status).toBe(401);
      expect(errorOf(after).code).toBe('AUTH.SESSION_INVALID');
      expect(userOf(await me(other)).id).toBe(user.id);
    });
  });

  describe('listing', () => {
    const created: string[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) created.push((await createUserAndLogin(ctx, adminToken, 'AUDITOR')).id);
    });

    it('should filter by role', async () => {
      const res = await ctx
        .http()
        .get('/api/users')
        .query({ role: 'AUDITOR', limit: 100, withTotal: true })
        .set(...bearer(adminToken));
      expect(res.status).toBe(200);
      const page = pageOf<UserBody>(res);
      expect(page.items.map((u) => u.id)).toEqual(expect.arrayContaining(created));
      expect(page.items.every((u) => u.role === 'AUDITOR')).toBe(true);
      expect(page.total).toBe(page.items.length);
      const auditors = (await allUsers()).filter((u) => u.role === 'AUDITOR');
      expect(page.items).toEqual(auditors);
    });

    it('should page with a cursor, without gaps or duplicates, oldest first', async () => {
      const everything = await allUsers();
      const seen: UserBody[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await ctx
          .http()
          .get('/api/users')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(...bearer(adminToken));
        expect(res.status).toBe(200);
        const page: PageBody<UserBody> = pageOf<UserBody>(res);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);

      expect(pages).toBe(Math.ceil(everything.length / 2));
      expect(seen.map((u) => u.id)).toEqual(everything.map((u) => u.id));
      expect(new Set(seen.map((u) => u.id)).size).toBe(seen.length);
      expect(seen[0].id).toBe(adminId);
    });

    it('should page a role filter with a cursor', async () => {
      const auditors = (await allUsers()).filter((u) => u.role === 'AUDITOR').map((u) => u.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await ctx
          .http()
          .get('/api/users')
          .query({ role: 'AUDITOR', limit: 1, ...(cursor ? { cursor } : {}) })
          .set(...bearer(adminToken));
        const page: PageBody<UserBody> = pageOf<UserBody>(res);
        expect(page.items).toHaveLength(1);
        seen.push(page.items[0].id);
        cursor = page.nextCursor;
      } while (cursor && seen.length < 100);
      expect(seen).toEqual(auditors);
    });

    it('should answer 400 REQUEST.INVALID_CURSOR for a garbage cursor', async () => {
      const res = await ctx
        .http()
        .get('/api/users')
        .query({ cursor: Buffer.from('[1]').toString('base64url') })
        .set(...bearer(adminToken));
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('REQUEST.INVALID_CURSOR');
    });
  });

  describe('session expiry', () => {
    /**
     * Moves one session's timestamps by raw SQL. Written in the 'YYYY-MM-DD HH:MM:SS.mmm' UTC form TypeORM stores:
     * better-sqlite3 cannot bind a Date, and MySQL/MariaDB read this literal as the same UTC DATETIME(3).
     */
    async function moveSession(
      token: string,
      column: 'last_seen_at' | 'expires_at',
      at: Date,
    ): Promise<void> {
      const stamp = at.toISOString().replace('T', ' ').replace('Z', '');
      await ctx.dataSource.query(`UPDATE session SET ${column} = ? WHERE token_hash = ?`, [
        stamp,
        sha256(token),
      ]);
      const [row] = await ctx.dataSource.query<{ v: unknown }[]>(
        `SELECT ${column} AS v FROM session WHERE token_hash = ?`,
        [sha256(token)],
      );
      expect(
        new Date(row.v instanceof Date ? row.v : `${String(row.v).replace(' ', 'T')}Z`).toISOString(),
      ).toBe(at.toISOString());
    }

    it('should answer 401 AUTH.SESSION_EXPIRED after the idle limit', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const other = await login(ctx, user.email, user.password);
      const idleMs = ctx.config.session.idleMinutes * 60_000;
      // last_seen_at is written at most once a minute, so the idle limit counts from a minute after it.
      await moveSession(user.token, 'last_seen_at', new Date(Date.now() - idleMs - 60_000 - 1_000));

      const res = await me(user.token);
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe('AUTH.SESSION_EXPIRED');
      expect(userOf(await me(other)).id).toBe(user.id);
    });

    it('should keep a session that was idle for less than the limit', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'OFFICER');
      const idleMs = ctx.config.session.idleMinutes * 60_000;
      await moveSession(user.token, 'last_seen_at', new Date(Date.now() - idleMs + 60_000));
      expect(userOf(await me(user.token)).id).toBe(user.id);
    });

    it('should answer 401 AUTH.SESSION_EXPIRED after the absolute expiry, even when recently used', async () => {
      const user = await createUserAndLogin(ctx, adminToken, 'AUDITOR');
      expect((await me(user.token)).status).toBe(200);
      await moveSession(user.token, 'expires_at', new Date(Date.now() - 1_000));
      // The row was changed behind the app's back (in use, expires_at never changes after sign-in): forget the
      // remembered copy, as a restart would. The remembered path is covered by session-cache.spec.ts.
      ctx.app.get(SessionCache).forgetUser(user.id);

      const res = await me(user.token);
      expect(res.status).toBe(401);
      expect(errorOf(res).code).toBe('AUTH.SESSION_EXPIRED');
    });
  });

  describe('audit chain', () => {
    it('should keep an intact audit chain', async () => {
      const res = await ctx
        .http()
        .get('/api/audit-events/verify')
        .set(...bearer(adminToken));
      expect(res.body).toMatchObject({ ok: true });
    });
  });
});
