import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, createReadStream, openSync, closeSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type { DatabaseConfig } from '../config/env';
import { BlobTally } from './snapshot-blobs';
import {
  AUDIT_HEAD_TABLE,
  BLOB_TABLE,
  CHUNK_TABLE,
  MIGRATIONS_TABLE,
  type SnapshotFacts,
  sortedCounts,
} from './snapshot';
import { FILE_REFERENCES, SHA256_HEX, type StoredFileRef } from './stored-files';

export type MysqlDatabaseConfig = Extract<DatabaseConfig, { type: 'mysql' | 'mariadb' }>;

const execFileAsync = promisify(execFile);

/** The MariaDB names first on MariaDB, MySQL's first on MySQL; either client speaks to either server. */
export function dumpToolCandidates(db: MysqlDatabaseConfig): string[] {
  return db.type === 'mariadb' ? ['mariadb-dump', 'mysqldump'] : ['mysqldump', 'mariadb-dump'];
}
export function clientToolCandidates(db: MysqlDatabaseConfig): string[] {
  return db.type === 'mariadb' ? ['mariadb', 'mysql'] : ['mysql', 'mariadb'];
}

/** The first of the names found on PATH, or an error that says what to install. */
export function findTool(candidates: string[], purpose: string): string {
  for (const name of candidates) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not in this folder
      }
    }
  }
  throw new Error(
    `${candidates.join(' or ')} was not found on PATH; it is needed to ${purpose}. Install the database client ` +
      '(Debian/Ubuntu: apt-get install mariadb-client; RHEL: dnf install mariadb) and run again.',
  );
}

/**
 * Runs a client tool with the connection in a temporary option file readable by this user only, so that the
 * password is never on a command line (visible to every user in `ps`).
 */
