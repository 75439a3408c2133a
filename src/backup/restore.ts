import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { sha256Of } from '../common/storage/content-store';
import { ContentStores } from '../common/storage/content-stores';
import { buildDataSourceOptions, prepareMysqlSessions } from '../config/data-source';
import type { AppConfig } from '../config/env';
import { AuditChainHead } from '../modules/audit/audit-event.entity';
import { AuditService } from '../modules/audit/audit.service';
import { parseCheckpointFile } from '../modules/audit/audit-checkpoint';
import { loadCatalogue } from '../modules/clauses/catalogue.loader';
import { AppModule } from '../app.module';
import { NestFactory } from '@nestjs/core';
import { syncDir, writeFileDurably } from './files';
import {
  auditKeyFingerprint,
  type BackupManifest,
  BackupRefused,
  listFiles,
  partProblems,
  readManifest,
} from './manifest';
import { clientToolCandidates, findTool, loadMysqlDump, type MysqlDatabaseConfig } from './mysql-dump';
import { FILE_REFERENCES, STORES, storedFileAbsolute } from './stored-files';

/** The restore wrote the data but the result does not check out: the instance must not be used as it is. */
export class RestoreFailed extends Error {
  constructor(readonly problems: string[]) {
    super(`the restored instance does not check out:\n  ${problems.join('\n  ')}`);
    this.name = 'RestoreFailed';
  }
}

/**
 * Checks a backup folder without writing anything: the manifest parses and is intact, every part is there with
 * its size and SHA-256, and nothing else is. Throws BackupRefused naming every problem.
 */
export async function checkBackup(dir: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const problems = await partProblems(dir, manifest);
  if (problems.length) {
    throw new BackupRefused(
      `the backup in ${dir} is damaged or incomplete (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`,
    );
  }
  return manifest;
}

export interface RestoreOptions {
  /** Restore over a database that has tables and a DATA_DIR that has stored files (their tables are dropped). */
  replaceExisting?: boolean;
  log?: (line: string) => void;
}

export interface RestoreReport {
  manifest: BackupManifest;
  rowCounts: Record<string, number>;
  migrationsApplied: string[];
  filesChecked: number;
  auditRowsVerified: number;
  checkpointChecked: boolean;
  sessionsEnded: number;
  durationMs: number;
}

/**
 * Restores a backup into an empty instance (the one `config` describes), then proves it: the row counts equal the
 * manifest's, the schema is brought up to this version, every stored file named by a row is there with its hash,
 * and the audit chain verifies with this instance's key up to the manifest's head (and its signed checkpoint).
 * Everything that can refuse the backup is checked before the first write.
 */
