import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CHUNK_SIZE,
  type ChunkedContent,
  ChunkedStore,
  ContentMismatch,
  contentPath,
  inChunks,
  type PutOptions,
  SHA256_HEX,
} from './content-store';

/**
 * Files under a folder of DATA_DIR (STORAGE=folder, the default). A write goes to a temporary file that is
 * flushed and renamed into place, so a crash never leaves a partial file under a hash; writing a hash again
 * replaces the file with the same bytes (and so repairs a damaged one).
 */
export class FolderStore extends ChunkedStore {
  readonly kind = 'folder' as const;

  constructor(
    private readonly dir: string,
    private readonly extension = '',
  ) {
    super();
  }

  async put(content: Buffer | AsyncIterable<Buffer>, options: PutOptions = {}): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o640);
    let hash: string;
    try {
      const digest = createHash('sha256');
      for await (const chunk of inChunks(content)) {
        digest.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
      hash = digest.digest('hex');
    } catch (error) {
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    try {
      if (options.expected !== undefined && options.expected !== hash) {
        throw new ContentMismatch(options.expected, hash);
      }
      await mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
      await rename(temp, this.pathOf(hash));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return hash;
  }

  protected async content(hash: string): Promise<ChunkedContent | null> {
    if (!SHA256_HEX.test(hash)) return null;
    const path = this.pathOf(hash);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { size: info.size, chunks: () => readChunks(path, info.size) };
  }

  private pathOf(hash: string): string {
    return contentPath(this.dir, hash, this.extension);
  }
}

/** The file in CHUNK_SIZE pieces at fixed offsets, one more piece when it has grown, a short one when cut. */
async function* readChunks(path: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    for (let at = 0; at <= size; at += CHUNK_SIZE) {
      const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_SIZE, at);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
      if (bytesRead < CHUNK_SIZE) return;
    }
  } finally {
    await handle.close();
  }
}
