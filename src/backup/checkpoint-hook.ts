import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';
import { parseCheckpointFile, seqOfCheckpointFile } from '../modules/audit/audit-checkpoint';

export interface CheckpointFile {
  fileName: string;
  seq: number;
  hash: string;
  bytes: Buffer;
}

/**
 * The newest signed checkpoint in AUDIT_CHECKPOINT_DIR that the snapshot covers (seq at or below its head), or
 * null. A checkpoint written after the snapshot is left out: it names rows the backup does not hold, and would
 * make the restored chain look cut short. An unreadable checkpoint file is passed over for the one before it.
 */
export async function latestCheckpointUpTo(
  config: AppConfig,
  maxSeq: number,
): Promise<CheckpointFile | null> {
  const dir = config.auditKeys.checkpoint.dir;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const candidates = names
    .map((fileName) => ({ fileName, seq: seqOfCheckpointFile(fileName) }))
    .filter((c): c is { fileName: string; seq: number } => c.seq !== null && c.seq <= maxSeq)
    .sort((a, b) => b.seq - a.seq);
  for (const candidate of candidates) {
    const bytes = await readFile(join(dir, candidate.fileName));
    const parsed = parseCheckpointFile(bytes.toString('utf8'));
    if (parsed && parsed.seq === candidate.seq) {
      return { fileName: candidate.fileName, seq: parsed.seq, hash: parsed.hash, bytes };
    }
  }
  return null;
}
