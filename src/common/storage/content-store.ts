import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Both backends read and write in pieces of this size, so memory does not grow with a file's size. */
export const CHUNK_SIZE = 512 * 1024;

/** The two content-addressed stores: issued PDFs and evidence files. */
export type StoreName = 'documents' | 'evidence';
export const STORE_NAMES: readonly StoreName[] = ['documents', 'evidence'];

/** Where the stored files live (STORAGE): under DATA_DIR (one instance) or in the database (instances share it). */
export type StorageKind = 'folder' | 'database';

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Where a folder store under `dir` keeps the file of this hash (also read by the backup, which copies these files). */
export function contentPath(dir: string, hash: string, extension = ''): string {
  return join(dir, hash.slice(0, 2), `${hash}${extension}`);
}

export interface PutOptions {
  /**
   * The caller's transaction, when it stores from inside one (a notice rendered and stored with its decision): the
   * database backend then writes in it, so the blob commits or rolls back with the row naming it. Otherwise the
   * blob is written before the caller's transaction, in transactions of its own (see DatabaseStore).
   */
  manager?: EntityManager;
  /** The hash the content must have (a file moved from the folder store): anything else is refused, not stored. */
  expected?: string;
}

/** Content read back and found to match its hash; stream() serves it again, piece by piece, each piece re-checked. */
export interface StoredContent {
  sha256: string;
  size: number;
  stream(): Readable;
}

/**
 * Files stored by the SHA-256 of their content, never under a client's name. Every backend keeps two guarantees:
 * a write is atomic (no partial content is ever visible under a hash; writing a hash already stored is a no-op),
 * and a read checks the hash again, so a changed or truncated file is never served.
 */
export interface ContentStore {
  readonly kind: StorageKind;
  /** Stores the content (a Buffer, or pieces read from a stream) and answers its SHA-256. */
  put(content: Buffer | AsyncIterable<Buffer>, options?: PutOptions): Promise<string>;
  /** The stored bytes, or null when missing or no longer matching the hash. For small files (PDFs). */
  get(hash: string): Promise<Buffer | null>;
  /** The stored content checked end to end without holding it in memory, or null when missing or changed. */
  open(hash: string): Promise<StoredContent | null>;
  /** Whether anything is stored under the hash (its content is not checked). */
  has(hash: string): Promise<boolean>;
}

/** What a backend reads: the recorded size and the pieces in order, read afresh on every call. */
export interface ChunkedContent {
  size: number;
  chunks(): AsyncGenerator<Buffer>;
}

/** The reading side both backends share: each says only where a hash's pieces are (`content`). */
export abstract class ChunkedStore implements ContentStore {
  abstract readonly kind: StorageKind;
  abstract put(content: Buffer | AsyncIterable<Buffer>, options?: PutOptions): Promise<string>;
  /** The recorded size and pieces of the hash, or null when nothing is stored under it. */
  protected abstract content(hash: string): Promise<ChunkedContent | null>;

  async get(hash: string): Promise<Buffer | null> {
    const content = await this.content(hash);
    return content && readVerified(content, hash);
  }

  async open(hash: string): Promise<StoredContent | null> {
    const content = await this.content(hash);
    return content && openVerified(content, hash);
  }

  async has(hash: string): Promise<boolean> {
    return (await this.content(hash)) !== null;
  }
}

/** The content, whole, when its pieces add up to the size and the hash; else null. */
export async function readVerified(content: ChunkedContent, hash: string): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of content.chunks()) {
      total += chunk.length;
      if (total > content.size) return null;
      parts.push(chunk);
    }
  } catch {
    return null;
  }
  const bytes = Buffer.concat(parts, total);
  return total === content.size && sha256Of(bytes) === hash ? bytes : null;
}

/**
 * Checks the whole content against its hash (one pass, constant memory, remembering each piece's own hash), then
 * offers a stream that reads the pieces again and refuses any piece that differs from what was checked: the stream
 * fails before sending it, so a client never receives a byte that was not verified (it sees a cut-off download).
 */
export async function openVerified(content: ChunkedContent, hash: string): Promise<StoredContent | null> {
  const whole = createHash('sha256');
  const digests: string[] = [];
  let total = 0;
  try {
    for await (const chunk of content.chunks()) {
      total += chunk.length;
      if (total > content.size) return null;
      whole.update(chunk);
      digests.push(sha256Of(chunk));
    }
  } catch {
    return null;
  }
  if (total !== content.size || whole.digest('hex') !== hash) return null;
  return {
    sha256: hash,
    size: total,
    stream: () => Readable.from(recheck(content, digests, hash), { objectMode: false }),
  };
}

async function* recheck(content: ChunkedContent, digests: string[], hash: string): AsyncGenerator<Buffer> {
  let index = 0;
  for await (const chunk of content.chunks()) {
    if (sha256Of(chunk) !== digests[index]) throw new StoredContentChanged(hash);
    index++;
    yield chunk;
  }
  if (index !== digests.length) throw new StoredContentChanged(hash);
}

/** A stored file changed between its check and its sending: the download is cut off. */
export class StoredContentChanged extends Error {
  constructor(hash: string) {
    super(`the stored content ${hash} changed while it was being sent`);
    this.name = 'StoredContentChanged';
  }
}

/** The pieces of the content, CHUNK_SIZE each (the last may be shorter); a Buffer is sliced, not copied. */
export async function* inChunks(content: Buffer | AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(content)) {
    for (let at = 0; at < content.length; at += CHUNK_SIZE) yield content.subarray(at, at + CHUNK_SIZE);
    return;
  }
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const piece of content) {
    pending.push(piece);
    pendingLength += piece.length;
    while (pendingLength >= CHUNK_SIZE) {
      const joined = Buffer.concat(pending, pendingLength);
      yield joined.subarray(0, CHUNK_SIZE);
      pending = [joined.subarray(CHUNK_SIZE)];
      pendingLength -= CHUNK_SIZE;
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending, pendingLength);
}

/** The content does not have the hash it was stored under. */
export class ContentMismatch extends Error {
  constructor(expected: string, actual: string) {
    super(`the content's SHA-256 is ${actual}, not ${expected}`);
    this.name = 'ContentMismatch';
  }
}
