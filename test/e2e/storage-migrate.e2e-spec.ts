import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentPath, sha256Of } from '../../src/common/storage/content-store';
import { databaseStore, folderStore } from '../../src/common/storage/content-stores';
import { moveFilesToDatabase } from '../../src/common/storage/move-to-database';
import { TransactionService } from '../../src/database/transaction.service';
import { createApprovedContract, createContractor, createUserAndLogin } from '../factories';
import { ADMIN, login, startTestApp, type TestContext } from '../utils/test-app';

/**
 * npm run storage:migrate's work: an instance that stored its files under DATA_DIR (STORAGE=folder) moves them into
 * its database; every hash is checked on the way in and read back; a second run is a no-op; a damaged file is
 * named and not moved.
 */
describe('moving stored files from DATA_DIR into the database', () => {
  let ctx: TestContext;
  let documentSha256: string;
  const run = () => {
    const tx = ctx.app.get(TransactionService);
    return moveFilesToDatabase(ctx.config.dataDir, ctx.dataSource, (work) => tx.run((t) => work(t.manager)));
  };
  const dbStore = (store: 'documents' | 'evidence') =>
    databaseStore(ctx.dataSource, ctx.app.get(TransactionService), store);

  beforeAll(async () => {
    ctx = await startTestApp({ STORAGE: 'folder' });
    const admin = await login(ctx, ADMIN.email, ADMIN.password);
    const officer = await createUserAndLogin(ctx, admin, 'OFFICER');
    const contractor = await createContractor(ctx, admin, { name: '株式会社置賜情報サービス' });
    const contract = await createApprovedContract(ctx, officer.token, contractor.id);
    const [row] = await ctx.dataSource.query<{ document_sha256: string }[]>(
      'SELECT document_sha256 FROM contract WHERE id = ?',
      [contract.id],
    );
    documentSha256 = row.document_sha256;
  });
  afterAll(async () => ctx.close());

  it('should move every file in, read each back with its hash, and find every row its file', async () => {
    // A large evidence file too (several pieces), stored the way the folder backend stores uploads.
    const evidence = randomBytes(1_300_000);
    await folderStore(ctx.config.dataDir, 'evidence').put(evidence);
    writeFileSync(join(ctx.config.dataDir, 'evidence', '.a1b2.tmp'), 'an interrupted write');

    const report = await run();
    expect(report.mismatches).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.stores.evidence).toEqual({
      files: 1,
      moved: 1,
      alreadyThere: 0,
      bytes: evidence.length,
    });
    expect(report.stores.documents.files).toBeGreaterThanOrEqual(1);
    expect(report.stores.documents.moved).toBe(report.stores.documents.files);
    expect(report.skipped).toEqual([join(ctx.config.dataDir, 'evidence', '.a1b2.tmp')]);

    expect((await dbStore('evidence').get(sha256Of(evidence)))?.equals(evidence)).toBe(true);
    const pdf = readFileSync(contentPath(join(ctx.config.dataDir, 'documents'), documentSha256, '.pdf'));
    expect((await dbStore('documents').get(documentSha256))?.equals(pdf)).toBe(true);
  });

  it('should do nothing the second time but check what is there', async () => {
    const [before] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM stored_blob_chunk',
    );
    const report = await run();
    expect(report.stores.evidence).toMatchObject({ files: 1, moved: 0, alreadyThere: 1 });
    expect(report.stores.documents.moved).toBe(0);
    expect(report.stores.documents.alreadyThere).toBe(report.stores.documents.files);
    expect(report.mismatches).toEqual([]);
    const [after] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM stored_blob_chunk',
    );
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('should name a file whose content no longer matches its name, and not move it', async () => {
    const bytes = randomBytes(700_000);
    const hash = await folderStore(ctx.config.dataDir, 'evidence').put(bytes);
    const path = contentPath(join(ctx.config.dataDir, 'evidence'), hash);
    bytes[600_000] ^= 0xff;
    writeFileSync(path, bytes);

    const report = await run();
    expect(report.mismatches).toEqual([expect.stringContaining(path)]);
    expect(report.stores.evidence).toMatchObject({ files: 2, moved: 0, alreadyThere: 1 });
    expect(await dbStore('evidence').has(hash)).toBe(false);
    const [orphans] = await ctx.dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM stored_blob_chunk c WHERE NOT EXISTS (SELECT 1 FROM stored_blob b WHERE b.blob_id = c.blob_id)',
    );
    expect(Number(orphans.n)).toBe(0);
  });

  it('should name a row whose file is in neither place, and remove pieces abandoned over an hour ago', async () => {
    const gone = sha256Of(Buffer.from('never stored anywhere'));
    await ctx.dataSource.query('UPDATE contract SET document_sha256 = ? WHERE document_sha256 = ?', [
      gone,
      documentSha256,
    ]);
    await ctx.dataSource.query(
      'INSERT INTO stored_blob_chunk (blob_id, seq, data, created_at) VALUES (?, 0, ?, ?), (?, 0, ?, ?)',
      [
        'abandoned-0000',
        Buffer.from('old'),
        '2026-01-01 00:00:00.000',
        'in-progress-0000',
        Buffer.from('new'),
        new Date().toISOString().replace('T', ' ').replace('Z', ''),
      ],
    );
    try {
      const report = await run();
      expect(report.missing).toEqual([`contract.document_sha256 names ${gone}, not in the database intact`]);
      expect(report.orphanedChunksRemoved).toBe(1);
      const left = await ctx.dataSource.query<{ blob_id: string }[]>(
        "SELECT blob_id FROM stored_blob_chunk WHERE blob_id IN ('abandoned-0000', 'in-progress-0000')",
      );
      expect(left.map((r) => r.blob_id)).toEqual(['in-progress-0000']);
    } finally {
      await ctx.dataSource.query('UPDATE contract SET document_sha256 = ? WHERE document_sha256 = ?', [
        documentSha256,
        gone,
      ]);
    }
  });
});
