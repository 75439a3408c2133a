import Database from 'better-sqlite3';
import { BlobTally } from './snapshot-blobs';
import {
  AUDIT_HEAD_TABLE,
  BLOB_TABLE,
  CHUNK_TABLE,
  MIGRATIONS_TABLE,
  type SnapshotFacts,
  sortedCounts,
} from './snapshot';
import { FILE_REFERENCES, SHA256_HEX, type StoredFileRef } from './stored-files';

/**
 * Copies the live SQLite database with SQLite's online backup API, never as a file copy (a copy taken while the
 * app writes can mix pages of two moments, and misses what is still in the -wal file). The first step learns the
 * size, the second copies every page in one step inside one read transaction, so the copy is one committed state;
 * should the app commit between the two, SQLite restarts the copy in that second step. In WAL mode the app's
 * writers are not blocked meanwhile.
 */
export async function snapshotSqlite(sourceFile: string, destination: string): Promise<SnapshotFacts> {
  const source = new Database(sourceFile, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new Database(destination, { fileMustExist: true });
  try {
    // A standalone file: no -wal/-shm beside it in the backup, whatever mode the live database uses.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the snapshot fails SQLite's integrity check: ${String(check)}`);
    return readSqliteFacts(copy);
  } finally {
    copy.close();
  }
}

function readSqliteFacts(db: Database): SnapshotFacts {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  const counts = new Map<string, number>();
  for (const table of tables) {
    counts.set(
      table,
      Number(
        db
          .prepare(`SELECT COUNT(*) FROM ${quote(table)}`)
          .pluck()
          .get(),
      ),
    );
  }
  const head = db
    .prepare(`SELECT last_seq AS seq, last_hash AS hash FROM ${AUDIT_HEAD_TABLE} WHERE id = 1`)
    .get() as { seq: number | string; hash: string } | undefined;
  if (!head) throw new Error('the snapshot has no audit chain head: is this an itaku-guard database?');
  const files: StoredFileRef[] = [];
  for (const ref of FILE_REFERENCES) {
    const hashes = db
      .prepare(`SELECT DISTINCT ${ref.column} FROM ${ref.table} WHERE ${ref.column} IS NOT NULL`)
      .pluck()
      .all() as string[];
    for (const sha256 of hashes) {
      if (!SHA256_HEX.test(sha256))
        throw new Error(`${ref.table}.${ref.column} holds "${sha256}", not a SHA-256`);
      files.push({ store: ref.store, sha256 });
    }
  }
  const tally = new BlobTally();
  if (tables.includes(BLOB_TABLE)) {
    const blobs = db.prepare(`SELECT store, sha256, blob_id, size, chunk_count FROM ${BLOB_TABLE}`).all() as {
      store: string;
      sha256: string;
      blob_id: string;
      size: number;
      chunk_count: number;
    }[];
    for (const b of blobs) tally.blob(b.store, b.sha256, b.blob_id, Number(b.size), Number(b.chunk_count));
    // One piece in memory at a time.
    const pieces = db.prepare(`SELECT blob_id, seq, data FROM ${CHUNK_TABLE} ORDER BY blob_id, seq`);
    for (const p of pieces.iterate() as Iterable<{ blob_id: string; seq: number; data: Buffer }>) {
      tally.chunk(p.blob_id, Number(p.seq), p.data);
    }
  }
  return {
    blobs: tally.result(),
    rowCounts: sortedCounts(counts),
    migrations: db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`).pluck().all() as string[],
    auditChainHead: { seq: Number(head.seq), hash: head.hash },
    files,
    serverVersion: `SQLite ${String(db.prepare('SELECT sqlite_version()').pluck().get())}`,
    method: 'SQLite online backup (better-sqlite3)',
  };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
