import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { FILE_REFERENCES } from '../../backup/stored-files';
import { CHUNK_SIZE, ContentMismatch, SHA256_HEX, STORE_NAMES, type StoreName } from './content-store';
import { FOLDERS } from './content-stores';
import { DatabaseStore, type RunInTransaction } from './database-store';

export interface MoveReport {
  /** Per store: files found under DATA_DIR, moved now, found already in the database (and checked). */
  stores: Record<StoreName, { files: number; moved: number; alreadyThere: number; bytes: number }>;
  /** Files whose content does not match the hash they are named by (damaged): not moved. */
  mismatches: string[];
  /** Hashes that rows of the database name but that the database does not hold, intact, after the move. */
  missing: string[];
  /** Files under the store folders that are not stored files (temporary files of an interrupted write, strays). */
  skipped: string[];
  /** Chunk rows that no blob names, left by writes interrupted more than an hour ago: removed. */
  orphanedChunksRemoved: number;
}

/** Pieces of a write in progress have no stored_blob row yet either: only older ones are taken for abandoned. */
const ORPHAN_AGE_MS = 60 * 60 * 1000;

/**
 * Moves the stored files under DATA_DIR into the database (npm run storage:migrate). Each file is streamed in,
 * in pieces, under the hash its name states, and refused when its content has another hash; then read back from
 * the database and hashed again. A file already in the database (intact) is only checked, so running it again is
 * a no-op. The files are left in place: removing them is the operator's step, after the switch to
 * STORAGE=database and a backup. The caller fails when `mismatches` or `missing` is not empty.
 */
export async function moveFilesToDatabase(
  dataDir: string,
  dataSource: DataSource,
  runInTransaction: RunInTransaction,
  log: (line: string) => void = () => undefined,
): Promise<MoveReport> {
  const report: MoveReport = {
    stores: {
      documents: { files: 0, moved: 0, alreadyThere: 0, bytes: 0 },
      evidence: { files: 0, moved: 0, alreadyThere: 0, bytes: 0 },
    },
    mismatches: [],
    missing: [],
    skipped: [],
    orphanedChunksRemoved: 0,
  };
  for (const store of STORE_NAMES) {
    const { dir, extension } = FOLDERS[store];
    const database = new DatabaseStore(dataSource, store, runInTransaction);
    const counts = report.stores[store];
    for (const file of await storedFiles(join(dataDir, dir))) {
      const name = file.name.endsWith(extension)
        ? file.name.slice(0, file.name.length - extension.length)
        : '';
      if (!SHA256_HEX.test(name) || file.sub !== name.slice(0, 2)) {
        report.skipped.push(file.path);
        continue;
      }
      counts.files++;
      if (await database.open(name)) {
        counts.alreadyThere++;
        continue;
      }
      try {
        await database.put(createReadStream(file.path, { highWaterMark: CHUNK_SIZE }), { expected: name });
      } catch (error) {
        if (!(error instanceof ContentMismatch)) throw error;
        report.mismatches.push(`${file.path}: ${error.message}`);
        continue;
      }
      const stored = await database.open(name);
      if (!stored) {
        report.mismatches.push(`${file.path}: read back from the database, it does not match its SHA-256`);
        continue;
      }
      counts.moved++;
      counts.bytes += stored.size;
    }
    log(
      `${store}: ${counts.files} file(s) under DATA_DIR/${dir}: ${counts.moved} moved (${counts.bytes} bytes), ` +
        `${counts.alreadyThere} already in the database`,
    );
  }
  report.missing = await missingReferences(dataSource, runInTransaction);
  report.orphanedChunksRemoved = await removeOrphanedChunks(dataSource, runInTransaction);
  return report;
}

/** Every row that names a stored file finds it in the database, intact. */
async function missingReferences(
  dataSource: DataSource,
  runInTransaction: RunInTransaction,
): Promise<string[]> {
  const missing: string[] = [];
  for (const ref of FILE_REFERENCES) {
    const store = new DatabaseStore(dataSource, ref.store, runInTransaction);
    const rows = await dataSource.query<{ h: string }[]>(
      `SELECT DISTINCT ${ref.column} AS h FROM ${ref.table} WHERE ${ref.column} IS NOT NULL`,
    );
    for (const { h } of rows) {
      if (!(await store.open(h)))
        missing.push(`${ref.table}.${ref.column} names ${h}, not in the database intact`);
    }
  }
  return missing;
}

async function removeOrphanedChunks(
  dataSource: DataSource,
  runInTransaction: RunInTransaction,
): Promise<number> {
  const before = new Date(Date.now() - ORPHAN_AGE_MS).toISOString().replace('T', ' ').replace('Z', '');
  const orphans = await dataSource.query<{ blob_id: string }[]>(
    'SELECT DISTINCT c.blob_id FROM stored_blob_chunk c WHERE c.created_at < ? AND NOT EXISTS ' +
      '(SELECT 1 FROM stored_blob b WHERE b.blob_id = c.blob_id)',
    [before],
  );
  let removed = 0;
  for (const { blob_id } of orphans) {
    removed += await runInTransaction(async (m) => {
      // Checked again in the transaction: a blob row that has just arrived keeps its pieces.
      const named = await m.query<unknown[]>('SELECT 1 FROM stored_blob WHERE blob_id = ?', [blob_id]);
      if (named.length) return 0;
      const [row] = await m.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM stored_blob_chunk WHERE blob_id = ?',
        [blob_id],
      );
      await m.query('DELETE FROM stored_blob_chunk WHERE blob_id = ?', [blob_id]);
      return Number(row.n);
    });
  }
  return removed;
}

/** The files two levels down (<store>/<xx>/<file>), and anything else found, as strays. */
async function storedFiles(dir: string): Promise<{ path: string; sub: string; name: string }[]> {
  if (!existsSync(dir)) return [];
  const found: { path: string; sub: string; name: string }[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) continue;
    const path = join(entry.parentPath, entry.name);
    const sub = entry.parentPath === dir ? '' : entry.parentPath.slice(dir.length + 1);
    found.push({ path, sub, name: entry.name });
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
