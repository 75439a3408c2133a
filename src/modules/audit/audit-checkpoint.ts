import { sign, verify, type KeyObject } from 'node:crypto';

/**
 * A checkpoint: the chain's position (seq), the hash of the row there and the time, signed with Ed25519. Kept
 * where the database cannot reach (a file outside DATA_DIR, the administrators' mail), it shows a chain cut
 * short (fewer rows than the checkpoint) and a chain re-signed with the HMAC key (another hash at that seq),
 * which the chain alone cannot show: whoever edits the database can also rewind its head (issue 13, item 4).
 */
export const CHECKPOINT_FORMAT = 'itaku-guard-audit-checkpoint/1';

export interface SignedCheckpoint {
  seq: number;
  /** The hash of the audit row at `seq`. */
  hash: string;
  /** ISO 8601 with milliseconds, UTC. */
  at: string;
  /** SHA-256 of the signing key's public key (DER SPKI), hex. */
  keyId: string;
  /** Ed25519 signature over `checkpointMessage`, base64. */
  signature: string;
}

/**
 * The exact bytes signed. Plain lines, so that an operator can rebuild them with printf and check the signature
 * with openssl alone (SECURITY.md, Audit checkpoints).
 */
export function checkpointMessage(c: Omit<SignedCheckpoint, 'signature'>): Buffer {
  return Buffer.from(
    `itaku-guard audit checkpoint v1\nseq=${c.seq}\nhash=${c.hash}\nat=${c.at}\nkey=${c.keyId}\n`,
    'utf8',
  );
}

export function signCheckpoint(
  key: KeyObject,
  keyId: string,
  fields: { seq: number; hash: string; at: Date },
): SignedCheckpoint {
  const unsigned = { seq: fields.seq, hash: fields.hash, at: fields.at.toISOString(), keyId };
  return { ...unsigned, signature: sign(null, checkpointMessage(unsigned), key).toString('base64') };
}

export type SignatureCheck = 'valid' | 'unknown-key' | 'invalid';

/** Checks a checkpoint against this installation's public key. */
export function checkCheckpointSignature(
  publicKey: KeyObject,
  keyId: string,
  c: SignedCheckpoint,
): SignatureCheck {
  if (c.keyId !== keyId) return 'unknown-key';
  const signature = Buffer.from(c.signature, 'base64');
  if (signature.length !== 64) return 'invalid';
  try {
    return verify(null, checkpointMessage(c), publicKey, signature) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

const FILE_NAME = /^audit-checkpoint-(\d{12,})\.json$/;

/** Sorts by name in chain order: the sequence number, zero-padded. */
export function checkpointFileName(seq: number): string {
  return `audit-checkpoint-${String(seq).padStart(12, '0')}.json`;
}

/** The sequence number a checkpoint file's name carries, or null for any other file. */
export function seqOfCheckpointFile(name: string): number | null {
  const match = FILE_NAME.exec(name);
  return match ? Number(match[1]) : null;
}

export function checkpointFileText(c: SignedCheckpoint): string {
  return `${JSON.stringify({ format: CHECKPOINT_FORMAT, ...c }, null, 2)}\n`;
}

/** A checkpoint file's content, or null when it is not one (not JSON, a field missing or of the wrong shape). */
export function parseCheckpointFile(text: string): SignedCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.format !== CHECKPOINT_FORMAT) return null;
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 1) return null;
  for (const field of ['hash', 'at', 'keyId', 'signature'] as const) {
    if (typeof v[field] !== 'string') return null;
  }
  return {
    seq: v.seq,
    hash: v.hash as string,
    at: v.at as string,
    keyId: v.keyId as string,
    signature: v.signature as string,
  };
}
