import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * The one database switch for the tests: SQLite by default, MySQL/MariaDB when TEST_DATABASE_URL is set
 * (mysql://… or mariadb://…). Every test file gets a fresh, empty database, built by the real migrations.
 */
export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'mysql' | 'mariadb';
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // DATA_DIR one level down, so that the keys and audit checkpoints kept beside it stay in this test's folder.
  const dataDir = join(mkdtempSync(join(tmpdir(), 'itaku-guard-test-')), 'data');
  mkdirSync(dataDir);
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    return {
      url: `sqlite:${join(dataDir, 'test.sqlite')}`,
      kind: 'sqlite',
      dataDir,
      drop: () => Promise.resolve(),
    };
  }
  const url = new URL(base);
  const kind = url.protocol === 'mariadb:' ? 'mariadb' : 'mysql';
  const name = `${url.pathname.replace(/^\//, '') || 'itaku_guard_test'}_${randomBytes(4).toString('hex')}`;
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
      }
    },
  };
}
