import type { SnapshotBlob } from './snapshot-blobs';
import { type StoredFileRef } from './stored-files';

/**
 * What a database snapshot holds, read from the snapshot itself (never from the live database, which has moved
 * on): the manifest records these, and the restore checks the restored database against them.
 */
export interface SnapshotFacts {
  rowCounts: Record<string, number>;
  migrations: string[];
  auditChainHead: { seq: number; hash: string };
  /** The stored files the snapshot's rows name. */
  files: StoredFileRef[];
  /** The blobs of STORAGE=database in the snapshot (key: blobKey), each checked against its hash. */
  blobs: Map<string, SnapshotBlob>;
  serverVersion: string | null;
  method: string;
}

export const AUDIT_HEAD_TABLE = 'audit_chain_head';
export const MIGRATIONS_TABLE = 'migrations';
export const BLOB_TABLE = 'stored_blob';
export const CHUNK_TABLE = 'stored_blob_chunk';

export function sortedCounts(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