export async function restoreBackup(
  config: AppConfig,
  dir: string,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const manifest = await checkBackup(dir);
  log(
    `backup of ${manifest.snapshotAt} (itaku-guard ${manifest.app.version}, ${manifest.parts.length} parts) is intact`,
  );

  const db = config.database;
  const engine = db.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  if (manifest.database.engine !== engine) {
    throw new BackupRefused(
      `the backup holds a ${manifest.database.engine} database; this instance is configured for ${engine} ` +
        '(DATABASE_URL): restore it into the same kind of database',
    );
  }
  if (auditKeyFingerprint(config.auditHmacKey) !== manifest.auditKeyFingerprint) {
    throw new BackupRefused(
      "the audit key this instance uses is not the one the backup's audit chain was written with. The key is " +
        'not part of the backup: set AUDIT_HMAC_KEY, or put the original audit-hmac.key into KEYS_DIR ' +
        `(${config.auditKeys.keysDir}), and run again`,
    );
  }
  const storage = manifest.storage ?? 'folder';
  if (storage !== config.storage) {
    throw new BackupRefused(
      `the backup keeps its stored files in ${storage === 'database' ? 'the database' : 'DATA_DIR'}; this ` +
        `instance is configured with STORAGE=${config.storage}: restore with STORAGE=${storage}` +
        (storage === 'folder' ? ', then move the files with npm run storage:migrate' : ''),
    );
  }
  if (db.type !== 'better-sqlite3') findTool(clientToolCandidates(db), 'restore a MariaDB/MySQL database');
  const occupied = await occupiedTarget(config);
  if (occupied.length && !options.replaceExisting) {
    throw new BackupRefused(
      `the target instance is not empty: ${occupied.join('; ')}. Restore into an empty database and DATA_DIR, ` +
        'or pass --replace-existing to replace what is there',
    );
  }

  // From here on, writes.
  const databasePart = manifest.parts.find((p) => p.kind === 'database');
  if (!databasePart) throw new BackupRefused('the manifest lists no database');
  if (db.type === 'better-sqlite3') {
    await restoreSqlite(db.file, join(dir, databasePart.path));
  } else {
    await emptyMysqlDatabase(db, occupied.length > 0);
    await loadMysqlDump(db, join(dir, databasePart.path));
  }
  log('database restored');
  let files = 0;
  for (const part of manifest.parts) {
    if (part.kind !== 'document' && part.kind !== 'evidence') continue;
    const bytes = await readFile(join(dir, ...part.path.split('/')));
    // Read again for the copy: checked now, not only when the folder was checked a moment ago.
    if (sha256Of(bytes) !== part.sha256) throw new RestoreFailed([`${part.path} changed during the restore`]);
    await writeFileDurably(join(config.dataDir, ...part.path.split('/')), bytes, { file: 0o640 });
    files++;
  }
  log(`stored files restored: ${files}`);

  // Counted before the app starts (and migrates): the manifest describes the backup's own schema.
  const problems: string[] = [];
  const counted = await new DataSource(buildDataSourceOptions(db)).initialize();
  let rowCounts: Record<string, number>;
  let restoredMigrations: string[];
  try {
    await prepareMysqlSessions(counted);
    rowCounts = await countRows(counted, Object.keys(manifest.rowCounts));
    restoredMigrations = await migrationNames(counted);
  } finally {
    await counted.destroy();
  }
  for (const [table, expected] of Object.entries(manifest.rowCounts)) {
    if (rowCounts[table] !== expected) {
      problems.push(`table ${table}: ${rowCounts[table]} rows, the manifest says ${expected}`);
    }
  }
  if (restoredMigrations.join() !== manifest.migrations.join()) {
    problems.push('the restored migrations table differs from the manifest');
  }
  log(`row counts compared for ${Object.keys(rowCounts).length} tables`);

  // The restored instance proves itself with the app's own code: started as the app starts (migrations run when
  // the backup is older), its audit verification run as /api/audit-events/verify runs it.
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ ...config, jobsEnabled: false }, loadCatalogue(config.clausesDir)),
    { logger: false, abortOnError: false },
  );
  try {
    const dataSource = app.get(DataSource);
    const migrationsApplied = (await migrationNames(dataSource)).slice(restoredMigrations.length);
    if (migrationsApplied.length)
      log(`migrations applied (the backup is older): ${migrationsApplied.join(', ')}`);
    const filesChecked = await checkStoredFiles(config, dataSource, app.get(ContentStores), problems);
    log(`stored files checked against the rows naming them: ${filesChecked}`);

    const checkpoint = manifest.auditCheckpoint
      ? parseCheckpointFile(await readFile(join(dir, ...manifest.auditCheckpoint.path.split('/')), 'utf8'))
      : null;
    if (manifest.auditCheckpoint && !checkpoint)
      problems.push("the backup's audit checkpoint is not a checkpoint");
    // With the backup's checkpoint given, the chain must reach it with the very hash it signed; checkpoints
    // made after the backup (in AUDIT_CHECKPOINT_DIR) are not asked: their rows are not in the backup.
    const verified = await app.get(AuditService).verify(checkpoint ?? undefined);
    const head = await dataSource.manager.findOneBy(AuditChainHead, { id: 1 });
    if (!verified.ok) {
      problems.push(
        `the audit chain does not verify with this instance's key: ${verified.problem ?? 'broken'} at seq ` +
          `${verified.firstBrokenSeq ?? '?'}`,
      );
    } else if (
      verified.checked !== manifest.auditChainHead.seq ||
      head?.lastHash !== manifest.auditChainHead.hash
    ) {
      problems.push(
        `the audit chain verifies but ends at seq ${verified.checked}, the manifest's head is ${manifest.auditChainHead.seq}`,
      );
    }
    log(
      `audit chain verified: ${verified.checked} rows${checkpoint ? `, checkpoint seq ${checkpoint.seq} matched` : ''}`,
    );
    if (problems.length) throw new RestoreFailed(problems);

    // Sessions in the backup may have been signed out or revoked since it was taken: everyone signs in again.
    const [sessions] = await dataSource.query<{ n: number | string }[]>('SELECT COUNT(*) AS n FROM session');
    await dataSource.query('DELETE FROM session');
    return {
      manifest,
      rowCounts,
      migrationsApplied,
      filesChecked,
      auditRowsVerified: verified.checked,
      checkpointChecked: checkpoint !== null,
      sessionsEnded: Number(sessions.n),
      durationMs: Date.now() - started,
    };
  } finally {
    await app.close();
  }
}

