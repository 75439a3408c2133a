import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableDbError, isUniqueViolation } from '../errors/db-errors';
import {
  type ChunkedContent,
  ChunkedStore,
  ContentMismatch,
  inChunks,
  type PutOptions,
  SHA256_HEX,
  type StoreName,
} from './content-store';

/** Runs database work in a transaction of its own (TransactionService.run: queued on SQLite's one connection). */
export type RunInTransaction = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

interface BlobRow {
  blob_id: string;
  size: number | string;
}

/**
 * Files in the database (STORAGE=database), so that every app instance reads what any of them stored. Two tables
 * (migration StoredBlobs): stored_blob names a blob by (store, sha256) and points at its pieces, stored_blob_chunk
 * holds them, CHUNK_SIZE each, keyed by (blob_id, seq). A write puts the pieces under a new blob_id first, each
 * piece in a small transaction of its own (no write set grows with the file, which Galera replicates whole), and
 * then the one stored_blob row: until that row commits nothing names the pieces, so no partial blob is ever
 * visible under a hash. Two writers of the same hash (two instances, the same PDF) both write pieces; the second
 * stored_blob row is refused as a duplicate (or, on Galera, fails certification), that writer removes its own
 * pieces and answers the hash: a no-op, never an error. Pieces of a writer that died before its row are found by
 * `orphanedChunks` and removed by `npm run storage:migrate`.
 */
export class DatabaseStore extends ChunkedStore {
  readonly kind = 'database' as const;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: StoreName,
    private readonly runInTransaction: RunInTransaction,
  ) {
    super();
  }

  async put(content: Buffer | AsyncIterable<Buffer>, options: PutOptions = {}): Promise<string> {
    const known = Buffer.isBuffer(content) ? sha256Buffer(content) : options.expected;
    let damaged: string | null = null;
    if (known !== undefined) {
      const existing = await this.row(known);
      if (existing && (await this.open(known))) {
        if (options.expected !== undefined && known !== options.expected) {
          throw new ContentMismatch(options.expected, known);
        }
        return known;
      }
      damaged = existing?.blob_id ?? null;
    }
    const write = this.writer(options.manager);
    const blobId = randomUUID();
    let hash: string | undefined;
    try {
      const { sha256, size, count } = await this.writeChunks(content, blobId, write);
      hash = sha256;
      if (options.expected !== undefined && options.expected !== hash) {
        throw new ContentMismatch(options.expected, hash);
      }
      await write(async (m) => {
        // A damaged copy found above makes way for this one (only that copy: never one stored meanwhile).
        if (damaged !== null && hash === known) await this.remove(m, damaged);
        await m.query(
          'INSERT INTO stored_blob (store, sha256, blob_id, size, chunk_count, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [this.store, hash, blobId, size, count, utcNow()],
        );
      });
      return hash;
    } catch (error) {
      await this.writer(options.manager)((m) => this.remove(m, blobId)).catch(() => undefined);
      // Another writer stored the same content meanwhile: content-addressed, so theirs is ours.
      const raced = isUniqueViolation(error) || isRetryableDbError(error);
      if (hash !== undefined && raced && (await this.open(hash))) return hash;
      throw error;
    }
  }

  private async row(hash: string, manager: EntityManager = this.dataSource.manager): Promise<BlobRow | null> {
    if (!SHA256_HEX.test(hash)) return null;
    const rows = await manager.query<BlobRow[]>(
      'SELECT blob_id, size FROM stored_blob WHERE store = ? AND sha256 = ?',
      [this.store, hash],
    );
    return rows[0] ?? null;
  }

  protected async content(hash: string): Promise<ChunkedContent | null> {
    const row = await this.row(hash);
    if (!row) return null;
    return { size: Number(row.size), chunks: () => this.readChunks(row.blob_id) };
  }

  /** The pieces in order, one query each; stops at the first missing seq (a short read fails the check). */
  private async *readChunks(blobId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const rows = await this.dataSource.query<{ data: Buffer | Uint8Array }[]>(
        'SELECT data FROM stored_blob_chunk WHERE blob_id = ? AND seq = ?',
        [blobId, seq],
      );
      if (!rows.length) return;
      yield Buffer.from(rows[0].data);
    }
  }

  /** Writes the pieces under blobId (nothing names them yet) and answers what they add up to. */
  private async writeChunks(
    content: Buffer | AsyncIterable<Buffer>,
    blobId: string,
    write: RunInTransaction,
  ): Promise<{ sha256: string; size: number; count: number }> {
    const digest = createHash('sha256');
    let size = 0;
    let count = 0;
    for await (const chunk of inChunks(content)) {
      digest.update(chunk);
      size += chunk.length;
      const seq = count++;
      await write((m) =>
        m.query('INSERT INTO stored_blob_chunk (blob_id, seq, data, created_at) VALUES (?, ?, ?, ?)', [
          blobId,
          seq,
          chunk,
          utcNow(),
        ]),
      );
    }
    return { sha256: digest.digest('hex'), size, count };
  }

  /** Removes a blob's row (when it names blobId) and its pieces. */
  private async remove(manager: EntityManager, blobId: string): Promise<void> {
    await manager.query('DELETE FROM stored_blob WHERE blob_id = ?', [blobId]);
    await manager.query('DELETE FROM stored_blob_chunk WHERE blob_id = ?', [blobId]);
  }

  /** In the caller's open transaction when given one, else a transaction of its own per write. */
  private writer(manager?: EntityManager): RunInTransaction {
    if (manager?.queryRunner?.isTransactionActive) return (work) => work(manager);
    return this.runInTransaction;
  }
}

/** A datetime(3) value as both drivers take it in a raw query (better-sqlite3 binds no Date). */
function utcNow(): string {
  return new Date().toISOString().replace('T', ' ').replace('Z', '');
}

function sha256Buffer(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
