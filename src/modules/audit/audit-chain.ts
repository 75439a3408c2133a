import { createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit row's hash covers, in the form they are stored. */
export interface AuditRecord {
  seq: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

/** HMAC-SHA-256 over the canonical row (sorted keys, ISO time with milliseconds) and the previous hash. */
export function hashAuditRecord(key: Buffer, record: AuditRecord): string {
  const canonical = canonicalJson({ ...record, at: record.at.toISOString() });
  return createHmac('sha256', key).update(canonical).digest('hex');
}

/** JSON with object keys sorted at every depth, so the same row always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
