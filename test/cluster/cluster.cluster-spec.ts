import { execFile, type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { todayInJapan } from '../../src/common/clock';
import { contractorInput } from '../factories';
import { ADMIN } from '../utils/test-app';
import { freePort } from '../utils/throwaway-mariadb';

/*
 * The cluster suite (issue 20, `npm run test:cluster`, a stage of .ci/run): a three-node MariaDB Galera cluster
 * started by test/cluster/galera.sh, and two compiled app instances (dist/src/main.js, STORAGE=database) on two
 * different nodes. Each instance lists the other nodes in DATABASE_URL's `failover`: A on node 1 (then 3, 2),
 * B on node 2 (then 3, 1), so that after node 1 dies the instances sit on the two surviving nodes and the audit
 * chain is verified through each. Never skipped: a machine without galera-4 or rsync fails with the reason.
 */

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const GALERA = join(__dirname, 'galera.sh');
const BASE_PORT = Number(process.env.CLUSTER_BASE_PORT ?? 13400);
const CLUSTER_DIR = `/var/tmp/itaku-galera-${randomBytes(4).toString('hex')}`;
const DATABASE = 'itaku_cluster';
const nodePort = (n: number): number => BASE_PORT + n;
const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function galera(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [GALERA, ...args], {
      env: { ...process.env, CLUSTER_DIR, CLUSTER_BASE_PORT: String(BASE_PORT) },
      timeout: 240_000,
    });
    return stdout;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`galera.sh ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? e.message}`);
  }
}

/** One statement on one node, on a fresh connection. */
async function onNode<T extends RowDataPacket>(n: number, sql: string, params: unknown[] = []): Promise<T[]> {
  const conn = await createConnection({
    host: '127.0.0.1',
    port: nodePort(n),
    user: 'root',
    database: DATABASE,
  });
  try {
    const [rows] = await conn.query<T[]>(sql, params);
    return rows;
  } finally {
    await conn.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The app instances and HTTP.

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  log(): string;
}

const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));

/**
 * What every instance must share besides the database: the audit chain's HMAC key and the checkpoint signing
 * key. An instance with keys of its own would write rows the others' verification reports as broken.
 */
interface SharedKeys {
  hmacKey: string;
  checkpointKeyFile: string;
}

async function startInstance(
  name: string,
  nodes: number[],
  dataDir: string,
  keys: SharedKeys,
): Promise<Instance> {
  const port = await freePort();
  const [first, ...others] = nodes;
  const failover = others.map((n) => `127.0.0.1:${nodePort(n)}`).join(',');
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: `mariadb://root@127.0.0.1:${nodePort(first)}/${DATABASE}?failover=${failover}`,
      STORAGE: 'database',
      AUDIT_HMAC_KEY: keys.hmacKey,
      AUDIT_CHECKPOINT_KEY_FILE: keys.checkpointKeyFile,
      KEYS_DIR: `${dataDir}-keys`,
      AUDIT_CHECKPOINT_DIR: `${dataDir}-checkpoints`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited while starting:\n${log}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (health?.status === 200) return { name, port, child, log: () => log };
    if (Date.now() > deadline)
      throw new Error(`instance ${name} did not answer /health within 90 s:\n${log}`);
    await sleep(200);
  }
}

interface Reply<T = unknown> {
  status: number;
  body: T;
  bytes: Buffer;
}

async function call<T = unknown>(
  at: Instance,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; form?: FormData } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://127.0.0.1:${at.port}${path}`, {
    method,
    headers,
    body: options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
    signal: AbortSignal.timeout(60_000),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, body: body as T, bytes };
}

