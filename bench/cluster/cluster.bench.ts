// npm run bench:cluster (issue 20): one representative write (POST /api/contractors, with its audit row) and one
// read (GET /api/contractors/:id) through the compiled app, on one plain MariaDB node (wsrep off: the baseline)
// and on a three-node Galera cluster with the same server settings, measured in the same run. Needs galera-4 and
// rsync (test/cluster/galera.sh starts and stops both servers under /var/tmp).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { corporateNumberCheckDigit } from '../../src/modules/contractors/corporate-number';
import { fmt, printTable, projectRoot } from '../support/report';

const ROOT = projectRoot();
const GALERA = join(ROOT, 'test/cluster/galera.sh');
const MAIN = join(ROOT, 'dist/src/main.js');
const BASE_PORT = Number(process.env.CLUSTER_BASE_PORT ?? 13500);
const SECONDS = Number(process.env.CLUSTER_BENCH_SECONDS ?? 10);
const CONNECTIONS = 8;
const ADMIN = { email: 'admin@example.lg.jp', password: 'correct horse battery staple' };
const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

interface Phase {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: string;
}

function galera(dir: string, ...args: string[]): Promise<unknown> {
  return run('bash', [GALERA, ...args], {
    env: { ...process.env, CLUSTER_DIR: dir, CLUSTER_BASE_PORT: String(BASE_PORT) },
    timeout: 240_000,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function createDatabase(port: number, name: string): Promise<void> {
  const conn = await createConnection({ host: '127.0.0.1', port, user: 'root' });
  await conn.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await conn.end();
}

const children = new Set<ChildProcess>();
const folders: string[] = [];

async function startApp(dbPort: number, database: string, keys: Record<string, string>): Promise<number> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'itaku-cluster-bench-'));
  folders.push(dataDir, `${dataDir}-keys`, `${dataDir}-checkpoints`);
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: `mariadb://root@127.0.0.1:${dbPort}/${database}`,
      STORAGE: 'database',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      JOBS_ENABLED: 'false',
      ...keys,
    },
    stdio: 'ignore',
  });
  children.add(child);
  for (let i = 0; i < 600; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
    if (res?.status === 200) return port;
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`the app on database port ${dbPort} did not start`);
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  return ((await res.json()) as { token: string }).token;
}

let corporateSeq = 0;
/** A valid 13-digit 法人番号, unique within the run. */
function corporateNumber(): string {
  const base12 = `${(Date.now() % 1e6).toString().padStart(6, '0')}${(++corporateSeq % 1e6).toString().padStart(6, '0')}`;
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

function contractor(): Record<string, unknown> {
  return {
    corporateNumber: corporateNumber(),
    name: '株式会社置賜情報サービス',
    nameKana: 'カブシキガイシャオキタマジョウホウサービス',
    address: '山形県長井市本町一丁目1番1号',
    representativeName: '代表取締役 髙橋 一郎',
    securityOfficer: { name: '山﨑 花子', email: 'security@okitama-is.example.jp', phone: '0238-00-0000' },
  };
}

/** CONNECTIONS closed-loop clients spread over the instances for SECONDS: throughput and latency. */
async function measure(
  label: string,
  targets: { port: number; token: string }[],
  request: (target: { port: number; token: string }) => Promise<number>,
  seconds = SECONDS,
): Promise<Phase> {
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      const target = targets[i % targets.length];
      while (performance.now() < end) {
        const t = performance.now();
        const status = await request(target).catch(() => 0);
        if (status >= 200 && status < 300) latencies.push(performance.now() - t);
        else failures.set(status, (failures.get(status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return {
    label,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    failures: [...failures].map(([code, n]) => `${code}×${n}`).join(' ') || '0',
  };
}

async function benchTargets(name: string, targets: { port: number; token: string }[]): Promise<Phase[]> {
  const ids: string[] = [];
  const post = async (t: { port: number; token: string }): Promise<number> => {
    const res = await fetch(`http://127.0.0.1:${t.port}/api/contractors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(contractor()),
    });
    const body = (await res.json()) as { id?: string };
    if (res.status === 201 && body.id) ids.push(body.id);
    return res.status;
  };
  // Untimed warm-up: the JIT, the pools and the server's caches, so that no phase pays for starting cold.
  await measure('warm-up', targets, post, 3);
  const write = await measure(`${name}: POST /api/contractors`, targets, post);
  let next = 0;
  const read = await measure(`${name}: GET /api/contractors/:id`, targets, async (t) => {
    const id = ids[next++ % ids.length];
    const res = await fetch(`http://127.0.0.1:${t.port}/api/contractors/${id}`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    await res.arrayBuffer();
    return res.status;
  });
  return [write, read];
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const plainDir = `/var/tmp/itaku-bench-plain-${runId}`;
  const clusterDir = `/var/tmp/itaku-bench-galera-${runId}`;
  const keysDir = mkdtempSync(join(tmpdir(), 'itaku-cluster-bench-keys-'));
  folders.push(keysDir);
  // One audit key for every instance (as in production: see docs/topologies.md).
  const keys = { AUDIT_HMAC_KEY: randomBytes(32).toString('hex'), KEYS_DIR: keysDir };
  const phases: Phase[] = [];
  try {
    console.log(`cluster bench: ${CONNECTIONS} connections, ${SECONDS} s per phase`);
    await galera(plainDir, 'start-plain');
    await createDatabase(BASE_PORT, 'itaku_bench');
    const plain = await startApp(BASE_PORT, 'itaku_bench', keys);
    phases.push(
      ...(await benchTargets('plain node, 1 instance', [{ port: plain, token: await login(plain) }])),
    );
    for (const child of children) child.kill('SIGTERM');
    children.clear();
    await galera(plainDir, 'stop');

    await galera(clusterDir, 'start');
    await createDatabase(BASE_PORT + 1, 'itaku_bench');
    const first = await startApp(BASE_PORT + 1, 'itaku_bench', keys);
    const one = [{ port: first, token: await login(first) }];
    phases.push(...(await benchTargets('Galera ×3, 1 instance on node 1', one)));
    const second = await startApp(BASE_PORT + 2, 'itaku_bench', keys);
    const two = [...one, { port: second, token: await login(second) }];
    phases.push(...(await benchTargets('Galera ×3, 2 instances on nodes 1 and 2', two)));
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await galera(plainDir, 'stop').catch(() => undefined);
    await galera(clusterDir, 'stop').catch(() => undefined);
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
  printTable(
    ['phase', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'failures'],
    phases.map((p) => [
      p.label,
      fmt(p.requests),
      fmt(p.perSecond),
      p.p50.toFixed(1),
      p.p99.toFixed(1),
      p.failures,
    ]),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
