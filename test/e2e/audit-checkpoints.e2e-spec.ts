import { createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isInside } from '../../src/config/audit-keys';
import { hashAuditRecord } from '../../src/modules/audit/audit-chain';
import {
  checkpointMessage,
  signCheckpoint,
  type SignedCheckpoint,
} from '../../src/modules/audit/audit-checkpoint';
import { AuditCheckpoint } from '../../src/modules/audit/audit-checkpoint.entity';
import { AuditCheckpointsService } from '../../src/modules/audit/audit-checkpoints.service';
import { AuditChainHead, AuditEvent } from '../../src/modules/audit/audit-event.entity';
import { Notification } from '../../src/modules/notifications/notification.entity';
import { createContractor, createUserAndLogin } from '../factories';
import { ADMIN, bearer, login, startTestApp, type TestContext } from '../utils/test-app';

interface Verify {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  problem?: string;
  checkpoint?: { seq: number; at: string; source: string; file?: string };
}
type Checkpoint = SignedCheckpoint & { kind: string; file: string | null };

/** The red team's tools: what someone with the database (and the data folder's HMAC key) can do. */
class Attacker {
  constructor(private readonly ctx: TestContext) {}

  /** Deletes every row after `keep` and rewinds the chain head to the row kept last. */
  async cutAfter(keep: number): Promise<void> {
    const m = this.ctx.dataSource.manager;
    await m.delete(AuditEvent, { seq: MoreThan(String(keep)) });
    const last = await m.findOneByOrFail(AuditEvent, { seq: String(keep) });
    await m.update(AuditChainHead, { id: 1 }, { lastSeq: last.seq, lastHash: last.hash });
  }

  /** Edits a row's summary and re-signs it and every row after it with the chain's key, head included. */
  async rewrite(seq: number, summary: Record<string, unknown>): Promise<void> {
    const m = this.ctx.dataSource.manager;
    const key = this.ctx.config.auditHmacKey;
    const rows = await m.find(AuditEvent, {
      where: { seq: MoreThan(String(seq - 1)) },
      order: { seq: 'ASC' },
    });
    let prevHash = rows[0].prevHash;
    for (const row of rows) {
      const record = {
        seq: String(row.seq),
        at: row.at,
        actorId: row.actorId,
        actorRole: row.actorRole,
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        summary: Number(row.seq) === seq ? summary : row.summary,
        requestId: row.requestId,
        ip: row.ip,
        prevHash,
      };
      const hash = hashAuditRecord(key, record);
      // summary is free-form JSON, which TypeORM's deep-partial typing cannot express.
      const changes = {
        summary: record.summary,
        prevHash,
        hash,
      } as unknown as QueryDeepPartialEntity<AuditEvent>;
      await m.update(AuditEvent, { seq: row.seq }, changes);
      prevHash = hash;
    }
    await m.update(AuditChainHead, { id: 1 }, { lastHash: prevHash });
  }

  async dropCheckpointRows(): Promise<void> {
    await this.ctx.dataSource.manager.delete(AuditCheckpoint, { seq: MoreThan('0') });
  }
}

