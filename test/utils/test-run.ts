import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';

/**
 * One Jest run's identity, so that whatever the run makes can be found and removed afterwards, even when a test
 * fails before its own clean-up runs (issue 14, item 8):
 * - every temp folder: the global setup points TMPDIR at `<temp>/itaku-guard-run-<id>` (os.tmpdir() and the tools
 *   the tests start read it), and the global teardown removes that folder;
 * - every MariaDB/MySQL database: named `<base>_<id>_<random>` (test-db.ts), and the global teardown drops the
 *   ones left over.
 * ITAKU_TEST_RUN can be set from outside (.ci/run does) to look for leftovers of a known run afterwards.
 */
export const RUN_ENV = 'ITAKU_TEST_RUN';
/** The temp folder the run started from (TMPDIR before the global setup changed it). */
export const PARENT_TMP_ENV = 'ITAKU_TEST_PARENT_TMPDIR';

export function newRunId(): string {
  return randomBytes(4).toString('hex');
}

export function isRunId(value: string): boolean {
  return /^[a-z0-9]{4,16}$/.test(value);
}

/** The run's id, set by the global setup; null outside a Jest run (a test file loaded some other way). */
export function currentRunId(): string | null {
  const id = process.env[RUN_ENV];
  return id && isRunId(id) ? id : null;
}

export function runTempDir(parent: string, runId: string): string {
  return join(parent, `itaku-guard-run-${runId}`);
}

/** `itaku_guard_ci` + run `ab12cd34` → `itaku_guard_ci_ab12cd34_`: the prefix of every database of the run. */
export function runDatabasePrefix(baseName: string, runId: string | null): string {
  return runId ? `${baseName}_${runId}_` : `${baseName}_`;
}

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The base database name of TEST_DATABASE_URL (`itaku_guard_test` when it names none). */
  baseName: string;
}

export function serverOf(databaseUrl: string): ServerAddress {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    baseName: url.pathname.replace(/^\//, '') || 'itaku_guard_test',
  };
}

/** Drops every database whose name starts with `prefix`; answers the names dropped. */
export async function dropDatabasesWithPrefix(server: ServerAddress, prefix: string): Promise<string[]> {
  if (!/^[A-Za-z0-9_]+_$/.test(prefix))
    throw new Error(`refusing to drop databases by the prefix "${prefix}"`);
  const conn = await createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    connectTimeout: 10_000,
  });
  try {
    const [rows] = await conn.query<(RowDataPacket & { name: string })[]>(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?',
      [`${prefix.replace(/_/g, '\\_')}%`],
    );
    for (const { name } of rows) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    return rows.map((r) => r.name);
  } finally {
    await conn.end();
  }
}
