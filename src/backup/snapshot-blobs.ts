import { createHash, type Hash } from 'node:crypto';

/** A blob of STORAGE=database as the snapshot holds it: whether its pieces there add up to its hash. */
export interface SnapshotBlob {
  store: string;
  sha256: string;
  size: number;
  intact: boolean;
}

/** `store/sha256`, the key of SnapshotFacts.blobs. */
export const blobKey = (store: string, sha256: string): string => `${store}/${sha256}`;

/**
 * Hashes the pieces of every blob as a snapshot is read, in one pass and constant memory per blob: the rows of
 * stored_blob_chunk come in primary-key order (blob_id, seq), so each blob's pieces arrive in order; a piece out
 * of order, missing or extra leaves the blob not intact. Pieces no stored_blob row names are ignored.
 */
export class BlobTally {
  private readonly pieces = new Map<string, { hash: Hash; next: number; size: number; broken: boolean }>();
  private readonly rows: { store: string; sha256: string; blobId: string; size: number; count: number }[] =
    [];

  blob(store: string, sha256: string, blobId: string, size: number, count: number): void {
    this.rows.push({ store, sha256, blobId, size, count });
  }

  chunk(blobId: string, seq: number, data: Buffer): void {
    let state = this.pieces.get(blobId);
    if (!state) {
      state = { hash: createHash('sha256'), next: 0, size: 0, broken: false };
      this.pieces.set(blobId, state);
    }
    if (seq !== state.next) state.broken = true;
    state.hash.update(data);
    state.size += data.length;
    state.next++;
  }

  result(): Map<string, SnapshotBlob> {
    const blobs = new Map<string, SnapshotBlob>();
    for (const row of this.rows) {
      const state = this.pieces.get(row.blobId);
      const digest = (state?.hash ?? createHash('sha256')).digest('hex');
      const intact =
        !state?.broken &&
        (state?.next ?? 0) === row.count &&
        (state?.size ?? 0) === row.size &&
        digest === row.sha256;
      blobs.set(blobKey(row.store, row.sha256), {
        store: row.store,
        sha256: row.sha256,
        size: row.size,
        intact,
      });
    }
    return blobs;
  }
}
