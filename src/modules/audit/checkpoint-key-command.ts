import { buildDataSourceOptions } from '../../config/data-source';
import type { AppConfig } from '../../config/env';
import { openDatabase } from '../../database/database.module';
import { TransactionService } from '../../database/transaction.service';
import { AuditChainHead } from './audit-event.entity';
import { checkAuditKey, replaceCheckpointKey } from './audit-key';
import { AuditWriter } from './audit.writer';

export type CheckpointKeyState = 'same' | 'differs' | 'replaced';

/**
 * `npm run audit:checkpoint-key`: compares the signing key the database records with this environment's and, with
 * `replace`, records this environment's one with its audit row. The app never does this at start-up: a start
 * with another key is refused, so that a forgotten copy on one instance cannot replace the key for all.
 */
export async function checkpointKeyCommand(
  config: AppConfig,
  replace: boolean,
  log: (line: string) => void,
): Promise<CheckpointKeyState> {
  const mine = config.auditKeys.checkpoint.keyId;
  const failover = config.database.type === 'better-sqlite3' ? [] : config.database.failover;
  const dataSource = await openDatabase(buildDataSourceOptions(config.database), failover);
  try {
    // The audit row is written with this environment's chain key: it must be the chain's.
    await checkAuditKey(dataSource, config.auditHmacKey);
    const head = await dataSource.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    log(`recorded signing key: ${head.checkpointKeyId ?? '(none yet: the next start records it)'}`);
    log(`this environment's key: ${mine}`);
    if (head.checkpointKeyId === null || head.checkpointKeyId === mine) return 'same';
    if (!replace) return 'differs';
    const writer = new AuditWriter(config);
    await new TransactionService(dataSource, writer).run((t) =>
      replaceCheckpointKey(t.manager, writer, mine, { requestId: 'cli:audit-checkpoint-key', ip: null }),
    );
    log(`recorded ${mine} as the signing key: start the instances and make a checkpoint now`);
    return 'replaced';
  } finally {
    await dataSource.destroy();
  }
}
