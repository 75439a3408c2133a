import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../database/entities';
import { MIGRATIONS } from '../database/migrations';
import { SnakeNamingStrategy } from '../database/naming.strategy';
import type { DatabaseConfig } from './env';
import { LengthGuard } from '../database/length-guard';

/** Strict mode on every MySQL/MariaDB connection: a value that does not fit is an error, never silently cut. */
const MYSQL_SESSION_SQL =
  "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'";

/** One source of database options for the app, the migration CLI (ormconfig.ts) and the tests. */
const SUBSCRIBERS = [LengthGuard];

export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    // Lengths are the application's to enforce, so SQLite refuses what MariaDB refuses.
    subscribers: SUBSCRIBERS,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
  } as const;
  if (db.type === 'better-sqlite3') {
    if (db.file !== ':memory:') mkdirSync(dirname(db.file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.file,
      prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: db.type,
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_bin',
    timezone: 'Z',
    poolSize: db.poolSize,
    extra: { maxIdle: db.poolSize, enableKeepAlive: true },
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: false,
  };
}

/**
 * Sets strict mode and UTC on every pooled MySQL connection. mysql2 has no init statement, so: the pool made one
 * connection while TypeORM checked the credentials (the only one now), we set it up through pool.query, and every
 * later connection through the pool's "connection" event.
 */
export async function prepareMysqlSessions(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') return;
  const pool = (dataSource.driver as unknown as { pool: MysqlPool }).pool;
  // On a Galera node, a read waits until the node has applied every write the cluster committed before it: a
  // document uploaded through one instance is found by the next request through another (read-your-writes).
  // OR-ed with the server's own setting, which may ask for more (a bit mask: 1 reads, 2 updates, 4 inserts).
  const wsrep = await dataSource.query<{ Value: string }[]>("SHOW VARIABLES LIKE 'wsrep_on'");
  const sessionSql =
    wsrep[0]?.Value === 'ON'
      ? `${MYSQL_SESSION_SQL}, wsrep_sync_wait = @@GLOBAL.wsrep_sync_wait | 1`
      : MYSQL_SESSION_SQL;
  pool.on('connection', (conn) => {
    conn.query(sessionSql);
  });
  await dataSource.query(sessionSql);
  const [row] = await dataSource.query<{ mode: string; tz: string }[]>(
    'SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz',
  );
  if (!row?.mode.includes('STRICT_ALL_TABLES') || row.tz !== '+00:00') {
    throw new Error(`MySQL session is not strict/UTC: sql_mode=${row?.mode} time_zone=${row?.tz}`);
  }
}

interface MysqlPool {
  on(event: 'connection', listener: (conn: { query(sql: string): unknown }) => void): void;
}
