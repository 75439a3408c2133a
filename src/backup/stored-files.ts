import { join } from 'node:path';
import { contentPath, type StoreName } from '../common/storage/content-store';
import { FOLDERS } from '../common/storage/content-stores';

/** The two content-addressed stores under DATA_DIR (STORAGE=folder), laid out the same way in a backup. */
export const STORES = FOLDERS;
export type { StoreName };

/**
 * Every column that names a stored file by its SHA-256. A backup copies exactly the files these columns name in
 * its database snapshot; a restore checks each of them against the file it put back. A new kind of stored file
 * must be added here, or backups would leave it out (the backup e2e test fails on a row it cannot account for).
 */
export const FILE_REFERENCES: readonly { table: string; column: string; store: StoreName }[] = [
  { table: 'contract', column: 'document_sha256', store: 'documents' },
  { table: 'issued_document', column: 'sha256', store: 'documents' },
  { table: 'evidence', column: 'sha256', store: 'evidence' },
];

export interface StoredFileRef {
  store: StoreName;
  sha256: string;
}

export { SHA256_HEX } from '../common/storage/content-store';

/** The path of a stored file relative to DATA_DIR, which is also its path inside a backup. */
export function storedFilePath(ref: StoredFileRef): string {
  const { dir, extension } = STORES[ref.store];
  return contentPath(dir, ref.sha256, extension);
}

export function storedFileAbsolute(dataDir: string, ref: StoredFileRef): string {
  return join(dataDir, storedFilePath(ref));
}

/** Distinct references, in a stable order (store, then hash). */
export function distinctRefs(refs: Iterable<StoredFileRef>): StoredFileRef[] {
  const seen = new Map<string, StoredFileRef>();
  for (const ref of refs) seen.set(`${ref.store}/${ref.sha256}`, ref);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}