async function countRows(dataSource: DataSource, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    try {
      const [row] = await dataSource.query<{ n: number | string }[]>(
        `SELECT COUNT(*) AS n FROM ${dataSource.driver.escape(table)}`,
      );
      counts[table] = Number(row.n);
    } catch {
      counts[table] = -1; // the table is missing
    }
  }
  return counts;
}

async function migrationNames(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
  return rows.map((m) => m.name);
}

/** Every stored file a row names, read back (in the instance's backend) and hashed. Answers how many were checked. */
async function checkStoredFiles(
  config: AppConfig,
  dataSource: DataSource,
  stores: ContentStores,
  problems: string[],
): Promise<number> {
  let checked = 0;
  for (const ref of FILE_REFERENCES) {
    const rows = await dataSource.query<{ h: string }[]>(
      `SELECT DISTINCT ${ref.column} AS h FROM ${ref.table} WHERE ${ref.column} IS NOT NULL`,
    );
    const store = stores.of(ref.store);
    for (const { h } of rows) {
      const where =
        store.kind === 'folder'
          ? storedFileAbsolute(config.dataDir, { store: ref.store, sha256: h })
          : `the database's ${ref.store} blob ${h}`;
      if (!(await store.has(h))) {
        problems.push(`${ref.table}.${ref.column} names ${h}, but ${where} is missing`);
        continue;
      }
      if (!(await store.open(h))) problems.push(`${where} does not match its SHA-256`);
      checked++;
    }
  }
  return checked;
}

/** What makes the target not empty: tables in its database, files in its stores. */
async function occupiedTarget(config: AppConfig): Promise<string[]> {
  const found: string[] = [];
  const db = config.database;
  const tables = db.type === 'better-sqlite3' ? sqliteTableCount(db.file) : await mysqlTableCount(db);
  if (tables > 0) found.push(`its database has ${tables} table(s)`);
  for (const store of Object.values(STORES)) {
    const dir = join(config.dataDir, store.dir);
    if (existsSync(dir) && (await listFiles(dir)).length) found.push(`${dir} holds files`);
  }
  return found;
}

function sqliteTableCount(file: string): number {
  if (!existsSync(file)) return 0;
  const db = new Database(file, { fileMustExist: true, timeout: 5000 });
  try {
    return Number(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get());
  } finally {
    db.close();
  }
}

async function mysqlConnection(db: MysqlDatabaseConfig, database?: string) {
  return createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
    database,
    charset: 'utf8mb4_bin',
    multipleStatements: false,
  });
}

async function mysqlTableCount(db: MysqlDatabaseConfig): Promise<number> {
  const conn = await mysqlConnection(db);
  try {
    const [rows] = await conn.query<(RowDataPacket & { n: number })[]>(
      'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?',
      [db.database],
    );
    return Number(rows[0].n);
  } finally {
    await conn.end();
  }
}

/** Creates the database when it does not exist; drops every table in it when asked to replace what is there. */
async function emptyMysqlDatabase(db: MysqlDatabaseConfig, dropTables: boolean): Promise<void> {
  const conn = await mysqlConnection(db);
  try {
    await conn.query(
      `CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
    if (!dropTables) return;
    await conn.query(`USE \`${db.database}\``);
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    const [rows] = await conn.query<(RowDataPacket & { name: string })[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ?',
      [db.database],
    );
    for (const { name } of rows) await conn.query(`DROP TABLE \`${name.replace(/`/g, '``')}\``);
  } finally {
    await conn.end();
  }
}

/** Puts the snapshot in place of the database file: copied beside it, flushed, renamed over it. */
async function restoreSqlite(target: string, snapshot: string): Promise<void> {
  const temp = `${target}.restore-${randomBytes(6).toString('hex')}`;
  await mkdir(dirname(target), { recursive: true });
  await copyFile(snapshot, temp);
  const handle = await open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A -wal left by an earlier database must never be replayed onto the restored file.
  for (const suffix of ['-wal', '-shm', '-journal']) await rm(`${target}${suffix}`, { force: true });
  await rm(target, { force: true });
  await rename(temp, target);
  await syncDir(dirname(target));
}
