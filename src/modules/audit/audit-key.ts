import { createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestOrigin } from '../../common/auth/actor';
import { isRetryableDbError } from '../../common/errors/db-errors';
import { ConfigError } from '../../config/env';
import { AuditChainHead } from './audit-event.entity';
import type { AuditWriter } from './audit.writer';

/** Names an HMAC key without revealing it: the key's own HMAC of a fixed label. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('itaku-guard audit chain key id').digest('hex');
}

type KeyColumn =
  { property: 'keyId'; column: 'key_id' } | { property: 'checkpointKeyId'; column: 'checkpoint_key_id' };

/**
 * The key id the database records in the chain head's column, recording `mine` first when none is (the first
 * start, or the first after the upgrade that added the column).
 */
async function recordedKeyId(dataSource: DataSource, key: KeyColumn, mine: string): Promise<string> {
  try {
    await dataSource.manager
      .createQueryBuilder()
      .update(AuditChainHead)
      .set({ [key.property]: mine })
      .where(`id = 1 AND ${key.column} IS NULL`)
      .execute();
  } catch (error) {
    // Another instance recorded its key at the same moment (a Galera certification conflict): compared below.
    if (!isRetryableDbError(error)) throw error;
  }
  const head = await dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 });
  return head[key.property] ?? mine;
}

/**
 * Refuses to start with another audit chain key than the one the database's chain is written with. Several
 * instances share one database; one started with a key of its own (a KEYS_DIR of its own, where the key is
 * generated at the first start) would write rows every other instance's verification reports as tampered. The
 * first start records the key's id in the chain head; a database restored without its key is refused too.
 */
export async function checkAuditKey(dataSource: DataSource, key: Buffer): Promise<void> {
  const mine = auditKeyId(key);
  const recorded = await recordedKeyId(dataSource, { property: 'keyId', column: 'key_id' }, mine);
  if (recorded !== mine) {
    throw new ConfigError(
      'AUDIT_HMAC_KEY',
      `(or KEYS_DIR/audit-hmac.key) is not the key this database's audit chain is written with (key id ` +
        `${recorded.slice(0, 16)}…, this process ${mine.slice(0, 16)}…): every instance must use the same key`,
    );
  }
}

const CHECKPOINT_KEY: KeyColumn = { property: 'checkpointKeyId', column: 'checkpoint_key_id' };

/**
 * Refuses to start with another checkpoint signing key than the one recorded (its id: the SHA-256 of the public
 * key, never the private key). Instances with different keys would sign checkpoints alternately, and each would
 * report the other's as not this installation's. A replaced key is recorded by `npm run audit:checkpoint-key`.
 */
export async function checkCheckpointKey(dataSource: DataSource, keyId: string): Promise<void> {
  const recorded = await recordedKeyId(dataSource, CHECKPOINT_KEY, keyId);
  if (recorded !== keyId) {
    throw new ConfigError(
      'AUDIT_CHECKPOINT_KEY_FILE',
      `(or KEYS_DIR/audit-checkpoint.key) is not the key this database's audit checkpoints are signed with (key ` +
        `id ${recorded.slice(0, 16)}…, this process ${keyId.slice(0, 16)}…): every instance must use the same ` +
        'key. To replace the key: stop every instance, put the new key in place on each, run ' +
        '`npm run audit:checkpoint-key -- --replace` once, start them and make a checkpoint',
    );
  }
}

/**
 * Records `keyId` as the checkpoint signing key, with its audit row in the same transaction (the operator's
 * replacement of the key). Null when it is already the recorded key.
 */
export async function replaceCheckpointKey(
  manager: EntityManager,
  writer: AuditWriter,
  keyId: string,
  origin: RequestOrigin,
): Promise<{ from: string | null; to: string } | null> {
  const head = await manager.findOneByOrFail(AuditChainHead, { id: 1 });
  if (head.checkpointKeyId === keyId) return null;
  const from = head.checkpointKeyId;
  await writer.append(manager, {
    actor: origin,
    action: 'audit.checkpoint-key.replace',
    entityType: 'audit_checkpoint',
    entityId: null,
    summary: { from, to: keyId },
  });
  await manager.update(AuditChainHead, { id: 1 }, { checkpointKeyId: keyId });
  return { from, to: keyId };
}
