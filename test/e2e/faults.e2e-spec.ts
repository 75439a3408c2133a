import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, createConnection, type RowDataPacket } from 'mysql2/promise';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import { contractorInput } from '../factories';
import type { ErrorBody } from '../utils/bodies';
import { ADMIN } from '../utils/test-app';
import {
  destroyAllThrowawayMariaDbs,
  freePort,
  mariadbUnavailableReason,
  startThrowawayMariaDb,
  type ThrowawayMariaDb,
} from '../utils/throwaway-mariadb';

/*
 * Fault tests against the real server process (compiled with the project's tsc build) on a throwaway MariaDB
 * server that this file starts, stops and removes itself: the database going away under load, SIGKILL while
 * documents are rendered and stored, and SIGTERM with requests in flight. `npm run test:faults` runs them, once
 * per CI run (.ci/run; they need no TEST_DATABASE_URL). They are never skipped: a machine without the MariaDB
 * server binaries fails here with a message saying so.
 */

const ROOT = resolve(__dirname, '../..');
const execFileAsync = promisify(execFile);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const runId = randomBytes(3).toString('hex');

// ---------------------------------------------------------------------------------------------------------------
// HTTP without keep-alive (each request its own connection), bounded in time.

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface CallOptions {
  token?: string;
  json?: unknown;
  timeoutMs?: number;
  /** Called once the whole request has been handed to the socket. */
  onSent?: () => void;
}

