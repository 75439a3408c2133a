import { createHmac } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isRetryableDbError } from '../../common/errors/db-errors';
import { ConfigError } from '../../config/env';
import { AuditChainHead } from './audit-event.entity';

/** Names an HMAC key without revealing it: the key's own HMAC of a fixed label. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('itaku-guard audit chain key id').digest('hex');
}

/**
 * Refuses to start with another audit chain key than the one the database's chain is written with. Several
 * instances share one database; one started with a key of its own (a KEYS_DIR of its own, where the key is
 * generated at the first start) would write rows every other instance's verification reports as tampered. The
 * first start records the key's id in the chain head; a database restored without its key is refused too.
 */
export async function checkAuditKey(dataSource: DataSource, key: Buffer): Promise<void> {
  const mine = auditKeyId(key);
  try {
    await dataSource.manager
      .createQueryBuilder()
      .update(AuditChainHead)
      .set({ keyId: mine })
      .where('id = 1 AND key_id IS NULL')
      .execute();
  } catch (error) {
    // Another instance recorded its key at the same moment (a Galera certification conflict): compared below.
    if (!isRetryableDbError(error)) throw error;
  }
  const head = await dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 });
  if (head.keyId !== null && head.keyId !== mine) {
    throw new ConfigError(
      'AUDIT_HMAC_KEY',
      `(or KEYS_DIR/audit-hmac.key) is not the key this database's audit chain is written with (key id ` +
        `${head.keyId.slice(0, 16)}…, this process ${mine.slice(0, 16)}…): every instance must use the same key`,
    );
  }
}
