import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { auditKeyId } from '../../src/modules/audit/audit-key';
import { checkpointKeyCommand } from '../../src/modules/audit/checkpoint-key-command';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

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

  const secondConfig = (env: Record<string, string>): AppConfig =>
    loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: ctx.config.dataDir,
      DATABASE_URL: ctx.db.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
      ...env,
    });
  const secondInstance = (hmacKey: string) => createApp(secondConfig({ AUDIT_HMAC_KEY: hmacKey }));

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

  describe('the checkpoint signing key', () => {
    let keysDir: string;
    let newKeyFile: string;
    const recorded = async (): Promise<string | null> => {
      const [head] = await ctx.dataSource.query<{ checkpoint_key_id: string | null }[]>(
        'SELECT checkpoint_key_id FROM audit_chain_head WHERE id = 1',
      );
      return head.checkpoint_key_id;
    };
    // The checkpoint folder shared by the instances, as docs/topologies.md advises.
    const withCheckpointKey = (file: string) =>
      secondConfig({
        AUDIT_HMAC_KEY: ctx.config.auditHmacKey.toString('hex'),
        AUDIT_CHECKPOINT_KEY_FILE: file,
        AUDIT_CHECKPOINT_DIR: ctx.config.auditKeys.checkpoint.dir,
      });

    beforeAll(() => {
      keysDir = mkdtempSync(join(tmpdir(), 'itaku-guard-new-checkpoint-key-'));
      newKeyFile = join(keysDir, 'audit-checkpoint.key');
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(newKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    });
    afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

    it('should record the id of the public key at the first start, never the private key', async () => {
      const { keyId, publicKey } = ctx.config.auditKeys.checkpoint;
      const spki = publicKey.export({ type: 'spki', format: 'der' });
      expect(await recorded()).toBe(createHash('sha256').update(spki).digest('hex'));
      expect(await recorded()).toBe(keyId);
      const secret = readFileSync(join(ctx.config.auditKeys.keysDir, 'audit-checkpoint.key'), 'utf8');
      expect(secret).not.toContain(keyId);
    });

    it('should refuse to start an instance with another signing key, naming the setting', async () => {
      await expect(createApp(withCheckpointKey(newKeyFile))).rejects.toThrow(
        /Invalid configuration: AUDIT_CHECKPOINT_KEY_FILE .*not the key this database's audit checkpoints are signed with.*npm run audit:checkpoint-key -- --replace/,
      );
      expect(await recorded()).toBe(ctx.config.auditKeys.checkpoint.keyId);
    });

    it('should record the key of the first start after the upgrade that adds the column', async () => {
      // As the migration leaves an existing installation: no key recorded yet.
      await ctx.dataSource.query('UPDATE audit_chain_head SET checkpoint_key_id = NULL WHERE id = 1');
      const same = await createApp(
        withCheckpointKey(join(ctx.config.auditKeys.keysDir, 'audit-checkpoint.key')),
      );
      await same.close();
      expect(await recorded()).toBe(ctx.config.auditKeys.checkpoint.keyId);
    });

    it('should replace the key only through audit:checkpoint-key --replace, with an audit row, then sign with it', async () => {
      const oldId = ctx.config.auditKeys.checkpoint.keyId;
      const admin = await login(ctx, ADMIN.email, ADMIN.password);
      const before = await ctx
        .http()
        .post('/api/audit-events/checkpoints')
        .set(...bearer(admin))
        .expect(201);
      const config = withCheckpointKey(newKeyFile);
      const newId = config.auditKeys.checkpoint.keyId;
      const lines: string[] = [];
      // Without --replace it only reports the difference.
      expect(await checkpointKeyCommand(config, false, (line) => lines.push(line))).toBe('differs');
      expect(lines).toEqual([`recorded signing key: ${oldId}`, `this environment's key: ${newId}`]);
      expect(await recorded()).toBe(oldId);

      expect(await checkpointKeyCommand(config, true, () => undefined)).toBe('replaced');
      expect(await recorded()).toBe(newId);
      const [row] = await ctx.dataSource.manager.find(AuditEvent, {
        where: { action: 'audit.checkpoint-key.replace' },
      });
      expect([row.entityType, row.requestId, row.summary]).toEqual([
        'audit_checkpoint',
        'cli:audit-checkpoint-key',
        { from: oldId, to: newId },
      ]);
      // Run again: nothing more is written.
      expect(await checkpointKeyCommand(config, true, () => undefined)).toBe('same');
      expect(
        await ctx.dataSource.manager.countBy(AuditEvent, { action: 'audit.checkpoint-key.replace' }),
      ).toBe(1);

      // An instance with the old key is now the one refused; one with the new key starts and signs with it.
      await expect(
        createApp(withCheckpointKey(join(ctx.config.auditKeys.keysDir, 'audit-checkpoint.key'))),
      ).rejects.toThrow(/AUDIT_CHECKPOINT_KEY_FILE/);
      const app = await createApp(config);
      try {
        await app.init();
        await app.getHttpAdapter().getInstance().ready();
        const http = () => request(app.getHttpServer());
        const token = (
          (await http().post('/api/auth/login').send(ADMIN).expect(200)).body as { token: string }
        ).token;
        const cp = await http()
          .post('/api/audit-events/checkpoints')
          .set(...bearer(token))
          .expect(201);
        expect((cp.body as { keyId: string }).keyId).toBe(newId);
        const verified = await http()
          .get('/api/audit-events/verify?from=checkpoint')
          .set(...bearer(token))
          .expect(200);
        expect(verified.body).toMatchObject({
          ok: true,
          checkpoint: { seq: (cp.body as { seq: number }).seq, source: 'table' },
        });
        // Beside the checkpoints: the new public key, and the old one under its id for the checkpoints it signed.
        const dir = ctx.config.auditKeys.checkpoint.dir;
        expect(readFileSync(join(dir, 'audit-checkpoint.pub'), 'utf8')).toBe(
          config.auditKeys.checkpoint.publicKeyPem,
        );
        expect(readFileSync(join(dir, `audit-checkpoint.${oldId}.pub`), 'utf8')).toBe(
          ctx.config.auditKeys.checkpoint.publicKeyPem,
        );
        const oldFile = JSON.parse(
          readFileSync(join(dir, (before.body as { file: string }).file), 'utf8'),
        ) as { keyId: string };
        expect(oldFile.keyId).toBe(oldId);
      } finally {
        await app.close();
      }
      // Back to the first instance's key, as the rest of the suite expects.
      expect(await checkpointKeyCommand(ctx.config, true, () => undefined)).toBe('replaced');
      expect(await recorded()).toBe(oldId);
    });
  });
});
