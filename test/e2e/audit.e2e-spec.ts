import { contractorInput, createContractor } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

interface Verify {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  problem?: string;
}

describe('audit log', () => {
  let ctx: TestContext;
  let admin: string;
  let q: (sql: string) => string;

  beforeEach(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    // Four more audited changes after bootstrap and sign-in.
    const c = await createContractor(ctx, admin);
    await ctx
      .http()
      .patch(`/api/contractors/${c.id}`)
      .set(...bearer(admin))
      .send({ version: 1, notes: '一回目' })
      .expect(200);
    await ctx
      .http()
      .patch(`/api/contractors/${c.id}`)
      .set(...bearer(admin))
      .send({ version: 2, notes: '二回目' })
      .expect(200);
    await createContractor(ctx, admin);
    // Raw SQL: quote identifiers for the database at hand.
    q = (sql) =>
      ctx.db.kind === 'sqlite' ? sql : sql.replace(/"(audit_event|summary|seq|actor_id|hash)"/g, '`$1`');
  });
  afterEach(async () => ctx.close());

  const verify = async (): Promise<Verify> => {
    const res = await ctx
      .http()
      .get('/api/audit-events/verify')
      .set(...bearer(admin));
    expect(res.status).toBe(200);
    return res.body as Verify;
  };

  it('should verify an untouched chain and list events newest first with their details', async () => {
    const result = await verify();
    expect(result).toEqual({ ok: true, checked: 6 });
    const list = await ctx
      .http()
      .get('/api/audit-events?limit=3')
      .set(...bearer(admin));
    const items = (
      list.body as { items: { seq: number; action: string; actorRole: string; requestId: string }[] }
    ).items;
    expect(items.map((e) => e.seq)).toEqual([6, 5, 4]);
    expect(items.map((e) => e.action)).toEqual([
      'contractor.create',
      'contractor.update',
      'contractor.update',
    ]);
    expect(items[0].actorRole).toBe('ADMIN');
    expect(items[0].requestId).toEqual(expect.any(String));
    const next = await ctx
      .http()
      .get(`/api/audit-events?limit=3&cursor=${(list.body as { nextCursor: string }).nextCursor}`)
      .set(...bearer(admin));
    expect((next.body as { items: { seq: number }[] }).items.map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('should catch an edited row', async () => {
    await ctx.dataSource.query(
      q(`UPDATE "audit_event" SET "summary" = '{"notes":"改ざん"}' WHERE "seq" = 4`),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4, problem: 'hash', checked: 3 });
  });

  it('should report a summary that is no longer JSON as an unreadable row, not fail', async () => {
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "summary" = 'not json' WHERE "seq" = 5`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, problem: 'unreadable' });
  });

  it('should report a time no row could have been written with as an unreadable row, not answer 500', async () => {
    const runner = ctx.dataSource.createQueryRunner();
    try {
      if (ctx.db.kind === 'sqlite') {
        await runner.query(`UPDATE "audit_event" SET "at" = 'not a time' WHERE "seq" = 3`);
      } else {
        // Strict mode refuses a zero date; a careless repair session without it stores one.
        await runner.query("SET SESSION sql_mode = ''");
        await runner.query("UPDATE `audit_event` SET `at` = '0000-00-00 00:00:00' WHERE `seq` = 3");
      }
    } finally {
      await runner.release();
    }
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, problem: 'unreadable', checked: 2 });
    const list = await ctx
      .http()
      .get('/api/audit-events')
      .set(...bearer(admin));
    expect(list.status).toBeLessThan(500);
  });

  it('should catch an edited actor even when the summary is untouched', async () => {
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "actor_id" = NULL WHERE "seq" = 2`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('should catch a deleted row in the middle', async () => {
    await ctx.dataSource.query(q(`DELETE FROM "audit_event" WHERE "seq" = 3`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, problem: 'gap' });
  });

  it('should catch a deleted last row', async () => {
    await ctx.dataSource.query(q(`DELETE FROM "audit_event" WHERE "seq" = 6`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, problem: 'head' });
  });

  it('should catch two rows swapped', async () => {
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "seq" = 100 WHERE "seq" = 4`));
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "seq" = 4 WHERE "seq" = 5`));
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "seq" = 5 WHERE "seq" = 100`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('should catch a row whose hash was recomputed without the key', async () => {
    await ctx.dataSource.query(q(`UPDATE "audit_event" SET "hash" = '${'a'.repeat(64)}' WHERE "seq" = 6`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, problem: 'hash' });
  });

  it('should audit sign-ins, failed sign-ins and refused access', async () => {
    await ctx
      .http()
      .post('/api/auth/login')
      .send({ email: ADMIN.email, password: 'wrong password!' })
      .expect(401);
    const failed = await ctx
      .http()
      .get('/api/audit-events?action=auth.login_failed')
      .set(...bearer(admin));
    const rows = (failed.body as { items: { summary: { email: string; reason: string }; ip: string }[] })
      .items;
    expect(rows).toHaveLength(1);
    expect(rows[0].summary).toEqual({ email: ADMIN.email, reason: 'wrong_password' });
    expect(rows[0].ip).toEqual(expect.any(String));
    const logins = await ctx
      .http()
      .get('/api/audit-events?action=auth.login')
      .set(...bearer(admin));
    expect((logins.body as { items: unknown[] }).items).toHaveLength(1);
    expect((await verify()).ok).toBe(true);
  });

  it("should store the server's request id in the audit trail, never the one a client sends", async () => {
    const res = await ctx
      .http()
      .post('/api/contractors')
      .set(...bearer(admin))
      .set('X-Request-Id', 'chosen-by-the-client-0001')
      .send(contractorInput());
    expect(res.status).toBe(201);
    const serverId = res.headers['x-request-id'];
    expect(serverId).not.toBe('chosen-by-the-client-0001');
    const rows = await ctx
      .http()
      .get(`/api/audit-events?entityId=${(res.body as { id: string }).id}`)
      .set(...bearer(admin));
    const items = (rows.body as { items: { action: string; requestId: string }[] }).items;
    expect(items.map((e) => [e.action, e.requestId])).toEqual([['contractor.create', serverId]]);
  });

  it('should filter by entity, actor and time', async () => {
    const all = await ctx
      .http()
      .get('/api/audit-events?entityType=contractor&withTotal=true')
      .set(...bearer(admin));
    expect((all.body as { total: number }).total).toBe(4);
    const future = await ctx
      .http()
      .get(`/api/audit-events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
      .set(...bearer(admin));
    expect((future.body as { items: unknown[] }).items).toEqual([]);
  });
});
