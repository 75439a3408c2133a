import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/env';
import { auditKeyId } from '../../src/modules/audit/audit-key';
import { ADMIN, startTestApp, type TestContext } from '../utils/test-app';

// Several instances share one database (issue 20): one started with an audit key of its own would write rows
// that every other instance's verification reports as tampered, so its start is refused.
describe('the audit chain key, the same for every instance', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await startTestApp();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const secondInstance = (hmacKey: string) =>
    createApp(
      loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: ctx.config.dataDir,
        DATABASE_URL: ctx.db.url,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'silent',
        AUDIT_HMAC_KEY: hmacKey,
      }),
    );

  it('should record the id of the key the chain is written with at the first start (never the key)', async () => {
    const [head] = await ctx.dataSource.query<{ key_id: string }[]>(
      'SELECT key_id FROM audit_chain_head WHERE id = 1',
    );
    expect(head.key_id).toBe(auditKeyId(ctx.config.auditHmacKey));
    expect(head.key_id).not.toContain(ctx.config.auditHmacKey.toString('hex'));
  });

  it('should refuse to start an instance with another key, naming the setting, and start one with the same key', async () => {
    await expect(secondInstance(randomBytes(32).toString('hex'))).rejects.toThrow(
      /Invalid configuration: AUDIT_HMAC_KEY .*not the key this database's audit chain is written with/,
    );
    const same = await secondInstance(ctx.config.auditHmacKey.toString('hex'));
    await same.close();
    // The first instance still writes and verifies.
    const [head] = await ctx.dataSource.query<{ key_id: string }[]>(
      'SELECT key_id FROM audit_chain_head WHERE id = 1',
    );
    expect(head.key_id).toBe(auditKeyId(ctx.config.auditHmacKey));
  });
});
