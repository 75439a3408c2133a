import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/utils/test-db';
import { buildDataSourceOptions } from '../../config/data-source';
import { type AppConfig, parseDatabaseUrl } from '../../config/env';
import { openDatabase } from '../../database/database.module';
import { TransactionService } from '../../database/transaction.service';
import { AuditWriter } from '../../modules/audit/audit.writer';
import {
  CHUNK_SIZE,
  ContentMismatch,
  type ContentStore,
  contentPath,
  sha256Of,
  StoredContentChanged,
} from './content-store';
import { databaseStore, folderStore } from './content-stores';

/** How a test reaches behind a backend: damages what it stored, counts what it keeps. */
interface Backend {
  name: string;
  store: () => ContentStore;
  /** Changes one byte of the piece at `chunk` (a stored file or a chunk row). */
  flipByte(hash: string, chunk: number): Promise<void> | void;
  /** Removes the last piece (the file loses its last CHUNK_SIZE bytes or fewer). */
  dropLastPiece(hash: string): Promise<void> | void;
  /** How many copies are kept: files, or stored_blob rows and chunk rows. */
  footprint(): Promise<{ blobs: number; chunks: number }> | { blobs: number; chunks: number };
}

const collect = async (stream: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
};

/** The bytes as a stream delivers them: in pieces of `size`. */
function pieces(bytes: Buffer, size: number): AsyncIterable<Buffer> {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts, { objectMode: false });
}

/**
 * The contract both backends keep (STORAGE=folder and STORAGE=database): the same tests against each. The database
 * is SQLite, or MariaDB/MySQL under TEST_DATABASE_URL.
 */
