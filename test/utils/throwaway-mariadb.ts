import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type RowDataPacket } from 'mysql2/promise';

/**
 * A MariaDB server of the test's own: its own data folder under the OS temp folder, its own loopback port, never
 * the shared server on 3306. Fault tests stop, start and kill it at will. Root has no password and real grants
 * (mariadb-install-db creates root@localhost, root@127.0.0.1 and root@::1).
 */
export const MARIADBD = process.env.MARIADBD_BIN ?? '/usr/sbin/mariadbd';
const INSTALL_DB_CANDIDATES = ['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'];

const execFileAsync = promisify(execFile);

/** Why the throwaway server cannot run on this machine, or null when it can. */
export function mariadbUnavailableReason(): string | null {
  if (!isExecutable(MARIADBD)) {
    return (
      `the MariaDB server binary ${MARIADBD} is missing: the fault tests start their own throwaway MariaDB ` +
      'server. Install it (Debian: apt-get install mariadb-server) or set MARIADBD_BIN to its path.'
    );
  }
  if (!installDbPath()) {
    return `mariadb-install-db is missing (looked for ${INSTALL_DB_CANDIDATES.join(', ')}).`;
  }
  return null;
}

export interface ThrowawayMariaDb {
  readonly port: number;
  /** The temp folder holding the data folder, socket, pid file and error log. */
  readonly dir: string;
  readonly running: boolean;
  /** The app's DATABASE_URL for one database on this server. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** One statement on a fresh connection (closed afterwards). */
  query<T extends RowDataPacket>(database: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** Starts the server again on the same folder and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGTERM (a clean shutdown) and waits for the process to exit; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /** The last lines of the server's error log, for failure messages. */
  logTail(lines?: number): string;
  /** Kills the server if it runs and removes its folder. Safe to call more than once. */
  destroy(): Promise<void>;
}

/** A port on 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Initialises a data folder and starts a server on it. Call `destroy()` in an afterAll. When a step fails or
 * `signal` aborts (the caller's own deadline, or a sibling step that failed), the server process and its folder
 * are removed before this rejects: a half-started server never outlives its set-up.
 */
export async function startThrowawayMariaDb(
  options: { startTimeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ThrowawayMariaDb> {
  const reason = mariadbUnavailableReason();
  if (reason) throw new Error(`Cannot start a throwaway MariaDB: ${reason}`);
  options.signal?.throwIfAborted();
  const server = new Server(mkdtempSync(join(tmpdir(), 'itaku-mariadb-')), await freePort(), options);
  live.add(server);
  try {
    await server.install();
    await server.start();
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return server;
}

/** Kills and removes every throwaway server of this process not yet destroyed (for an afterAll's last word). */
export async function destroyAllThrowawayMariaDbs(): Promise<void> {
  await Promise.all([...live].map((server) => server.destroy()));
}

/**
 * Servers not yet destroyed: killed and removed when the test process exits. This is only the last resort: a
 * running child process keeps the event loop, and so Jest, alive — 'exit' never comes while one runs.
 */
const live = new Set<Server>();
process.once('exit', () => {
  for (const server of live) server.destroySync();
});

class Server implements ThrowawayMariaDb {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly dataDir: string;
  private readonly startTimeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(
    readonly dir: string,
    readonly port: number,
    options: { startTimeoutMs?: number; signal?: AbortSignal },
  ) {
    this.dataDir = join(dir, 'data');
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.signal = options.signal;
  }

  get running(): boolean {
    return this.child !== null;
  }

  url(database: string): string {
    return `mariadb://root@127.0.0.1:${this.port}/${database}`;
  }

  async install(): Promise<void> {
    const installDb = installDbPath();
    if (!installDb) throw new Error('mariadb-install-db is missing');
    try {
      await execFileAsync(
        installDb,
        [
          '--no-defaults',
          '--auth-root-authentication-method=normal',
          `--datadir=${this.dataDir}`,
          ...userFlag(),
          '--skip-test-db',
          '--skip-name-resolve',
        ],
        { timeout: 60_000, signal: this.signal },
      );
    } catch (error) {
      this.signal?.throwIfAborted();
      const e = error as Error & { stdout?: string; stderr?: string };
      throw new Error(`mariadb-install-db failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('the throwaway MariaDB is already running');
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dir, 'sock')}`,
        `--pid-file=${join(this.dir, 'mariadbd.pid')}`,
        `--log-error=${join(this.dir, 'error.log')}`,
        ...userFlag(),
        '--skip-name-resolve',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_bin',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--max-connections=200',
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => {
        if (this.child === child) this.child = null;
        resolve();
      });
    });
    const deadline = Date.now() + this.startTimeoutMs;
    for (;;) {
      if (this.child !== child) {
        throw new Error(`the throwaway MariaDB exited while starting:\n${this.logTail()}`);
      }
      if (this.signal?.aborted) {
        await this.stop(5_000);
        this.signal.throwIfAborted();
      }
      try {
        const conn = await createConnection({
          host: '127.0.0.1',
          port: this.port,
          user: 'root',
          connectTimeout: 2_000,
        });
        await conn.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          await this.stop(5_000);
          throw new Error(
            `the throwaway MariaDB did not accept connections within ${this.startTimeoutMs} ms ` +
              `(${(error as Error).message}):\n${this.logTail()}`,
          );
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = this.exited;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  async createDatabase(name: string): Promise<void> {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`bad database name ${name}`);
    await this.query('mysql', `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  }

  async query<T extends RowDataPacket>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const conn = await createConnection({
      host: '127.0.0.1',
      port: this.port,
      user: 'root',
      database,
      charset: 'utf8mb4_bin',
      connectTimeout: 5_000,
    });
    try {
      const [rows] = await conn.query<T[]>(sql, params);
      return rows;
    } finally {
      await conn.end();
    }
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(join(this.dir, 'error.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no error log)';
    }
  }

  async destroy(): Promise<void> {
    const child = this.child;
    if (child) {
      child.kill('SIGKILL');
      await this.exited;
    }
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    live.delete(this);
  }

  /** For the process's exit handler, where nothing asynchronous runs any more. */
  destroySync(): void {
    this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function installDbPath(): string | undefined {
  return INSTALL_DB_CANDIDATES.find(isExecutable);
}

/** mariadbd refuses to run as root unless told to; as anyone else it runs as that user. */
function userFlag(): string[] {
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}