function call(port: number, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const payload = options.json === undefined ? undefined : Buffer.from(JSON.stringify(options.json));
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timeoutMs = options.timeoutMs ?? 15_000;
    const timer = setTimeout(() => {
      req.destroy(
        Object.assign(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`), { code: 'TIMEOUT' }),
      );
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.on('finish', () => options.onSent?.());
    req.end(payload);
  });
}

type Outcome = { reply: Reply; error?: undefined } | { reply?: undefined; error: string };

async function settle(promise: Promise<Reply>): Promise<Outcome> {
  try {
    return { reply: await promise };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

function json<T>(reply: Reply): T {
  return JSON.parse(reply.body.toString('utf8')) as T;
}

/** A whole PDF file: the header at the start and the end-of-file marker at the end. */
function isCompletePdf(bytes: Buffer): boolean {
  return (
    bytes.subarray(0, 5).toString('latin1') === '%PDF-' &&
    bytes.subarray(-32).toString('latin1').trimEnd().endsWith('%%EOF')
  );
}

/** Whether a new TCP connection to the port is refused (nothing listens). */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolvePromise(error.code === 'ECONNREFUSED'));
  });
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function eachLimited<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The server process: compiled once per run into a temp folder (the shared dist/ is left alone), started with
// `node <out>/src/main.js` from the project folder, as in production.

/**
 * FAULTS_BREAK_SETUP=compile makes the compile step fail on purpose (tsc is given a project that does not exist),
 * so that CI can show a failing set-up ends with a failure and leaves nothing running (.ci/faults-setup-fails.sh;
 * MARIADBD_BIN=/bin/false does the same to the database step). FAULTS_SETUP_TIMEOUT_MS bounds the whole set-up.
 */
const BREAK_SETUP = process.env.FAULTS_BREAK_SETUP ?? '';
const SETUP_TIMEOUT_MS = Number(process.env.FAULTS_SETUP_TIMEOUT_MS ?? 200_000);

async function compileServer(outDir: string, signal: AbortSignal): Promise<string> {
  try {
    await execFileAsync(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        BREAK_SETUP === 'compile' ? 'tsconfig.missing-on-purpose.json' : 'tsconfig.build.json',
        '--outDir',
        outDir,
        '--tsBuildInfoFile',
        join(outDir, '.tsbuildinfo'),
      ],
      { cwd: ROOT, timeout: 180_000, maxBuffer: 16 * 1024 * 1024, signal },
    );
  } catch (error) {
    signal.throwIfAborted();
    const e = error as Error & { stdout?: string };
    throw new Error(`compiling the server (tsc -p tsconfig.build.json) failed:\n${e.stdout ?? e.message}`);
  }
  // The compiled files resolve their packages from here, as dist/ does from the project folder.
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  return join(outDir, 'src/main.js');
}

interface ServerProcess {
  readonly port: number;
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly exited: boolean;
  output(): string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));

async function startServer(main: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      exited = true;
      children.delete(child);
      done({ code, signal });
    });
  });
  const server: ServerProcess = {
    port,
    child,
    exit,
    get exited() {
      return exited;
    },
    output: () => log,
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the server exited while starting:\n${log}`);
    const health = await settle(call(port, 'GET', '/health', { timeoutMs: 2_000 }));
    if (health.reply?.status === 200) return server;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /health within 60 s:\n${log}`);
    }
    await sleep(100);
  }
}

async function killServer(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.exited) return;
  server.child.kill('SIGKILL');
  await server.exit;
}

async function loginAdmin(port: number): Promise<string> {
  const res = await call(port, 'POST', '/api/auth/login', { json: ADMIN });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body.toString()}`);
  return json<{ token: string }>(res).token;
}

async function createContractorVia(port: number, token: string): Promise<string> {
  const res = await call(port, 'POST', '/api/contractors', { token, json: contractorInput() });
  if (res.status !== 201) throw new Error(`create contractor failed: ${res.status} ${res.body.toString()}`);
  return json<{ id: string }>(res).id;
}

async function draftContract(port: number, token: string, contractorId: string, n: number): Promise<string> {
  const res = await call(port, 'POST', '/api/contracts', {
    token,
    json: {
      contractNumber: `F-${runId}-${n}`,
      title: '住民情報システム運用保守業務委託',
      contractorId,
      department: '総務課情報政策係',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 2,
      handlesPersonalInfo: true,
      usesCloud: false,
      assessmentFrequency: 'QUARTERLY',
    },
  });
  if (res.status !== 201) throw new Error(`draft contract failed: ${res.status} ${res.body.toString()}`);
  const id = json<ContractResponse>(res).id;
  // Approval needs the selection record (選定): every criterion that applies met, with a reason.
  const selection = await call(port, 'GET', `/api/contracts/${id}/selection`, { token });
  const criteria = json<{ criteria: { code: string }[] }>(selection).criteria;
  const put = await call(port, 'PUT', `/api/contracts/${id}/selection`, {
    token,
    json: {
      method: 'OPEN_TENDER',
      criteria: criteria.map((c) => ({ code: c.code, met: true, note: '確認した。' })),
      reason: '確認項目をすべて満たすため。',
    },
  });
  if (put.status !== 200) throw new Error(`record selection failed: ${put.status} ${put.body.toString()}`);
  return id;
}

async function expectAuditChainIntact(port: number, token: string): Promise<void> {
  const res = await call(port, 'GET', '/api/audit-events/verify', { token, timeoutMs: 30_000 });
  expect(res.status).toBe(200);
  expect(json<{ ok: boolean; checked: number }>(res)).toMatchObject({ ok: true });
}

/**
 * The throwaway MariaDB and the compiled server, prepared side by side. When either fails, or both together take
 * longer than SETUP_TIMEOUT_MS, the other is stopped (tsc killed; the MariaDB server killed, its folder removed)
 * before this rejects: a failed set-up leaves no child process behind, which would keep Jest from ever exiting.
 */
async function prepareServers(buildDir: string): Promise<{ db: ThrowawayMariaDb; main: string }> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`the fault-test set-up did not finish within ${SETUP_TIMEOUT_MS} ms`)),
    SETUP_TIMEOUT_MS,
  );
  const stopOthersOnFailure = <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: unknown) => {
      controller.abort(error);
      throw error;
    });
  const [db, main] = await Promise.allSettled([
    stopOthersOnFailure(startThrowawayMariaDb({ signal: controller.signal })),
    stopOthersOnFailure(compileServer(buildDir, controller.signal)),
  ]);
  clearTimeout(timer);
  if (db.status === 'fulfilled' && main.status === 'fulfilled') return { db: db.value, main: main.value };
  if (db.status === 'fulfilled') await db.value.destroy();
  // The first failure is the cause; the other step was stopped by it (the same error, as the abort reason).
  const causes = [
    ...new Set([db, main].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []))),
  ];
  throw new Error(
    `the fault-test set-up failed; everything it had started is stopped:\n` +
      causes.map((c) => (c instanceof Error ? c.message : String(c))).join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------------------------

describe('faults: the database going away, SIGKILL and SIGTERM (real server, throwaway MariaDB)', () => {
  let db: ThrowawayMariaDb | undefined;
  let main = '';
  const tempDirs: string[] = [];
  const servers: ServerProcess[] = [];

  const tempDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), `itaku-faults-${prefix}-`));
    tempDirs.push(dir);
    return dir;
  };
  const mariadb = (): ThrowawayMariaDb => {
    if (!db) throw new Error('the throwaway MariaDB did not start');
    return db;
  };
  const serverEnv = (database: string, dataDir: string): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: mariadb().url(database),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
  });
  const start = async (database: string, dataDir: string): Promise<ServerProcess> => {
    const server = await startServer(main, serverEnv(database, dataDir));
    servers.push(server);
    return server;
  };
  const rows = <T extends RowDataPacket>(database: string, sql: string, params?: unknown[]): Promise<T[]> =>
    mariadb().query<T>(database, sql, params);

  beforeAll(async () => {
    const missing = mariadbUnavailableReason();
    if (missing) {
      throw new Error(
        `Fault tests cannot run${process.env.CI ? ' in CI' : ''}: ${missing} ` +
          'They are `npm run test:faults`, run by .ci/run, and are not skipped.',
      );
    }
    ({ db, main } = await prepareServers(tempDir('build')));
  }, SETUP_TIMEOUT_MS + 30_000);

  afterEach(async () => {
    await Promise.all(servers.splice(0).map(killServer));
  });

  afterAll(async () => {
    await Promise.all(servers.splice(0).map(killServer));
    await db?.destroy();
    await destroyAllThrowawayMariaDbs();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while the database is down, recovers without a restart and keeps every acknowledged write', async () => {
    const database = `faults_outage_${runId}`;
    await mariadb().createDatabase(database);
    const server = await start(database, tempDir('outage'));
    const token = await loginAdmin(server.port);

    interface Write {
      startedAt: number;
      endedAt?: number;
      corporateNumber: string;
      outcome?: Outcome;
    }
    const writes: Write[] = [];
    const marks = { stopBegun: Infinity, stopped: Infinity, startBegun: Infinity, healthy: Infinity };
    let stopLoad = false;
    const loadDeadline = Date.now() + 90_000;
    const worker = async (): Promise<void> => {
      while (!stopLoad && writes.length < 3_000 && Date.now() < loadDeadline) {
        const input = contractorInput();
        const write: Write = { startedAt: performance.now(), corporateNumber: String(input.corporateNumber) };
        writes.push(write);
        write.outcome = await settle(
          call(server.port, 'POST', '/api/contractors', { token, json: input, timeoutMs: 10_000 }),
        );
        write.endedAt = performance.now();
        await sleep(20);
      }
    };
    const finishedBetween = (from: number, to = Infinity): Write[] =>
      writes.filter((w) => w.startedAt >= from && w.endedAt !== undefined && w.endedAt <= to);
    const acknowledged = (): Write[] => writes.filter((w) => w.outcome?.reply?.status === 201);
    const load = Promise.all(Array.from({ length: 6 }, worker));
    let lock: Connection | undefined;
    try {
      // Up: writes go through.
      await until(() => acknowledged().length >= 20, 30_000, '20 acknowledged writes');

      // Down, mid-way through the load: a clean shutdown of the database server, with writes caught in the
      // middle of their transactions (held by a lock on the audit chain's head row, which every write takes).
      lock = await createConnection({ host: '127.0.0.1', port: mariadb().port, user: 'root', database });
      lock.on('error', () => undefined); // the server going away is the point
      await lock.beginTransaction();
      await lock.query('SELECT * FROM audit_chain_head WHERE id = 1 FOR UPDATE');
      await sleep(300);
      marks.stopBegun = performance.now();
      await mariadb().stop();
      marks.stopped = performance.now();
      const healthDown = await call(server.port, 'GET', '/health', { timeoutMs: 10_000 });
      const readDown = await call(server.port, 'GET', '/api/contractors', { token, timeoutMs: 10_000 });
      await until(() => finishedBetween(marks.stopped).length >= 20, 30_000, '20 writes while down');
      expect(healthDown.status).toBe(503);
      expect(json(healthDown)).toEqual({ status: 'unavailable', database: 'down' });
      expect(readDown.status).toBe(503);
      expect(json<ErrorBody>(readDown).code).toBe('SERVICE.DATABASE_UNAVAILABLE');

      // Up again on the same folder and port: the same process recovers by itself.
      marks.startBegun = performance.now();
      await mariadb().start();
      await until(
        async () =>
          (await settle(call(server.port, 'GET', '/health', { timeoutMs: 5_000 }))).reply?.status === 200,
        30_000,
        '/health to answer 200 again',
      );
      marks.healthy = performance.now();
      await until(() => finishedBetween(marks.healthy).length >= 30, 30_000, '30 writes after recovery');
    } finally {
      lock?.destroy();
      stopLoad = true;
      await load;
    }

    // Every request got an answer in time: 201, or 503 with the database code; never a 500, a reset or a hang.
    const unexpected = writes.filter(
      (w) =>
        w.outcome?.error !== undefined ||
        !(
          w.outcome?.reply?.status === 201 ||
          (w.outcome?.reply?.status === 503 &&
            json<ErrorBody>(w.outcome.reply).code === 'SERVICE.DATABASE_UNAVAILABLE')
        ),
    );
    expect(
      unexpected.map(
        (w) => w.outcome?.error ?? `${w.outcome?.reply?.status} ${w.outcome?.reply?.body.toString()}`,
      ),
    ).toEqual([]);
    // The writes in the middle of their transactions when the database went away were answered 503…
    const caught = writes.filter(
      (w) => w.startedAt < marks.stopBegun && (w.endedAt ?? Infinity) > marks.stopBegun,
    );
    expect(caught.length).toBeGreaterThanOrEqual(3);
    expect(caught.filter((w) => w.outcome?.reply?.status !== 503)).toEqual([]);
    // …so was every write while the database was down…
    const whileDown = finishedBetween(marks.stopped, marks.startBegun);
    expect(whileDown.length).toBeGreaterThanOrEqual(20);
    expect(whileDown.filter((w) => w.outcome?.reply?.status !== 503)).toEqual([]);
    // …and once /health said so again, every write succeeded.
    const afterRecovery = finishedBetween(marks.healthy);
    expect(afterRecovery.length).toBeGreaterThanOrEqual(30);
    expect(afterRecovery.filter((w) => w.outcome?.reply?.status !== 201).map((w) => w.outcome)).toEqual([]);
    expect(marks.healthy - marks.startBegun).toBeLessThan(30_000);

    // Every acknowledged write is in the database, with its audit row, and the chain verifies.
    const acked = acknowledged().map((w) => ({
      id: json<{ id: string }>(w.outcome?.reply as Reply).id,
      corporateNumber: w.corporateNumber,
    }));
    expect(acked.length).toBeGreaterThanOrEqual(50);
    const missing: string[] = [];
    await eachLimited(acked, 8, async ({ id, corporateNumber }) => {
      const res = await call(server.port, 'GET', `/api/contractors/${id}`, { token });
      if (res.status !== 200 || json<{ corporateNumber: string }>(res).corporateNumber !== corporateNumber) {
        missing.push(`${id}: ${res.status}`);
      }
    });
    expect(missing).toEqual([]);
    const ids = acked.map((a) => a.id);
    const [stored] = await rows<RowDataPacket & { n: number }>(
      database,
      'SELECT COUNT(*) AS n FROM contractor WHERE id IN (?)',
      [ids],
    );
    expect(Number(stored.n)).toBe(ids.length);
    const [audited] = await rows<RowDataPacket & { n: number }>(
      database,
      "SELECT COUNT(*) AS n FROM audit_event WHERE action = 'contractor.create' AND entity_id IN (?)",
      [ids],
    );
    expect(Number(audited.n)).toBe(ids.length);
    await expectAuditChainIntact(server.port, token);
  }, 150_000);

  it('keeps every approved 特記事項 whole and findable when the server is SIGKILLed while rendering', async () => {
    const database = `faults_kill_${runId}`;
    await mariadb().createDatabase(database);
    const dataDir = tempDir('kill');
    const documentsDir = join(dataDir, 'documents');
    const first = await start(database, dataDir);
    let token = await loginAdmin(first.port);
    const contractorId = await createContractorVia(first.port, token);
    const toApprove: string[] = [];
    const drafts: string[] = [];
    for (let i = 0; i < 16; i++) {
      (i < 12 ? toApprove : drafts).push(await draftContract(first.port, token, contractorId, i));
    }

    // Approvals (render + store + commit) and draft downloads in flight; SIGKILL once a few approvals are done.
    const approved = new Map<string, string>(); // id → documentSha256 acknowledged with 200
    const served: { hash: string; body: Buffer }[] = [];
    const badAnswers: string[] = [];
    let killed = false;
    let inFlight = 0;
    let inFlightAtKill = 0;
    const approveWorker = async (): Promise<void> => {
      while (!killed && toApprove.length) {
        const id = toApprove.shift() as string;
        inFlight++;
        const outcome = await settle(
          call(first.port, 'POST', `/api/contracts/${id}/approve`, {
            token,
            json: { version: 1 },
            timeoutMs: 30_000,
          }),
        );
        inFlight--;
        if (outcome.reply?.status === 200) {
          approved.set(id, json<ContractResponse>(outcome.reply).documentSha256 as string);
        } else if (outcome.reply) {
          badAnswers.push(`approve ${outcome.reply.status} ${outcome.reply.body.toString()}`);
        } else if (!killed) {
          badAnswers.push(`approve ${outcome.error}`);
        }
      }
    };
    const downloadWorker = async (offset: number): Promise<void> => {
      for (let i = offset; !killed && i < 200; i++) {
        inFlight++;
        const outcome = await settle(
          call(first.port, 'GET', `/api/contracts/${drafts[i % drafts.length]}/clauses.pdf`, {
            token,
            timeoutMs: 30_000,
          }),
        );
        inFlight--;
        if (outcome.reply?.status === 200) {
          served.push({ hash: String(outcome.reply.headers['x-document-sha256']), body: outcome.reply.body });
        } else if (outcome.reply) {
          badAnswers.push(`download ${outcome.reply.status} ${outcome.reply.body.toString()}`);
        } else if (!killed) {
          badAnswers.push(`download ${outcome.error}`);
        }
      }
    };
    const work = Promise.all([approveWorker(), approveWorker(), downloadWorker(0), downloadWorker(1)]);
    await until(() => approved.size >= 3, 60_000, '3 approvals before the kill');
    await sleep(Math.floor(Math.random() * 250)); // a different moment of the render/store/commit each run
    inFlightAtKill = inFlight;
    killed = true;
    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    await work;
    expect(badAnswers).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThanOrEqual(1);

    // Restarted on the same data folder and database.
    const second = await start(database, dataDir);
    token = await loginAdmin(second.port);
    const download = (id: string): Promise<Reply> =>
      call(second.port, 'GET', `/api/contracts/${id}/clauses.pdf`, { token, timeoutMs: 30_000 });
    const contracts = await rows<
      RowDataPacket & { id: string; status: string; sha: string | null; version: number }
    >(database, 'SELECT id, status, document_sha256 AS sha, version FROM contract');
    const byId = new Map(contracts.map((c) => [c.id, c]));
    for (const [id, hash] of approved)
      expect({ id, ...byId.get(id) }).toMatchObject({ id, status: 'ACTIVE', sha: hash });

    // Every ACTIVE contract: its stored file is there under its hash, whole, and downloads as those bytes.
    const active = contracts.filter((c) => c.status === 'ACTIVE');
    expect(active.length).toBeGreaterThanOrEqual(approved.size);
    for (const c of active) {
      expect(c.sha).toMatch(/^[0-9a-f]{64}$/);
      const hash = c.sha as string;
      const file = join(documentsDir, hash.slice(0, 2), `${hash}.pdf`);
      expect(existsSync(file)).toBe(true);
      expect(sha256(readFileSync(file))).toBe(hash);
      const res = await download(c.id);
      expect(res.status).toBe(200);
      expect(res.headers['x-document-sha256']).toBe(hash);
      expect(sha256(res.body)).toBe(hash);
      expect(isCompletePdf(res.body)).toBe(true);
      served.push({ hash, body: res.body });
    }

    // Under documents/, a file is either named by its own content hash, or a leftover temp file.
    const tempFiles: string[] = [];
    for (const prefix of readdirSync(documentsDir)) {
      expect(prefix).toMatch(/^[0-9a-f]{2}$/);
      for (const name of readdirSync(join(documentsDir, prefix))) {
        const path = join(documentsDir, prefix, name);
        if (name.endsWith('.tmp')) {
          tempFiles.push(path);
          continue;
        }
        expect(name).toMatch(/^[0-9a-f]{64}\.pdf$/);
        expect(name.startsWith(prefix)).toBe(true);
        expect(sha256(readFileSync(path))).toBe(name.slice(0, 64));
      }
    }
    // Nothing ever served was partial: each body is a whole PDF matching the hash it was served under, and no
    // leftover temp file's bytes were served unless they are a whole copy of a stored file.
    for (const { hash, body } of served) {
      expect(sha256(body)).toBe(hash);
      expect(isCompletePdf(body)).toBe(true);
    }
    const servedHashes = new Set(served.map((s) => s.hash));
    for (const path of tempFiles) {
      const hash = sha256(readFileSync(path));
      if (servedHashes.has(hash)) expect(path).toContain(`${hash}.pdf.`);
    }

    // The contracts still DRAFT (their approval was cut off) can be approved now.
    for (const c of contracts.filter((x) => x.status === 'DRAFT' && !drafts.includes(x.id))) {
      const res = await call(second.port, 'POST', `/api/contracts/${c.id}/approve`, {
        token,
        json: { version: Number(c.version) },
        timeoutMs: 30_000,
      });
      expect(res.status).toBe(200);
      const hash = json<ContractResponse>(res).documentSha256 as string;
      const pdf = await download(c.id);
      expect([pdf.status, sha256(pdf.body)]).toEqual([200, hash]);
    }

    // The download route serves only the file under the recorded hash, checked: a temp file holding the
    // document (as a crash between write and rename would leave it) or a torn file is never sent.
    const probe = active[0];
    const stored = join(documentsDir, (probe.sha as string).slice(0, 2), `${probe.sha}.pdf`);
    const bytes = readFileSync(stored);
    const temp = `${stored}.${randomBytes(6).toString('hex')}.tmp`;
    renameSync(stored, temp);
    try {
      const asTemp = await download(probe.id);
      expect(asTemp.status).toBe(500);
      expect(json<ErrorBody>(asTemp).code).toBe('DOCUMENT.STORED_FILE_INVALID');
      writeFileSync(stored, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const torn = await download(probe.id);
      expect(torn.status).toBe(500);
      expect(json<ErrorBody>(torn).code).toBe('DOCUMENT.STORED_FILE_INVALID');
    } finally {
      rmSync(stored, { force: true });
      renameSync(temp, stored);
    }
    const restored = await download(probe.id);
    expect([restored.status, sha256(restored.body)]).toEqual([200, probe.sha]);

    await expectAuditChainIntact(second.port, token);
  }, 150_000);

  it('lets in-flight requests finish on SIGTERM, then refuses connections and exits with 0', async () => {
    const database = `faults_term_${runId}`;
    await mariadb().createDatabase(database);
    const server = await start(database, tempDir('term'));
    const token = await loginAdmin(server.port);
    const contractorId = await createContractorVia(server.port, token);
    const drafts: string[] = [];
    for (let i = 0; i < 4; i++) drafts.push(await draftContract(server.port, token, contractorId, 100 + i));

    // Writes are held in flight by a lock on the audit chain's head row (every write appends to the chain);
    // the document renders are slow by themselves (a cold render thread loading its fonts, then a queue).
    const lock = await createConnection({ host: '127.0.0.1', port: mariadb().port, user: 'root', database });
    let released = false;
    try {
      await lock.beginTransaction();
      await lock.query('SELECT * FROM audit_chain_head WHERE id = 1 FOR UPDATE');
      let sent = 0;
      const onSent = (): void => {
        sent++;
      };
      const inputs = Array.from({ length: 4 }, () => contractorInput());
      const writes = inputs.map((input) =>
        settle(
          call(server.port, 'POST', '/api/contractors', { token, json: input, timeoutMs: 30_000, onSent }),
        ),
      );
      const pdfs = drafts.map((id) =>
        settle(
          call(server.port, 'GET', `/api/contracts/${id}/clauses.pdf`, { token, timeoutMs: 30_000, onSent }),
        ),
      );
      await until(() => sent === 8, 10_000, 'the 8 requests to be sent');
      await sleep(150);

      const signalledAt = performance.now();
      server.child.kill('SIGTERM');
      await sleep(100);
      // A new request during the shutdown is answered 503 or refused; never left hanging, never a 500.
      const late = await settle(call(server.port, 'GET', '/health', { timeoutMs: 5_000 }));
      await sleep(300);
      await lock.commit();
      released = true;

      const writeOutcomes = await Promise.all(writes);
      const pdfOutcomes = await Promise.all(pdfs);
      expect(writeOutcomes.map((o) => o.reply?.status ?? o.error)).toEqual([201, 201, 201, 201]);
      expect(pdfOutcomes.map((o) => o.reply?.status ?? o.error)).toEqual([200, 200, 200, 200]);
      for (const o of pdfOutcomes) {
        const reply = o.reply as Reply;
        expect(isCompletePdf(reply.body)).toBe(true);
        expect(sha256(reply.body)).toBe(reply.headers['x-document-sha256']);
      }
      expect(late.error === 'ECONNREFUSED' || late.reply?.status === 503).toBe(true);
      // Once they are done, nothing accepts new connections.
      await until(() => connectionRefused(server.port), 5_000, 'new connections to be refused');

      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        server.exit,
        new Promise<'timeout'>((done) => {
          timer = setTimeout(() => done('timeout'), 15_000);
        }),
      ]);
      clearTimeout(timer);
      expect({ exit, output: exit === 'timeout' || exit.code !== 0 ? server.output() : '' }).toEqual({
        exit: { code: 0, signal: null },
        output: '',
      });
      expect(performance.now() - signalledAt).toBeLessThan(15_000);

      // The acknowledged writes are in the database.
      const ids = writeOutcomes.map((o) => json<{ id: string }>(o.reply as Reply).id);
      const [stored] = await rows<RowDataPacket & { n: number }>(
        database,
        'SELECT COUNT(*) AS n FROM contractor WHERE id IN (?)',
        [ids],
      );
      expect(Number(stored.n)).toBe(4);
    } finally {
      if (!released) await lock.rollback().catch(() => undefined);
      await lock.end();
    }
  }, 120_000);
});