describe('ContentStore contract', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let tx: TransactionService;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDatabase(buildDataSourceOptions(parseDatabaseUrl(db.url, db.dataDir)));
    tx = new TransactionService(dataSource, new AuditWriter({} as AppConfig));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const folder: Backend = {
    name: 'folder',
    store: () => folderStore(db.dataDir, 'evidence'),
    flipByte: (hash, chunk) => {
      const path = contentPath(join(db.dataDir, 'evidence'), hash);
      const bytes = readFileSync(path);
      bytes[chunk * CHUNK_SIZE] ^= 0xff;
      writeFileSync(path, bytes);
    },
    dropLastPiece: (hash) => {
      const path = contentPath(join(db.dataDir, 'evidence'), hash);
      const size = readFileSync(path).length;
      truncateSync(path, Math.floor((size - 1) / CHUNK_SIZE) * CHUNK_SIZE);
    },
    footprint: () => {
      const dir = join(db.dataDir, 'evidence');
      let blobs = 0;
      for (const sub of readdirSync(dir, { withFileTypes: true })) {
        if (sub.isDirectory()) blobs += readdirSync(join(dir, sub.name)).length;
        else blobs++; // a temporary file left behind
      }
      return { blobs, chunks: blobs };
    },
  };

  const blobIdOf = async (hash: string): Promise<string> => {
    const [row] = await dataSource.query<{ blob_id: string }[]>(
      "SELECT blob_id FROM stored_blob WHERE store = 'evidence' AND sha256 = ?",
      [hash],
    );
    return row.blob_id;
  };
  const database: Backend = {
    name: 'database',
    store: () => databaseStore(dataSource, tx, 'evidence'),
    flipByte: async (hash, chunk) => {
      const blobId = await blobIdOf(hash);
      const [row] = await dataSource.query<{ data: Buffer }[]>(
        'SELECT data FROM stored_blob_chunk WHERE blob_id = ? AND seq = ?',
        [blobId, chunk],
      );
      const data = Buffer.from(row.data);
      data[0] ^= 0xff;
      await dataSource.query('UPDATE stored_blob_chunk SET data = ? WHERE blob_id = ? AND seq = ?', [
        data,
        blobId,
        chunk,
      ]);
    },
    dropLastPiece: async (hash) => {
      const blobId = await blobIdOf(hash);
      await dataSource.query(
        'DELETE FROM stored_blob_chunk WHERE blob_id = ? AND seq = (SELECT n FROM (SELECT MAX(seq) AS n FROM stored_blob_chunk WHERE blob_id = ?) m)',
        [blobId, blobId],
      );
    },
    footprint: async () => {
      const [b] = await dataSource.query<{ n: number | string }[]>(
        "SELECT COUNT(*) AS n FROM stored_blob WHERE store = 'evidence'",
      );
      const [c] = await dataSource.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM stored_blob_chunk',
      );
      return { blobs: Number(b.n), chunks: Number(c.n) };
    },
  };

  describe.each([folder, database])('$name', (backend) => {
    let store: ContentStore;
    beforeAll(() => {
      store = backend.store();
    });

    it('should answer the SHA-256 and give back the same bytes, whole and streamed', async () => {
      const bytes = randomBytes(CHUNK_SIZE * 2 + 1234);
      const hash = await store.put(bytes);
      expect(hash).toBe(sha256Of(bytes));
      expect(await store.has(hash)).toBe(true);
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
      const content = await store.open(hash);
      expect(content?.size).toBe(bytes.length);
      const streamed = await collect(content!.stream());
      expect(streamed.equals(bytes)).toBe(true);
    });

    it('should store content read in pieces of any size under the hash of the whole', async () => {
      const bytes = randomBytes(CHUNK_SIZE + 70_001);
      const hash = await store.put(pieces(bytes, 65_536 + 3));
      expect(hash).toBe(sha256Of(bytes));
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
    });

    it('should store empty content', async () => {
      const hash = await store.put(Buffer.alloc(0));
      expect(hash).toBe(sha256Of(Buffer.alloc(0)));
      expect((await store.get(hash))?.length).toBe(0);
    });

    it('should keep one copy when the same content is stored again, also by writers at the same time', async () => {
      const bytes = randomBytes(CHUNK_SIZE + 10);
      const before = await backend.footprint();
      const hashes = await Promise.all([store.put(bytes), store.put(bytes), store.put(pieces(bytes, 4096))]);
      expect(hashes).toEqual(Array(3).fill(sha256Of(bytes)));
      expect(await store.put(bytes)).toBe(sha256Of(bytes));
      const after = await backend.footprint();
      expect(after.blobs - before.blobs).toBe(1);
      // Database: the two pieces of the one blob; the losers' pieces were removed.
      expect(after.chunks - before.chunks).toBe(backend.name === 'database' ? 2 : 1);
      expect((await store.get(sha256Of(bytes)))?.equals(bytes)).toBe(true);
    });

    it('should answer null for a hash never stored and for what is not a hash', async () => {
      const missing = sha256Of(Buffer.from('never stored'));
      expect(await store.get(missing)).toBeNull();
      expect(await store.open(missing)).toBeNull();
      expect(await store.has(missing)).toBe(false);
      expect(await store.get('../../etc/passwd')).toBeNull();
      expect(await store.open('ABC')).toBeNull();
    });

    it('should refuse a changed piece, whole or streamed', async () => {
      const bytes = randomBytes(CHUNK_SIZE * 2 + 5);
      const hash = await store.put(bytes);
      await backend.flipByte(hash, 1);
      expect(await store.get(hash)).toBeNull();
      expect(await store.open(hash)).toBeNull();
      expect(await store.has(hash)).toBe(true);
    });

    it('should refuse content cut short', async () => {
      const bytes = randomBytes(CHUNK_SIZE + 5);
      const hash = await store.put(bytes);
      await backend.dropLastPiece(hash);
      expect(await store.get(hash)).toBeNull();
      expect(await store.open(hash)).toBeNull();
    });

    it('should stop a stream before a piece that changed after the check, having sent only checked bytes', async () => {
      const bytes = randomBytes(CHUNK_SIZE * 3);
      const hash = await store.put(bytes);
      const content = await store.open(hash);
      expect(content).not.toBeNull();
      await backend.flipByte(hash, 1);
      const received: Buffer[] = [];
      const stream = content!.stream();
      const failure = await (async () => {
        try {
          for await (const part of stream) received.push(part as Buffer);
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(failure).toBeInstanceOf(StoredContentChanged);
      const sent = Buffer.concat(received);
      expect(sent.length).toBe(CHUNK_SIZE);
      expect(sent.equals(bytes.subarray(0, CHUNK_SIZE))).toBe(true);
    });

    it('should replace a damaged copy when the right content is stored again', async () => {
      const bytes = randomBytes(CHUNK_SIZE + 99);
      const hash = await store.put(bytes);
      await backend.flipByte(hash, 0);
      expect(await store.get(hash)).toBeNull();
      expect(await store.put(bytes)).toBe(hash);
      expect((await store.get(hash))?.equals(bytes)).toBe(true);
    });

    it('should refuse content that does not have the expected hash, storing nothing', async () => {
      const bytes = randomBytes(1000);
      const wrong = sha256Of(Buffer.from('something else'));
      const before = await backend.footprint();
      await expect(store.put(pieces(bytes, 100), { expected: wrong })).rejects.toBeInstanceOf(
        ContentMismatch,
      );
      expect(await backend.footprint()).toEqual(before);
      expect(await store.has(wrong)).toBe(false);
      expect(await store.has(sha256Of(bytes))).toBe(false);
    });
  });

  it("database: a blob stored in the caller's transaction rolls back with it", async () => {
    const store = database.store();
    const bytes = randomBytes(2000);
    await expect(
      tx.run(async (t) => {
        await store.put(bytes, { manager: t.manager });
        expect(await store.has(sha256Of(bytes))).toBe(db.kind === 'sqlite'); // SQLite: the same connection
        throw new Error('the caller fails');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await store.has(sha256Of(bytes))).toBe(false);
    const [orphans] = await dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM stored_blob_chunk c WHERE NOT EXISTS (SELECT 1 FROM stored_blob b WHERE b.blob_id = c.blob_id)',
    );
    expect(Number(orphans.n)).toBe(0);
  });
});
