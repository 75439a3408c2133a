import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup, type BackupResult } from '../../src/backup/backup';
import { BackupRefused } from '../../src/backup/manifest';
import { restoreBackup } from '../../src/backup/restore';
import { CHUNK_SIZE, sha256Of } from '../../src/common/storage/content-store';
import { ContentStores } from '../../src/common/storage/content-stores';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/env';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, startTestApp, type TestContext } from '../utils/test-app';
import { createTestDatabase } from '../utils/test-db';

/** A fresh instance with the source's audit keys, storing in the database unless told otherwise. */
async function emptyInstance(source: AppConfig, storage = 'database') {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    KEYS_DIR: source.auditKeys.keysDir,
    LOG_LEVEL: 'silent',
    STORAGE: storage,
  });
  return { db, config };
}

/**
 * Backup and restore with STORAGE=database (SQLite's online backup, or mariadb-dump under TEST_DATABASE_URL): the
 * stored files travel inside the database part, the backup checks every one the snapshot names against its hash
 * in the snapshot itself, and the restore checks them again in the restored database.
 */
describe('backup and restore with the stored files in the database', () => {
  let ctx: TestContext;
  let backupRoot: string;
  let backup: BackupResult;
  let documentSha256: string;
  const evidence = Buffer.from(
    `項目,状況\n${'入退室記録,確認済み\n'.repeat(Math.ceil((CHUNK_SIZE * 1.5) / 30))}`,
  );

  beforeAll(async () => {
    ctx = await startTestApp({ STORAGE: 'database' });
    backupRoot = mkdtempSync(join(tmpdir(), 'itaku-guard-backups-'));
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const company = await createContractor(ctx, admin);
    const contract = await createApprovedContract(ctx, officer.token, company.id);
    [{ document_sha256: documentSha256 }] = await ctx.dataSource.query<{ document_sha256: string }[]>(
      'SELECT document_sha256 FROM contract WHERE id = ?',
      [contract.id],
    );
    // Evidence of several pieces, stored through the app's store and named by a row as an upload names it.
    const hash = await ctx.app.get(ContentStores).evidence.put(evidence);
    await ctx.dataSource.query(
      "INSERT INTO evidence (id, owner_type, owner_id, contractor_id, file_name, media_type, size, sha256, uploaded_by, created_at) VALUES (?, 'ASSESSMENT_ITEM', ?, ?, 'kiroku.csv', 'text/plain', ?, ?, ?, ?)",
      [randomUUID(), randomUUID(), company.id, evidence.length, hash, officer.id, '2026-07-01 00:00:00.000'],
    );
    backup = await createBackup(ctx.config, { outDir: backupRoot });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(backupRoot, { recursive: true, force: true });
  });

  it('should record the storage and carry the files in the database part, not as files', () => {
    expect(backup.manifest.storage).toBe('database');
    const kinds = new Set(backup.manifest.parts.map((p) => p.kind));
    expect([...kinds].filter((k) => k !== 'database' && k !== 'audit-checkpoint')).toEqual([]);
    expect(kinds.has('database')).toBe(true);
    expect(backup.manifest.rowCounts.stored_blob).toBe(2);
    expect(backup.manifest.rowCounts.stored_blob_chunk).toBeGreaterThanOrEqual(3);
    expect(existsSync(join(backup.dir, 'evidence'))).toBe(false);
  });

  it('should restore into an empty instance storing in the database, every file checked and served', async () => {
    const target = await emptyInstance(ctx.config);
    try {
      const report = await restoreBackup(target.config, backup.dir);
      expect(report.filesChecked).toBe(2);
      const app = await createApp(target.config);
      try {
        await app.init();
        const stores = app.get(ContentStores);
        expect((await stores.evidence.get(sha256Of(evidence)))?.equals(evidence)).toBe(true);
        const pdf = await stores.documents.get(documentSha256);
        expect(pdf && sha256Of(pdf)).toBe(documentSha256);
      } finally {
        await app.close();
      }
      expect(existsSync(join(target.config.dataDir, 'documents'))).toBe(false);
    } finally {
      await target.db.drop();
    }
  });

  it('should refuse to restore into an instance that stores in DATA_DIR, before writing anything', async () => {
    const target = await emptyInstance(ctx.config, 'folder');
    try {
      const error = await restoreBackup(target.config, backup.dir).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackupRefused);
      expect((error as Error).message).toContain('STORAGE=database');
    } finally {
      await target.db.drop();
    }
  });

  it('should not take a backup when a piece of a named file was changed in the live database', async () => {
    const [row] = await ctx.dataSource.query<{ blob_id: string }[]>(
      "SELECT blob_id FROM stored_blob WHERE store = 'evidence' AND sha256 = ?",
      [sha256Of(evidence)],
    );
    await ctx.dataSource.query('UPDATE stored_blob_chunk SET data = ? WHERE blob_id = ? AND seq = 1', [
      Buffer.from('tampered'),
      row.blob_id,
    ]);
    const out = mkdtempSync(join(backupRoot, 'broken-live-'));
    await expect(createBackup(ctx.config, { outDir: out })).rejects.toThrow(
      `evidence ${sha256Of(evidence)}: its pieces no longer match its SHA-256`,
    );
  });
});
