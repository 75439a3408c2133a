import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { currentRunId, runDatabasePrefix, serverOf } from './test-run';

/**
 * The one database switch for the tests: SQLite by default, MySQL/MariaDB when TEST_DATABASE_URL is set
 * (mysql://… or mariadb://…). Every test file gets a fresh, empty database, built by the real migrations.
 * `drop()` removes the database and the test's temp folder; the global teardown removes what a failed set-up left
 * (the database's name starts with the run's prefix, the folder is inside the run's temp folder).
 */
export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'mysql' | 'mariadb';
  dataDir: string;
  /** Drops the database and removes the temp folder (DATA_DIR and the keys and checkpoints beside it). */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // DATA_DIR one level down, so that the keys and audit checkpoints kept beside it stay in this test's folder.
  const dataDir = join(mkdtempSync(join(tmpdir(), 'itaku-guard-test-')), 'data');
  mkdirSync(dataDir);
  const removeFolder = (): void => rmSync(dirname(dataDir), { recursive: true, force: true, maxRetries: 3 });
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    return {
      url: `sqlite:${join(dataDir, 'test.sqlite')}`,
      kind: 'sqlite',
      dataDir,
      drop: () => Promise.resolve(removeFolder()),
    };
  }
  const url = new URL(base);
  const kind = url.protocol === 'mariadb:' ? 'mariadb' : 'mysql';
  const name = `${runDatabasePrefix(serverOf(base).baseName, currentRunId())}${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  const own = new URL(base);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    kind,
    dataDir,
    drop: async () => {
      const conn = await createConnection({
        host: url.hostname,
        port: Number(url.port || 3306),
        user: decodeURIComponent(url.username || 'root'),
        password: decodeURIComponent(url.password),
      });
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await conn.end();
        removeFolder();
      }
    },
  };
}