describe('audit checkpoints (issue 13, item 4)', () => {
  let ctx: TestContext;
  let admin: string;
  let attacker: Attacker;
  let dir: string;

  beforeEach(async () => {
    ctx = await startTestApp();
    admin = await login(ctx, ADMIN.email, ADMIN.password);
    attacker = new Attacker(ctx);
    dir = ctx.config.auditKeys.checkpoint.dir;
    // Rows 3 to 6 after the bootstrap (1) and the sign-in (2).
    for (let i = 0; i < 4; i++) await createContractor(ctx, admin);
  });
  afterEach(async () => ctx.close());

  const checkpoint = async (): Promise<Checkpoint> => {
    const res = await ctx
      .http()
      .post('/api/audit-events/checkpoints')
      .set(...bearer(admin));
    expect(res.status).toBe(201);
    return res.body as Checkpoint;
  };
  const verify = async (): Promise<Verify> => {
    const res = await ctx
      .http()
      .get('/api/audit-events/verify')
      .set(...bearer(admin));
    expect(res.status).toBe(200);
    return res.body as Verify;
  };
  const verifyAgainst = async (body: unknown): Promise<Verify> => {
    const res = await ctx
      .http()
      .post('/api/audit-events/verify')
      .set(...bearer(admin))
      .send(body as object);
    expect(res.status).toBe(200);
    return res.body as Verify;
  };
  const fileOf = (cp: Checkpoint): Record<string, unknown> =>
    JSON.parse(readFileSync(join(dir, cp.file ?? ''), 'utf8')) as Record<string, unknown>;

  it('should keep the keys and the checkpoints outside DATA_DIR, the secret keys readable by the owner only', () => {
    const { keysDir, checkpoint: cp } = ctx.config.auditKeys;
    for (const path of [keysDir, cp.dir]) expect(isInside(path, ctx.config.dataDir)).toBe(false);
    expect(readdirSync(ctx.config.dataDir)).not.toContain('audit-hmac.key');
    for (const name of ['audit-hmac.key', 'audit-checkpoint.key']) {
      expect(statSync(join(keysDir, name)).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(keysDir, 'audit-hmac.key'), 'utf8').trim()).toBe(
      ctx.config.auditHmacKey.toString('hex'),
    );
  });

  it('should make a checkpoint on demand that anchors its own audit row, signed, exported and sent to the administrators', async () => {
    const other = await createUserAndLogin(ctx, admin, 'ADMIN');
    const cp = await checkpoint();
    // Rows 1-6, the second administrator (7), its sign-in (8), then the checkpoint's own row (9).
    expect(cp).toMatchObject({ seq: 9, kind: 'MANUAL', file: 'audit-checkpoint-000000000009.json' });
    const row = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, { seq: '9' });
    expect([row.action, row.hash, row.at.toISOString()]).toEqual(['audit.checkpoint', cp.hash, cp.at]);
    expect(row.summary).toEqual({ kind: 'MANUAL', keyId: ctx.config.auditKeys.checkpoint.keyId });

    // The file holds what was answered, and its signature checks with the public key written beside it alone.
    const file = fileOf(cp);
    expect(file).toEqual({
      format: 'itaku-guard-audit-checkpoint/1',
      seq: 9,
      hash: cp.hash,
      at: cp.at,
      keyId: cp.keyId,
      signature: cp.signature,
    });
    const publicKey = createPublicKey(readFileSync(join(dir, 'audit-checkpoint.pub')));
    expect(verifySignature(null, checkpointMessage(cp), publicKey, Buffer.from(cp.signature, 'base64'))).toBe(
      true,
    );

    // Each active administrator has it, with the JSON to verify with.
    const notes = await ctx.dataSource.manager.find(Notification, { where: { kind: 'audit-checkpoint' } });
    expect(notes.map((n) => n.userId).sort()).toHaveLength(2);
    expect(notes.map((n) => n.userId)).toContain(other.id);
    expect(notes[0].subject).toBe('監査ログのチェックポイント（番号9）');
    expect(notes[0].body).toContain(`ハッシュ値：${cp.hash}`);
    const json = notes[0].body.slice(notes[0].body.indexOf('{'));
    expect(JSON.parse(json)).toEqual(file);

    expect(await verify()).toEqual({
      ok: true,
      checked: 9,
      checkpoint: { seq: 9, at: cp.at, source: 'table' },
    });
    const list = await ctx
      .http()
      .get('/api/audit-events/checkpoints')
      .set(...bearer(admin));
    expect((list.body as { items: Checkpoint[] }).items).toEqual([cp]);
  });

  it('should let only an ADMIN make a checkpoint, and an AUDITOR verify against one', async () => {
    const auditor = await createUserAndLogin(ctx, admin, 'AUDITOR');
    const refused = await ctx
      .http()
      .post('/api/audit-events/checkpoints')
      .set(...bearer(auditor.token));
    expect(refused.status).toBe(403);
    expect(await ctx.dataSource.manager.count(AuditCheckpoint)).toBe(0);
    const cp = await checkpoint();
    const res = await ctx
      .http()
      .post('/api/audit-events/verify')
      .set(...bearer(auditor.token))
      .send(fileOf(cp));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, checkpoint: { seq: cp.seq, source: 'given' } });
  });

  it('should verify from the last checkpoint on request (the everyday check): its row, then the rows after it', async () => {
    const since = async (): Promise<Verify & { startSeq?: number }> => {
      const res = await ctx
        .http()
        .get('/api/audit-events/verify?from=checkpoint')
        .set(...bearer(admin));
      expect(res.status).toBe(200);
      return res.body as Verify & { startSeq?: number };
    };
    // No checkpoint yet: the whole chain, as without the parameter.
    expect(await since()).toEqual({ ok: true, checked: 6 });
    const cp = await checkpoint(); // row 7
    await createContractor(ctx, admin); // row 8
    expect(await since()).toEqual({
      ok: true,
      checked: 2,
      startSeq: 7,
      checkpoint: { seq: 7, at: cp.at, source: 'table' },
    });
    expect(await verify()).toMatchObject({ ok: true, checked: 8 });
    // A row after the checkpoint edited: found, and counted from the checkpoint.
    await ctx.dataSource.query("UPDATE audit_event SET action = 'tampered' WHERE seq = 8");
    expect(await since()).toMatchObject({
      ok: false,
      checked: 1,
      startSeq: 7,
      firstBrokenSeq: 8,
      problem: 'hash',
    });
    // The checkpoint's own row re-signed: its hash is no longer the signed one.
    await attacker.rewrite(7, { kind: 'MANUAL', keyId: 'x' });
    expect(await since()).toMatchObject({ ok: false, checked: 0, firstBrokenSeq: 7, problem: 'checkpoint' });
    // A bad value of the parameter is refused.
    const bad = await ctx
      .http()
      .get('/api/audit-events/verify?from=yesterday')
      .set(...bearer(admin));
    expect([bad.status, (bad.body as { code: string }).code]).toEqual([400, 'REQUEST.VALIDATION']);
  });

  it("should catch the red team's cut: the newest rows deleted and the head rewound", async () => {
    const cp = await checkpoint(); // row 7
    await createContractor(ctx, admin); // row 8
    await attacker.cutAfter(5);
    // The chain stays whole as far as it goes; the checkpoint says it went further.
    expect(await verify()).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      problem: 'checkpoint',
      checkpoint: { seq: 7, at: cp.at, source: 'table' },
    });
    // The attacker deletes the recorded checkpoints too: the exported file still knows.
    await attacker.dropCheckpointRows();
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenSeq: 6,
      problem: 'checkpoint',
      checkpoint: { seq: 7, source: 'file', file: 'audit-checkpoint-000000000007.json' },
    });
    // Without any checkpoint the cut is invisible: this is the hole the red team found.
    renameSync(dir, `${dir}-moved`);
    expect(await verify()).toEqual({ ok: true, checked: 5 });
    // The operator's copy (the file as it was kept or mailed) finds it.
    const kept = JSON.parse(readFileSync(join(`${dir}-moved`, cp.file ?? ''), 'utf8')) as unknown;
    expect(await verifyAgainst(kept)).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      problem: 'checkpoint',
      checkpoint: { seq: 7, at: cp.at, source: 'given' },
    });
  });

  it('should catch rows re-signed with the chain key, which the checkpoint signing key (not in the database) prevents hiding', async () => {
    const cp = await checkpoint(); // row 7
    const mailed = (await ctx.dataSource.manager.findOneByOrFail(Notification, { kind: 'audit-checkpoint' }))
      .body;
    expect(mailed).toContain(cp.hash);
    await attacker.rewrite(3, { name: '書き換えた名称' });
    // Every row up to the checkpoint passes its own check (re-signed with the key); only its hash at 7 differs.
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 6,
      firstBrokenSeq: 7,
      problem: 'checkpoint',
      checkpoint: { seq: 7, source: 'table' },
    });
    // Rewriting the recorded checkpoint to the new hash needs the signing key, which is not in DATA_DIR.
    const row = await ctx.dataSource.manager.findOneByOrFail(AuditEvent, { seq: '7' });
    await ctx.dataSource.manager.update(AuditCheckpoint, { seq: '7' }, { hash: row.hash });
    expect(await verify()).toMatchObject({ ok: false, problem: 'checkpoint-signature', firstBrokenSeq: 7 });
    // So the attacker deletes it and the exported files as well; only the mailed copy is left, and it is enough.
    await attacker.dropCheckpointRows();
    renameSync(dir, `${dir}-moved`);
    expect(await verify()).toEqual({ ok: true, checked: 7 });
    expect((await ctx.dataSource.manager.findOneByOrFail(AuditEvent, { seq: '3' })).summary).toEqual({
      name: '書き換えた名称',
    });
    const copy = JSON.parse(mailed.slice(mailed.indexOf('{'))) as unknown;
    expect(await verifyAgainst(copy)).toMatchObject({
      ok: false,
      firstBrokenSeq: 7,
      problem: 'checkpoint',
      checkpoint: { seq: 7, source: 'given' },
    });
  });

  it('should refuse a checkpoint this installation did not sign, or one whose fields were changed', async () => {
    const cp = await checkpoint();
    const post = (body: unknown) =>
      ctx
        .http()
        .post('/api/audit-events/verify')
        .set(...bearer(admin))
        .send(body as object);
    const own = generateKeyPairSync('ed25519');
    const foreign = signCheckpoint(own.privateKey, cp.keyId.replace(/^./, cp.keyId[0] === 'a' ? 'b' : 'a'), {
      seq: cp.seq,
      hash: cp.hash,
      at: new Date(cp.at),
    });
    const res1 = await post(foreign);
    expect([res1.status, res1.body]).toMatchObject([
      400,
      { code: 'AUDIT.CHECKPOINT_SIGNATURE_INVALID', details: { reason: 'unknown-key' } },
    ]);
    // Signed with another key but claiming this installation's key id.
    const forged = signCheckpoint(own.privateKey, cp.keyId, {
      seq: cp.seq,
      hash: cp.hash,
      at: new Date(cp.at),
    });
    const res2 = await post(forged);
    expect([res2.status, res2.body]).toMatchObject([
      400,
      { code: 'AUDIT.CHECKPOINT_SIGNATURE_INVALID', details: { reason: 'invalid' } },
    ]);
    const moved = await post({ ...fileOf(cp), seq: cp.seq - 1 });
    expect([moved.status, moved.body]).toMatchObject([400, { code: 'AUDIT.CHECKPOINT_SIGNATURE_INVALID' }]);
    const malformed = await post({ ...fileOf(cp), hash: 'not a hash' });
    expect([malformed.status, (malformed.body as { code: string }).code]).toEqual([
      400,
      'REQUEST.VALIDATION',
    ]);
  });

  it('should report an exported file that is not a valid checkpoint rather than skip it', async () => {
    const cp = await checkpoint();
    await createContractor(ctx, admin);
    const later = await checkpoint(); // row 9
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, later.file ?? ''), JSON.stringify({ ...fileOf(later), hash: cp.hash }));
    await ctx.dataSource.manager.delete(AuditCheckpoint, { seq: '9' });
    expect(await verify()).toMatchObject({
      ok: false,
      problem: 'checkpoint-signature',
      checkpoint: { seq: 9, source: 'file' },
    });
    writeFileSync(join(dir, later.file ?? ''), 'not json');
    expect(await verify()).toMatchObject({ ok: false, problem: 'checkpoint-signature', firstBrokenSeq: 9 });
  });

  it('should make one scheduled checkpoint a day, none when nothing was written since the last one', async () => {
    const service = ctx.app.get(AuditCheckpointsService);
    const first = await service.scheduled('2026-12-05');
    expect(first).toMatchObject({ seq: 7, kind: 'SCHEDULED' });
    // Nothing written since: no new anchor needed (and no mail).
    expect(await service.scheduled('2026-12-06')).toBeNull();
    await createContractor(ctx, admin);
    // Two instances running the job at once: one checkpoint for the day.
    const both = await Promise.all([service.scheduled('2026-12-07'), service.scheduled('2026-12-07')]);
    expect(both.filter((c) => c !== null)).toHaveLength(1);
    // The same day again after more writes: still that one.
    await createContractor(ctx, admin);
    expect(await service.scheduled('2026-12-07')).toBeNull();
    const rows = await ctx.dataSource.manager.find(AuditCheckpoint, { order: { seq: 'ASC' } });
    expect(rows.map((r) => [r.kind, r.scheduledFor])).toEqual([
      ['SCHEDULED', '2026-12-05'],
      ['SCHEDULED', '2026-12-07'],
    ]);
    const events = await ctx.dataSource.manager.find(AuditEvent, { where: { action: 'audit.checkpoint' } });
    expect(events.map((e) => e.summary.scheduledFor)).toEqual(['2026-12-05', '2026-12-07']);
    expect(readdirSync(dir).filter((n) => n.endsWith('.json'))).toHaveLength(2);
    expect((await verify()).ok).toBe(true);
  });
});

describe('audit checkpoints by e-mail', () => {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  let ctx: TestContext;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const listening = server.listen(0, '127.0.0.1', () =>
        resolve((listening.address() as AddressInfo).port),
      );
    });
    ctx = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await ctx.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('should mail each checkpoint to the administrators when SMTP is set', async () => {
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const res = await ctx
      .http()
      .post('/api/audit-events/checkpoints')
      .set(...bearer(admin));
    expect(res.status).toBe(201);
    const cp = res.body as Checkpoint;
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.subject).toBe(`監査ログのチェックポイント（番号${cp.seq}）`);
    expect(JSON.stringify(mail.to)).toContain(ADMIN.email);
    const text = (mail.text ?? '').replace(/\r\n/g, '\n');
    expect(text).toContain(`"signature": "${cp.signature}"`);
    expect(existsSync(join(ctx.config.auditKeys.checkpoint.dir, cp.file ?? ''))).toBe(true);
  });
});
