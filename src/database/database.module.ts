import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions, prepareMysqlSessions } from '../config/data-source';
import type { AppConfig } from '../config/env';
import { checkAuditKey, checkCheckpointKey } from '../modules/audit/audit-key';
import { AuditWriter } from '../modules/audit/audit.writer';
import { initializeOnAnyNode } from './failover';
import { ensureLeaseTable, Leases } from './lease';
import { LeaseService } from './lease.service';
import { TransactionService } from './transaction.service';

/** Opens the database, brings its schema up to date with the migrations, and provides transactions with audit. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...buildDataSourceOptions(config.database),
            retryAttempts: config.nodeEnv === 'test' ? 0 : 5,
            retryDelay: 2000,
          }),
          dataSourceFactory: async (options) => {
            const dataSource = await openDatabase(
              options as DataSourceOptions,
              'failover' in config.database ? config.database.failover : [],
            );
            try {
              await checkAuditKey(dataSource, config.auditHmacKey);
              await checkCheckpointKey(dataSource, config.auditKeys.checkpoint.keyId);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        }),
      ],
      providers: [AuditWriter, TransactionService, LeaseService],
      exports: [AuditWriter, TransactionService, LeaseService],
    };
  }
}

/** Opens the database (on the first reachable node of a cluster's `failover` list), prepares and migrates it. */
export async function openDatabase(
  options: DataSourceOptions,
  failover: { host: string; port: number }[] = [],
): Promise<DataSource> {
  const dataSource = await initializeOnAnyNode(options, failover);
  await prepareMysqlSessions(dataSource);
  await migrate(dataSource);
  return dataSource;
}

/** How long the migration lease lasts unless renewed (every third of it while migrations run). */
const MIGRATION_LEASE_MS = 120_000;

/**
 * Applies pending migrations. A lease row (not a named lock, which a Galera cluster does not replicate) keeps
 * two instances starting together from racing: the second waits until the first has migrated, then finds
 * nothing pending.
 */
export async function migrate(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  try {
    await ensureLeaseTable(runner);
  } finally {
    await runner.release();
  }
  const leased = await new Leases(dataSource).withLease(
    'migrations',
    { ttlMs: MIGRATION_LEASE_MS, waitMs: MIGRATION_LEASE_MS },
    () => dataSource.runMigrations({ transaction: 'each' }),
  );
  if (!leased) throw new Error(`could not take the migration lease within ${MIGRATION_LEASE_MS / 1000} s`);
  const applied = leased.result;
  if (applied.length) logger.log({ applied: applied.map((m) => m.name) }, 'migrations applied');
}