async function withClientOptions<T>(
  db: MysqlDatabaseConfig,
  run: (args: string[]) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'itaku-guard-db-'));
  const file = join(dir, 'client.cnf');
  try {
    const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    await writeFile(
      file,
      `[client]\nhost=${quoted(db.host)}\nport=${db.port}\nuser=${quoted(db.username)}\npassword=${quoted(db.password)}\n`,
      { mode: 0o600 },
    );
    // --defaults-extra-file must come first; --protocol=TCP so that "localhost" does not mean a socket file.
    return await run([`--defaults-extra-file=${file}`, '--protocol=TCP']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[], stdinFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
    const child = spawn(tool, args, { stdio: [stdin, 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 20_000) stderr += chunk;
    });
    const done = (error: Error | null) => {
      if (typeof stdin === 'number') closeSync(stdin);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', (error) => done(new Error(`${tool} could not be started: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) return done(null);
      done(new Error(`${tool} failed (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/**
 * One consistent dump of the configured database while the app runs: `--single-transaction` reads every table in
 * one InnoDB snapshot without locking the app out. One row per INSERT line, with column names, so that the backup
 * can read its own facts (row counts, the audit head, the files named) from the dump itself; `--no-autocommit`
 * keeps the restore of those lines fast.
 */
export async function dumpMysql(db: MysqlDatabaseConfig, destination: string): Promise<SnapshotFacts> {
  const tool = findTool(dumpToolCandidates(db), 'back up a MariaDB/MySQL database');
  const version = (await execFileAsync(tool, ['--version'])).stdout.trim();
  await withClientOptions(db, (connection) =>
    run(tool, [
      ...connection,
      '--single-transaction',
      '--skip-lock-tables',
      '--quick',
      '--skip-extended-insert',
      '--complete-insert',
      '--no-autocommit',
      '--hex-blob',
      '--default-character-set=utf8mb4',
      '--tz-utc',
      '--skip-dump-date',
      `--result-file=${destination}`,
      db.database,
    ]),
  );
  return { ...(await readDumpFacts(destination)), method: version };
}

/** Feeds a dump to the client into the configured (empty) database. */
export async function loadMysqlDump(db: MysqlDatabaseConfig, file: string): Promise<void> {
  const tool = findTool(clientToolCandidates(db), 'restore a MariaDB/MySQL database');
  await withClientOptions(db, (connection) =>
    run(tool, [...connection, '--default-character-set=utf8mb4', '--batch', db.database], file),
  );
}

// dotAll: a stored text may hold U+2028/U+2029, which the dump leaves as they are and `.` would not match.
const INSERT = /^INSERT INTO `((?:[^`]|``)+)` \((.*?)\) VALUES \((.*)\);$/s;
const CREATE = /^CREATE TABLE `((?:[^`]|``)+)` \($/;

/** Reads the dump line by line: tables, rows per table, the migrations, the audit head and the files named. */
export async function readDumpFacts(file: string): Promise<Omit<SnapshotFacts, 'method'>> {
  const counts = new Map<string, number>();
  const migrations: string[] = [];
  const files: StoredFileRef[] = [];
  const tally = new BlobTally();
  let head: { seq: number; hash: string } | null = null;
  let serverVersion: string | null = null;
  let last = '';
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') last = line;
    if (serverVersion === null && line.startsWith('-- Server version')) {
      serverVersion = line.replace(/^-- Server version\s*/, '').trim();
    }
    const created = CREATE.exec(line);
    if (created) {
      counts.set(unquote(created[1]), 0);
      continue;
    }
    if (!line.startsWith('INSERT INTO `')) continue;
    const insert = INSERT.exec(line);
    if (!insert)
      throw new Error(`the dump has an INSERT line this backup cannot read: ${line.slice(0, 120)}…`);
    const table = unquote(insert[1]);
    counts.set(table, (counts.get(table) ?? 0) + 1);
    const interesting =
      table === MIGRATIONS_TABLE ||
      table === AUDIT_HEAD_TABLE ||
      table === BLOB_TABLE ||
      table === CHUNK_TABLE ||
      FILE_REFERENCES.some((r) => r.table === table);
    if (!interesting) continue;
    const columns = insert[2].split(', ').map((c) => unquote(c.replace(/^`|`$/g, '')));
    const values = parseSqlValues(insert[3]);
    if (values.length !== columns.length) throw new Error(`the dump has a malformed ${table} row`);
    const row = Object.fromEntries(columns.map((c, i) => [c, values[i]]));
    if (table === MIGRATIONS_TABLE && row.name) migrations.push(row.name);
    if (table === BLOB_TABLE) {
      tally.blob(
        row.store ?? '',
        row.sha256 ?? '',
        row.blob_id ?? '',
        Number(row.size),
        Number(row.chunk_count),
      );
    }
    // --hex-blob writes a piece as 0x…, an empty one as ''.
    if (table === CHUNK_TABLE) {
      const data = row.data ?? '';
      tally.chunk(row.blob_id ?? '', Number(row.seq), Buffer.from(data.replace(/^0x/, ''), 'hex'));
    }
    if (table === AUDIT_HEAD_TABLE && row.id === '1') {
      head = { seq: Number(row.last_seq), hash: row.last_hash ?? '' };
    }
    for (const ref of FILE_REFERENCES.filter((r) => r.table === table)) {
      const sha256 = row[ref.column];
      if (sha256 === null || sha256 === undefined) continue;
      if (!SHA256_HEX.test(sha256))
        throw new Error(`${table}.${ref.column} holds "${sha256}", not a SHA-256`);
      files.push({ store: ref.store, sha256 });
    }
  }
  // A dump cut short (a full disk, a killed tool) lacks its last line: never take it for a whole database.
  if (!last.startsWith('-- Dump completed'))
    throw new Error('the dump is incomplete (no "Dump completed" line)');
  if (!head) throw new Error('the dump has no audit chain head: is this an itaku-guard database?');
  return {
    rowCounts: sortedCounts(counts),
    migrations,
    auditChainHead: head,
    files,
    blobs: tally.result(),
    serverVersion,
  };
}

function unquote(name: string): string {
  return name.replace(/``/g, '`');
}

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** The values of one `VALUES (…)` tuple as mysqldump writes them: NULL, bare numbers and quoted strings. */
export function parseSqlValues(text: string): (string | null)[] {
  const values: (string | null)[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === "'") {
      let value = '';
      i++;
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new Error('unterminated string in the dump');
        if (ch === '\\') {
          const next = text[i + 1];
          value += ESCAPES[next] ?? next;
          i += 2;
        } else if (ch === "'") {
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      values.push(value);
    } else {
      const end = text.indexOf(',', i);
      const token = (end === -1 ? text.slice(i) : text.slice(i, end)).trim();
      values.push(token === 'NULL' ? null : token);
      i = end === -1 ? text.length : end;
    }
    if (i >= text.length) return values;
    if (text[i] !== ',') throw new Error('unexpected text between values in the dump');
    i++;
  }
}
