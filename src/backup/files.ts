import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * Writes a file durably: to a temporary name beside it, flushed, then renamed into place. Private by default (a
 * backup); a restore writes with the content store's own modes.
 */
export async function writeFileDurably(
  path: string,
  bytes: Buffer | string,
  modes: { file: number; dir?: number } = { file: 0o600, dir: 0o700 },
): Promise<void> {
  const mode = modes.file;
  await mkdir(dirname(path), { recursive: true, mode: modes.dir });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Flushes a folder's entries (a rename is durable only once its folder is). */
export async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isInsideDir(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The app's name and version from its package.json (found upwards from here: src/ in tests, dist/src/ built). */
export function appVersion(): { name: string; version: string } {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'itaku-guard' && pkg.version) return { name: pkg.name, version: pkg.version };
    }
    dir = dirname(dir);
  }
  throw new Error('package.json of itaku-guard not found above ' + __dirname);
}
