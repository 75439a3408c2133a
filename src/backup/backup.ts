import { chmod, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/env';
import { latestCheckpointUpTo } from './checkpoint-hook';
import { appVersion, isInsideDir, syncDir, writeFileDurably } from './files';
import {
  auditKeyFingerprint,
  type BackupManifest,
  type BackupPart,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_FORMAT_VERSION,
  manifestChecksum,
  sha256File,
} from './manifest';
import { firstReachableNode } from '../database/failover';
import { dumpMysql, dumpToolCandidates, findTool } from './mysql-dump';
import { type SnapshotFacts } from './snapshot';
import { blobKey } from './snapshot-blobs';
import { snapshotSqlite } from './sqlite-snapshot';
import { distinctRefs, storedFileAbsolute, storedFilePath } from './stored-files';
import { sha256Of } from '../common/storage/content-store';

export interface BackupOptions {
  /** The folder that receives the new backup folder (itaku-guard-backup-<time>). */
  outDir: string;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  bytes: number;
  durationMs: number;
}

/**
 * A backup of a running instance: first the database snapshot (SQLite's online backup or a single-transaction
 * dump), then the stored files that snapshot names. The order makes the pair consistent without stopping the
 * app: a file is stored (flushed and renamed into place) before the transaction that names it commits, stored
 * files are immutable and never removed, so every file the snapshot names already exists, unchanged, when it is
 * copied; files stored later are simply not named and not copied. Each copied file is checked against its hash.
 * The backup is written to `<name>.partial` and renamed only when complete, with its manifest last.
 */
export async function createBackup(config: AppConfig, options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const started = now();
  const outDir = resolve(options.outDir);
  if (isInsideDir(outDir, config.dataDir)) {
    throw new Error(
      `the backup folder ${outDir} is inside DATA_DIR (${config.dataDir}): a backup must live apart from the data it copies`,
    );
  }
  const name = `itaku-guard-backup-${started.toISOString().replace(/[-:]/g, '').replace('.', '')}`;
  const finalDir = join(outDir, name);
  const partialDir = `${finalDir}.partial`;
  const db = config.database;
  // Refused before anything is created: no snapshot can be taken.
  if (db.type === 'better-sqlite3' && db.file === ':memory:') {
    throw new Error('an in-memory SQLite database cannot be backed up');
  }
  if (db.type !== 'better-sqlite3') findTool(dumpToolCandidates(db), 'back up a MariaDB/MySQL database');
  await mkdir(outDir, { recursive: true });
  // The body's records and personal data: readable by the operator's account only.
  await mkdir(partialDir, { recursive: false, mode: 0o700 });
  let manifest: BackupManifest;
  try {
    manifest = await fill(config, partialDir, started, now, log);
  } catch (error) {
    // A backup that failed is removed, except one whose only fault is the live data's: kept for inspection.
    if (!(error instanceof StoredFilesUnusable)) await rm(partialDir, { recursive: true, force: true });
    throw error;
  }

  await rename(partialDir, finalDir);
  await syncDir(outDir);
  const bytes = manifest.parts.reduce((sum, p) => sum + p.size, 0);
  return { dir: finalDir, manifest, bytes, durationMs: now().getTime() - started.getTime() };
}

/** A stored file the snapshot names is missing or damaged in the live DATA_DIR. */
export class StoredFilesUnusable extends Error {}

/** Writes the snapshot, the files it names, the checkpoint and the manifest into the partial folder. */
async function fill(
  config: AppConfig,
  partialDir: string,
  started: Date,
  now: () => Date,
  log: (line: string) => void,
): Promise<BackupManifest> {
  const db = config.database;
  let facts: SnapshotFacts;
  let databasePart: string;
  if (db.type === 'better-sqlite3') {
    databasePart = 'database.sqlite';
    log(`database: SQLite online backup of ${db.file}`);
    facts = await snapshotSqlite(db.file, join(partialDir, databasePart));
  } else {
    databasePart = 'database.sql';
    // On the first reachable node of a cluster (`?failover=`), as the app opens it: mariadb-dump knows one host.
    const node = await firstReachableNode(db);
    log(`database: dump of ${db.database} on ${node.host}:${node.port} in one transaction`);
    facts = await dumpMysql({ ...db, ...node }, join(partialDir, databasePart));
  }
  const snapshotAt = now();
  log(
    `database snapshot taken: ${Object.values(facts.rowCounts).reduce((a, b) => a + b, 0)} rows in ` +
      `${Object.keys(facts.rowCounts).length} tables, audit chain at seq ${facts.auditChainHead.seq}`,
  );

  await chmod(join(partialDir, databasePart), 0o600);
  const parts: BackupPart[] = [];
  const database = await sha256File(join(partialDir, databasePart));
  parts.push({ path: databasePart, kind: 'database', ...database });

  const refs = distinctRefs(facts.files);
  const unusable: string[] = [];
  if (config.storage === 'database') {
    // The files are rows of the snapshot, which is a part already: checked there, piece by piece.
    for (const ref of refs) {
      const blob = facts.blobs.get(blobKey(ref.store, ref.sha256));
      if (!blob)
        unusable.push(`${ref.store} ${ref.sha256}: missing from the database (npm run storage:migrate?)`);
      else if (!blob.intact)
        unusable.push(`${ref.store} ${ref.sha256}: its pieces no longer match its SHA-256`);
    }
  }
  for (const ref of config.storage === 'database' ? [] : refs) {
    const source = storedFileAbsolute(config.dataDir, ref);
    let bytes: Buffer;
    try {
      bytes = await readFile(source);
    } catch {
      unusable.push(`${source}: missing`);
      continue;
    }
    if (sha256Of(bytes) !== ref.sha256) {
      unusable.push(`${source}: its content no longer matches its SHA-256`);
      continue;
    }
    const path = storedFilePath(ref);
    await writeFileDurably(join(partialDir, path), bytes);
    parts.push({
      path,
      kind: ref.store === 'documents' ? 'document' : 'evidence',
      size: bytes.length,
      sha256: ref.sha256,
    });
  }
  if (unusable.length) {
    throw new StoredFilesUnusable(
      `${unusable.length} stored file(s) named by the database cannot be backed up (the live data is damaged; ` +
        `restore them from an earlier backup):\n  ${unusable.join('\n  ')}\n` +
        `The incomplete backup is left in ${partialDir} for inspection; it will not restore.`,
    );
  }
  log(
    config.storage === 'database'
      ? `stored files checked in the database snapshot: ${refs.length}`
      : `stored files copied and checked: ${refs.length}`,
  );

  const checkpoint = await latestCheckpointUpTo(config, facts.auditChainHead.seq);
  if (checkpoint) {
    const path = `audit-checkpoint/${checkpoint.fileName}`;
    await writeFileDurably(join(partialDir, path), checkpoint.bytes);
    parts.push({ path, kind: 'audit-checkpoint', ...(await sha256File(join(partialDir, path))) });
    // The public key beside it, so that the checkpoint can be checked with openssl alone (SECURITY.md).
    const pub = 'audit-checkpoint/audit-checkpoint.pub';
    await writeFileDurably(join(partialDir, pub), config.auditKeys.checkpoint.publicKeyPem);
    parts.push({ path: pub, kind: 'audit-checkpoint', ...(await sha256File(join(partialDir, pub))) });
    log(`audit checkpoint included: ${checkpoint.fileName} (seq ${checkpoint.seq})`);
  } else {
    log('audit checkpoint: none found at or before the snapshot');
  }

  parts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const unsigned: Omit<BackupManifest, 'checksum'> = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    startedAt: started.toISOString(),
    snapshotAt: snapshotAt.toISOString(),
    app: appVersion(),
    database: {
      engine: db.type === 'better-sqlite3' ? 'sqlite' : 'mysql',
      method: facts.method,
      serverVersion: facts.serverVersion,
    },
    migrations: facts.migrations,
    rowCounts: facts.rowCounts,
    auditChainHead: facts.auditChainHead,
    auditKeyFingerprint: auditKeyFingerprint(config.auditHmacKey),
    auditCheckpoint: checkpoint
      ? { path: `audit-checkpoint/${checkpoint.fileName}`, seq: checkpoint.seq, hash: checkpoint.hash }
      : null,
    storage: config.storage,
    parts,
  };
  const manifest: BackupManifest = { ...unsigned, checksum: manifestChecksum(unsigned) };
  await writeFileDurably(join(partialDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await syncDir(partialDir);
  return manifest;
}
