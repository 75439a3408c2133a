import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** Where a store under `dir` keeps the file of this hash (also read by the backup, which copies these files). */
export function contentPath(dir: string, hash: string, extension = ''): string {
  return join(dir, hash.slice(0, 2), `${hash}${extension}`);
}

/**
 * Files stored under DATA_DIR by the SHA-256 of their content, never under a client's name. A write goes to a
 * temporary file that is flushed and renamed into place, so a crash never leaves a partial file under a hash;
 * a read checks the hash again, so a changed or truncated file is never served.
 */
export class ContentStore {
  constructor(
    private readonly dir: string,
    private readonly extension = '',
  ) {}

  static sha256(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  async put(bytes: Buffer): Promise<string> {
    const hash = ContentStore.sha256(bytes);
    const target = this.pathOf(hash);
    await mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return hash;
  }

  /** The stored bytes, or null when the file is missing or no longer matches its hash. */
  async get(hash: string): Promise<Buffer | null> {
    if (!SHA256.test(hash)) return null;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(hash));
    } catch {
      return null;
    }
    return ContentStore.sha256(bytes) === hash ? bytes : null;
  }

  private pathOf(hash: string): string {
    return contentPath(this.dir, hash, this.extension);
  }
}
