import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { buildDataSourceOptions, prepareMysqlSessions } from '../config/data-source';
import type { AppConfig } from '../config/env';
import { AuditWriter } from '../modules/audit/audit.writer';
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
          dataSourceFactory: async (options) => openDatabase(options as DataSourceOptions),
        }),
      ],
      providers: [AuditWriter, TransactionService],
      exports: [AuditWriter, TransactionService],
    };
  }
}

export async function openDatabase(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  await prepareMysqlSessions(dataSource);
  await migrate(dataSource);
  return dataSource;
}

/** Applies pending migrations; on MySQL a named lock keeps two instances starting together from racing. */
export async function migrate(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  const mysql = dataSource.options.type !== 'better-sqlite3';
  const runner = dataSource.createQueryRunner();
  try {
    if (mysql) {
      const [row] = (await runner.query("SELECT GET_LOCK('itaku_guard_migrations', 120) AS got")) as {
        got: number;
      }[];
      if (Number(row?.got) !== 1) throw new Error('could not take the migration lock within 120 s');
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log({ applied: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    if (mysql) await runner.query("SELECT RELEASE_LOCK('itaku_guard_migrations')");
    await runner.release();
  }
}