function ok<T>(reply: Reply<T>, status: number, what: string): T {
  if (reply.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${reply.status} ${reply.bytes.toString('utf8').slice(0, 500)}`,
    );
  }
  return reply.body;
}

// ---------------------------------------------------------------------------------------------------------------

const counts = {
  conflictsAnswered409: 0,
  winners: 0,
  writesAttempted: 0,
  writesAcknowledged: 0,
  writesFoundOnNode2: 0,
  writesFoundOnNode3: 0,
  answered409UnderLoad: 0,
  answered503: 0,
  answered5xxOther: 0,
  networkErrors: 0,
  acknowledgedAfterKill: 0,
};

describe('cluster: two app instances on a three-node Galera cluster', () => {
  const dirs: string[] = [];
  let a: Instance;
  let b: Instance;
  let tokenA = '';
  let tokenB = '';
  let clusterStarted = false;
  const startedAt = Date.now();
  const runId = randomBytes(3).toString('hex');
  let contractSeq = 0;

  beforeAll(async () => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: the cluster suite runs the compiled app (npm run build)`);
    clusterStarted = true;
    await galera('start');
    const conn = await createConnection({ host: '127.0.0.1', port: nodePort(1), user: 'root' });
    await conn.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await conn.end();
    const dir = (name: string): string => {
      const d = mkdtempSync(join(tmpdir(), `itaku-cluster-${name}-`));
      dirs.push(d);
      return d;
    };
    const keysDir = dir('keys');
    const checkpointKeyFile = join(keysDir, 'audit-checkpoint.key');
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(checkpointKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const keys = { hmacKey: randomBytes(32).toString('hex'), checkpointKeyFile };
    // Started together: the migrations run once, under the lease, whichever instance takes it.
    [a, b] = await Promise.all([
      startInstance('A', [1, 3, 2], dir('a'), keys),
      startInstance('B', [2, 3, 1], dir('b'), keys),
    ]);
    tokenA = ok(
      await call<{ token: string }>(a, 'POST', '/api/auth/login', { json: ADMIN }),
      200,
      'login A',
    ).token;
    tokenB = ok(
      await call<{ token: string }>(b, 'POST', '/api/auth/login', { json: ADMIN }),
      200,
      'login B',
    ).token;
  }, 300_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (clusterStarted) await galera('stop').catch((e: Error) => console.error(e.message));
    for (const d of dirs) {
      for (const folder of [d, `${d}-keys`, `${d}-checkpoints`])
        rmSync(folder, { recursive: true, force: true });
    }
    process.stdout.write(
      `\ncluster suite counts: ${JSON.stringify(counts)}; took ${Math.round((Date.now() - startedAt) / 1000)} s\n`,
    );
  });

  const token = (at: Instance): string => (at === a ? tokenA : tokenB);

  async function draftContract(at: Instance, contractorId: string): Promise<string> {
    const t = token(at);
    const created = ok(
      await call<{ id: string }>(at, 'POST', '/api/contracts', {
        token: t,
        json: {
          contractNumber: `CL-${runId}-${++contractSeq}`,
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
      }),
      201,
      'draft contract',
    );
    const selection = ok(
      await call<{ criteria: { code: string }[] }>(at, 'GET', `/api/contracts/${created.id}/selection`, {
        token: t,
      }),
      200,
      'read selection',
    );
    ok(
      await call(at, 'PUT', `/api/contracts/${created.id}/selection`, {
        token: t,
        json: {
          method: 'OPEN_TENDER',
          criteria: selection.criteria.map((c) => ({ code: c.code, met: true, note: '確認した。' })),
          reason: '確認項目をすべて満たすため。',
        },
      }),
      200,
      'record selection',
    );
    return created.id;
  }

  async function contractor(at: Instance): Promise<string> {
    return ok(
      await call<{ id: string }>(at, 'POST', '/api/contractors', {
        token: token(at),
        json: contractorInput(),
      }),
      201,
      'contractor',
    ).id;
  }

  async function issueOrder(at: Instance, contractId: string): Promise<{ id: string; version: number }> {
    return ok(
      await call<{ id: string; version: number }>(at, 'POST', '/api/improvement-orders', {
        token: token(at),
        json: {
          contractId,
          clauseCode: 'CONFIDENTIALITY',
          facts: '立入検査において、秘密の保持に関する定めに適合していない事実を確認した。',
          foundOn: '2026-07-01',
          foundHow: '甲の職員による現地確認',
          title: '秘密の保持の徹底',
          description: '業務資料の取扱いを見直すこと。',
          severity: 'MEDIUM',
          dueDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
        },
      }),
      201,
      'issue order',
    );
  }

  /** Fires every request at once; exactly one may win, every other must be a 409 (never a 5xx). */
  async function race(what: string, requests: (() => Promise<Reply>)[]): Promise<void> {
    const replies = await Promise.all(requests.map((r) => r()));
    const statuses = replies.map((r) => r.status);
    const winners = statuses.filter((s) => s === 200).length;
    const conflicts = replies.filter((r) => r.status === 409);
    expect({ what, winners, others: statuses.filter((s) => s !== 200 && s !== 409) }).toEqual({
      what,
      winners: 1,
      others: [],
    });
    for (const c of conflicts) expect((c.body as { code: string }).code).toMatch(/^[A-Z_]+\.[A-Z_]+$/);
    counts.winners += winners;
    counts.conflictsAnswered409 += conflicts.length;
  }

  let activeContracts: string[] = [];

  it('serves a document stored through one instance from the other (STORAGE=database)', async () => {
    const contractorId = await contractor(a);
    const contractId = await draftContract(a, contractorId);
    const approved = ok(
      await call<{ documentSha256: string; status: string }>(
        a,
        'POST',
        `/api/contracts/${contractId}/approve`,
        {
          token: tokenA,
          json: { version: 1 },
        },
      ),
      200,
      'approve',
    );
    expect(approved.status).toBe('ACTIVE');
    const pdf = await call(b, 'GET', `/api/contracts/${contractId}/clauses.pdf`, { token: tokenB });
    expect(pdf.status).toBe(200);
    expect(sha256(pdf.bytes)).toBe(approved.documentSha256);
    activeContracts.push(contractId);

    // An upload through B (evidence on an improvement order), downloaded through A byte for byte.
    const order = await issueOrder(b, contractId);
    const bytes = Buffer.from(
      `%PDF-1.4\n% cluster ${runId} ${randomBytes(16).toString('hex')}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    );
    const form = new FormData();
    form.set('orderId', order.id);
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'evidence.pdf');
    const uploaded = ok(
      await call<{ id: string; sha256: string }>(b, 'POST', '/api/evidence', { token: tokenB, form }),
      201,
      'upload',
    );
    expect(uploaded.sha256).toBe(sha256(bytes));
    const downloaded = await call(a, 'GET', `/api/evidence/${uploaded.id}`, { token: tokenA });
    expect(downloaded.status).toBe(200);
    expect(downloaded.bytes.equals(bytes)).toBe(true);
  });

  it('lets exactly one of concurrent approvals and order transitions split across instances win; the others answer 409', async () => {
    const contractorId = await contractor(b);
    const drafts = await Promise.all([1, 2, 3, 4].map((i) => draftContract(i % 2 ? a : b, contractorId)));
    for (const id of drafts) {
      await race(
        `approve ${id}`,
        [a, b, a, b].map(
          (at) => () =>
            call(at, 'POST', `/api/contracts/${id}/approve`, { token: token(at), json: { version: 1 } }),
        ),
      );
      const read = ok(
        await call<{ status: string; version: number }>(a, 'GET', `/api/contracts/${id}`, { token: tokenA }),
        200,
        'read',
      );
      expect(read).toMatchObject({ status: 'ACTIVE', version: 2 });
    }
    activeContracts = [...activeContracts, ...drafts];
    const orders = await Promise.all(drafts.map((id, i) => issueOrder(i % 2 ? a : b, id)));
    for (const order of orders) {
      await race(
        `withdraw ${order.id}`,
        [b, a, b, a].map(
          (at) => () =>
            call(at, 'POST', `/api/improvement-orders/${order.id}/withdrawal`, {
              token: token(at),
              json: { version: order.version, reason: '事実誤認のため取り下げる。' },
            }),
        ),
      );
      const events = await onNode<RowDataPacket & { n: number }>(
        3,
        "SELECT COUNT(*) AS n FROM improvement_order_event WHERE order_id = ? AND type = 'WITHDRAWN'",
        [order.id],
      );
      expect(Number(events[0].n)).toBe(1);
    }
  });

  it('runs assessment generation and reminders once when both instances are asked at the same moment', async () => {
    const today = todayInJapan();
    const generated = await Promise.all(
      [a, b].map((at) =>
        call<{ assessmentsCreated: number }>(at, 'POST', '/api/assessments/generate', {
          token: token(at),
          json: { asOf: today },
        }),
      ),
    );
    expect(generated.map((g) => g.status)).toEqual([200, 200]);
    const created = generated.reduce((sum, g) => sum + g.body.assessmentsCreated, 0);
    const [rows] = await onNode<RowDataPacket & { n: number; d: number }>(
      3,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT contract_id, kind, period_start) AS d FROM assessment',
    );
    expect(created).toBeGreaterThan(0);
    expect(Number(rows.n)).toBe(created);
    expect(Number(rows.d)).toBe(created);
    // One of the two did it all; the other found nothing left.
    expect(generated.map((g) => g.body.assessmentsCreated).sort((x, y) => x - y)[0]).toBe(0);

    // A contractor user for the assessment reminders, on the day after the earliest due date (overdue).
    const [{ contractor_id: companyId, due }] = await onNode<
      RowDataPacket & { contractor_id: string; due: string }
    >(
      2,
      "SELECT contractor_id, DATE_FORMAT(MIN(due_date), '%Y-%m-%d') AS due FROM assessment GROUP BY contractor_id ORDER BY due LIMIT 1",
    );
    ok(
      await call(a, 'POST', '/api/users', {
        token: tokenA,
        json: {
          email: `k-${runId}@example.jp`,
          displayName: '受託者 担当',
          password: 'cluster-password-123',
          role: 'CONTRACTOR',
          contractorId: companyId,
        },
      }),
      201,
      'contractor user',
    );
    const reminded = await Promise.all(
      [a, b].map((at) =>
        call<{ created: number }>(at, 'POST', '/api/notifications/run-reminders', {
          token: token(at),
          json: { today: due },
        }),
      ),
    );
    expect(reminded.map((r) => r.status)).toEqual([200, 200]);
    const sent = reminded.reduce((sum, r) => sum + r.body.created, 0);
    const [notes] = await onNode<RowDataPacket & { n: number; d: number }>(
      3,
      'SELECT COUNT(*) AS n, COUNT(DISTINCT user_id, dedupe_key) AS d FROM notification',
    );
    expect(sent).toBeGreaterThan(0);
    expect(Number(notes.n)).toBe(sent);
    expect(Number(notes.d)).toBe(sent);
  });

  it('keeps every acknowledged write when a node is killed under load, and keeps answering through the others', async () => {
    interface Write {
      instance: string;
      corporateNumber: string;
      status: number;
      endedAt: number;
    }
    const writes: Write[] = [];
    let killedAt = Infinity;
    const loadEnd = Date.now() + 14_000;
    const worker = async (at: Instance): Promise<void> => {
      while (Date.now() < loadEnd && writes.length < 1_500) {
        const input = contractorInput();
        const corporateNumber = input.corporateNumber as string;
        const res = await call(at, 'POST', '/api/contractors', { token: token(at), json: input }).catch(
          () => null,
        );
        writes.push({ instance: at.name, corporateNumber, status: res?.status ?? 0, endedAt: Date.now() });
        if (!res) await sleep(100);
      }
    };
    const load = Promise.all([worker(a), worker(a), worker(b), worker(b)]);
    await sleep(4_000);
    await galera('kill', '1');
    killedAt = Date.now();
    await load;
    await galera('wait-size', '2', '30');

    counts.writesAttempted = writes.length;
    const acknowledged = writes.filter((w) => w.status === 201);
    counts.writesAcknowledged = acknowledged.length;
    counts.acknowledgedAfterKill = acknowledged.filter((w) => w.endedAt > killedAt + 2_000).length;
    counts.answered409UnderLoad = writes.filter((w) => w.status === 409).length;
    counts.answered503 = writes.filter((w) => w.status === 503).length;
    counts.answered5xxOther = writes.filter((w) => w.status >= 500 && w.status !== 503).length;
    counts.networkErrors = writes.filter((w) => w.status === 0).length;
    const unexpected = writes.filter((w) => w.status !== 201 && w.status !== 503 && w.status !== 409);
    expect(unexpected.map((w) => w.status)).toEqual([]);
    expect(counts.answered5xxOther).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(50);
    // Both instances kept writing after the kill: A reconnected to node 3, B never left node 2.
    expect(counts.acknowledgedAfterKill).toBeGreaterThan(10);
    // A, whose node died, answered writes again through node 3 (its failover list) without a restart.
    const aAfterKill = acknowledged.filter((w) => w.instance === 'A' && w.endedAt > killedAt + 2_000);
    expect(aAfterKill.length).toBeGreaterThan(5);

    for (const n of [2, 3]) {
      const found = new Set(
        (await onNode<RowDataPacket & { c: string }>(n, 'SELECT corporate_number AS c FROM contractor')).map(
          (r) => r.c,
        ),
      );
      const missing = acknowledged.filter((w) => !found.has(w.corporateNumber));
      expect({ node: n, missing: missing.map((w) => w.corporateNumber) }).toEqual({ node: n, missing: [] });
      if (n === 2) counts.writesFoundOnNode2 = acknowledged.length - missing.length;
      else counts.writesFoundOnNode3 = acknowledged.length - missing.length;
    }
    // The audit chain verifies through each instance, now on nodes 3 (A) and 2 (B).
    for (const at of [a, b]) {
      const verified = await call<{ ok: boolean; checked: number }>(at, 'GET', '/api/audit-events/verify', {
        token: token(at),
      });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({ ok: true });
      expect(verified.body.checked).toBeGreaterThan(acknowledged.length);
    }
  });

  it('lets the killed node rejoin by IST and catch up: every table has the same rows on all three nodes', async () => {
    await galera('rejoin', '1');
    await galera('wait-size', '3', '60');
    const tables = (
      await onNode<RowDataPacket & { t: string }>(
        1,
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1",
        [DATABASE],
      )
    ).map((r) => r.t);
    expect(tables).toContain('audit_event');
    const snapshot = async (n: number): Promise<Record<string, number>> => {
      const result: Record<string, number> = {};
      for (const t of tables)
        result[t] = Number(
          (await onNode<RowDataPacket & { n: number }>(n, `SELECT COUNT(*) AS n FROM \`${t}\``))[0].n,
        );
      return result;
    };
    const [one, two, three] = [await snapshot(1), await snapshot(2), await snapshot(3)];
    expect(one).toEqual(two);
    expect(one).toEqual(three);
    const heads = await Promise.all(
      [1, 2, 3].map((n) =>
        onNode<RowDataPacket & { h: string }>(n, 'SELECT last_hash AS h FROM audit_chain_head'),
      ),
    );
    expect(new Set(heads.map((h) => h[0].h)).size).toBe(1);
    // Every table has a primary key (Galera replicates rows by key).
    const keyless = await onNode<RowDataPacket & { t: string }>(
      1,
      "SELECT t.TABLE_NAME AS t FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM information_schema.TABLE_CONSTRAINTS c WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY')",
      [DATABASE],
    );
    expect(keyless).toEqual([]);
  });
});
