import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { todayInJapan } from '../../src/common/clock';
import { canonicalJson, hashAuditRecord, type AuditRecord } from '../../src/modules/audit/audit-chain';
import { AuditCheckpointsService } from '../../src/modules/audit/audit-checkpoints.service';
import { AuditChainHead } from '../../src/modules/audit/audit-event.entity';
import type { AuditVerifyResponse } from '../../src/modules/audit/dto/audit.dto';
import { benchDatabase, insertChunked, sqlTime, type SqlValue } from '../assessments/seed';
import { fmt, printTable, projectRoot } from '../support/report';
import { benchAppConfig } from '../support/app-config';

/**
 * The audit check on a long log (issue 19, item 5). Seeds AUDIT_BENCH_EVENTS audit rows (default 100,000;
 * 1,000,000 ÷ NATIONAL_BENCH_DIVISOR with BENCH_SCALE=national) with the real chain — each row's HMAC over the
 * previous one's, computed here and bulk-inserted — and a checkpoint at three quarters. Then, in the same run:
 *  - the app's GET /api/audit-events/verify (the whole chain) and ?from=checkpoint (the everyday check), through
 *    the app's HTTP stack (Fastify inject: no socket, everything else);
 *  - a bare loop over the same rows: the plain driver (mysql2 / better-sqlite3, one connection), keyset pages of
 *    the same size, JSON.parse, the canonical form and crypto's HMAC-SHA-256 — the same HMACs, nothing else.
 * Each with its time, rows per second, and the process's peak RSS and peak heap growth while it ran (sampled every
 * 20 ms). Then `npm run audit:verify -- --full` in a process of its own whose heap is capped at CLI_HEAP_MB: it
 * can only finish if the walk's memory does not grow with the log (the rows at once would need several times
 * that). Targets: the app within 2× the bare loop; the capped walk finishing with the chain intact.
 */

const DIVISOR = Math.max(1, Number(process.env.NATIONAL_BENCH_DIVISOR ?? 1));
const PAGE = 2000;
const PER_STATEMENT = 500;
const PER_TRANSACTION = 20_000;
const TARGET_RATIO = 2;
/** --max-old-space-size of the CLI's walk: enough for the app itself, far from enough for the log. */
const CLI_HEAP_MB = 96;
const MB = 1024 * 1024;

const COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_role',
  'action',
  'entity_type',
  'entity_id',
  'summary',
  'request_id',
  'ip',
  'prev_hash',
  'hash',
] as const;

export function auditBenchEvents(): number {
  const given = Number(process.env.AUDIT_BENCH_EVENTS ?? NaN);
  if (Number.isSafeInteger(given) && given > 0) return given;
  return process.env.BENCH_SCALE === 'national' ? Math.round(1_000_000 / DIVISOR) : 100_000;
}

interface Measured {
  seconds: number;
  rows: number;
  peakRssMb: number;
  heapGrowthMb: number;
  ok: boolean;
}

export async function runAuditVerifyBench(events = auditBenchEvents()): Promise<void> {
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'itaku-guard-audit-bench-'));
  const database = await benchDatabase();
  let app: NestFastifyApplication | undefined;
  try {
    const { admin, config } = benchAppConfig(dataDir, database.url);
    app = await createApp(config);
    await app.init();
    const ds = app.get(DataSource);
    const key = config.auditHmacKey;

    // The chain: three quarters, a checkpoint (made by the app, its own audit row), the last quarter.
    const t = performance.now();
    const [{ id: actorId }] = await ds.query<{ id: string }[]>("SELECT id FROM `user` WHERE role = 'ADMIN'");
    await appendChain(ds, key, actorId, Math.round(events * 0.75));
    const checkpoint = await app.get(AuditCheckpointsService).scheduled(todayInJapan());
    if (!checkpoint) throw new Error('no checkpoint was made');
    await appendChain(ds, key, actorId, events - Math.round(events * 0.75));
    const seedSeconds = (performance.now() - t) / 1000;
    const head = await ds.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    const total = Number(head.lastSeq);
    if (database.url) await ds.query<unknown>('ANALYZE TABLE audit_event');

    const fastify = app.getHttpAdapter().getInstance();
    const login = await fastify.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: admin.email, password: admin.password },
    });
    const token = login.json<{ token: string }>().token;
    const viaApp = (query: string) => async (): Promise<{ rows: number; ok: boolean }> => {
      const res = await fastify.inject({
        method: 'GET',
        url: `/api/audit-events/verify${query}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.statusCode !== 200) throw new Error(`verify${query}: ${res.statusCode} ${res.body}`);
      const body = res.json<AuditVerifyResponse>();
      return { rows: body.checked, ok: body.ok };
    };
    const bare = await bareLoop(database.url, join(dataDir, 'itaku-guard.sqlite'), key);
    try {
      // A short warm-up of each (JIT, the database's buffer pool), then each measured once, bare first.
      await bare.verify(Math.max(1, total - PAGE));
      await viaApp('?from=checkpoint')();
      const bareFull = await measure(() => bare.verify(1));
      const appFull = await measure(viaApp(''));
      const bareSince = await measure(() => bare.verify(checkpoint.seq));
      const appSince = await measure(viaApp('?from=checkpoint'));
      const cli = await cliWalk({
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        ...(database.url ? { DATABASE_URL: database.url } : {}),
      });

      console.log(
        `\nAudit log verification on ${database.label}; ${availableParallelism()} cores, Node ${process.version}\n` +
          `seeded ${fmt(events)} audit events with their HMAC chain (${fmt(total)} rows with the app's own), a ` +
          `checkpoint at seq ${fmt(checkpoint.seq)}, in ${seedSeconds.toFixed(0)} s. Bare = the plain driver on one ` +
          `connection, keyset pages of ${fmt(PAGE)}, JSON.parse + canonical JSON + HMAC-SHA-256 per row; ours = ` +
          `GET /api/audit-events/verify through the app (Fastify inject). Peak RSS of this process (it also holds ` +
          `the app); heap growth = peak heapUsed during the walk − heapUsed before it`,
      );
      const row = (name: string, m: Measured): string[] => [
        name,
        fmt(m.rows),
        m.seconds.toFixed(2),
        fmt(m.rows / m.seconds),
        m.peakRssMb.toFixed(0),
        m.heapGrowthMb.toFixed(1),
        m.ok ? 'yes' : 'NO',
      ];
      printTable(
        ['walk', 'rows', 's', 'rows/s', 'peak RSS MB', 'heap growth MB', 'intact'],
        [
          row('bare loop, whole chain', bareFull),
          row('ours, GET /verify (whole chain)', appFull),
          row('bare loop, from the checkpoint', bareSince),
          row('ours, GET /verify?from=checkpoint (everyday)', appSince),
        ],
      );
      const ratio = appFull.seconds / bareFull.seconds;
      const ratioSince = appSince.seconds / bareSince.seconds;
      // Every row the app's own walk checked (the sign-in above added one to the seeded chain).
      const flat = cli.code === 0 && cli.output.includes(`intact: ${appFull.rows} rows checked`);
      console.log(
        `whole chain, ours / bare: ${ratio.toFixed(2)}× (from the checkpoint ${ratioSince.toFixed(2)}×) — ` +
          `≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO && ratioSince <= TARGET_RATIO ? 'PASS' : 'MISS'}\n` +
          `memory flat with the log: npm run audit:verify -- --full in its own process, heap capped at ` +
          `${CLI_HEAP_MB} MB: ${cli.seconds.toFixed(2)} s, peak RSS ${cli.peakRssMb.toFixed(0)} MB, exit ${cli.code}, ` +
          `"${cli.output.trim()}" — ${flat ? 'PASS' : 'MISS'}\n` +
          `every walk found the chain intact: ${[bareFull, appFull, bareSince, appSince].every((m) => m.ok) ? 'yes' : 'NO'}; ` +
          `whole bench ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
      );
    } finally {
      await bare.close();
    }
  } finally {
    await app?.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(`${dataDir}-checkpoints`, { recursive: true, force: true });
    await rm(`${dataDir}-keys`, { recursive: true, force: true });
  }
}

/**
 * The CLI's whole-chain walk in a process of its own with its heap capped; its peak RSS read from /proc (VmHWM,
 * the high-water mark, polled until it exits).
 */
async function cliWalk(
  env: Record<string, string>,
): Promise<{ seconds: number; peakRssMb: number; code: number | null; output: string }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      `--max-old-space-size=${CLI_HEAP_MB}`,
      join(projectRoot(), 'dist', 'src', 'cli', 'audit-verify.js'),
      '--full',
    ],
    { cwd: projectRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (kb) peakKb = Math.max(peakKb, Number(kb[1]));
    } catch {
      // Exited between two polls.
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: peakKb / 1024, code, output };
}

/** Runs `walk` once, sampling this process's RSS and heap every 20 ms. */
async function measure(walk: () => Promise<{ rows: number; ok: boolean }>): Promise<Measured> {
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage.rss();
  let peakHeap = heapBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  }, 20);
  const t = performance.now();
  try {
    const { rows, ok } = await walk();
    return {
      seconds: (performance.now() - t) / 1000,
      rows,
      ok,
      peakRssMb: peakRss / MB,
      heapGrowthMb: Math.max(0, peakHeap - heapBefore) / MB,
    };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Appends `count` rows to the chain from its head, as the app's writer would (same record, same HMAC), in
 * multi-row INSERTs; the head is moved in the same transaction as each batch.
 */
async function appendChain(ds: DataSource, key: Buffer, actorId: string, count: number): Promise<void> {
  const head = await ds.manager.findOneByOrFail(AuditChainHead, { id: 1 });
  let seq = Number(head.lastSeq);
  let prevHash = head.lastHash;
  const base = Date.now() - count * 1000;
  for (let done = 0; done < count;) {
    const rows: SqlValue[][] = [];
    for (const end = Math.min(count, done + PER_TRANSACTION); done < end; done++) {
      seq += 1;
      const record: AuditRecord = {
        seq: String(seq),
        at: new Date(base + done * 1000),
        actorId,
        actorRole: 'ADMIN',
        action: 'contractor.update',
        entityType: 'contractor',
        entityId: randomUUID(),
        summary: { notes: `ベンチマーク ${seq}`, version: 1 + (seq % 7), changed: ['notes'] },
        requestId: randomUUID(),
        ip: '192.0.2.10',
        prevHash,
      };
      const hash = hashAuditRecord(key, record);
      rows.push([
        seq,
        sqlTime(record.at),
        record.actorId,
        record.actorRole,
        record.action,
        record.entityType,
        record.entityId,
        JSON.stringify(record.summary),
        record.requestId,
        record.ip,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    }
    await ds.transaction(async (m) => {
      await insertChunked(m, 'audit_event', COLUMNS, rows, PER_STATEMENT);
      await m.update(AuditChainHead, { id: 1 }, { lastSeq: String(seq), lastHash: prevHash });
    });
  }
}

/** The raw row as the drivers answer it. */
interface BareRow {
  seq: number | string;
  at: Date | string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  summary: string;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** The part of better-sqlite3 used here (the package ships no types). */
interface SqliteConnection {
  prepare(sql: string): { all(...params: unknown[]): unknown[] };
  close(): void;
}
type SqliteConstructor = new (file: string, options: { readonly: boolean }) => SqliteConnection;

const PAGE_SQL = `SELECT ${COLUMNS.join(', ')} FROM audit_event WHERE seq >= ? ORDER BY seq LIMIT ${PAGE}`;

/**
 * The baseline: the same keyset pages through the plain driver and the same HMAC per row, checking each row's
 * hash and link; no ORM, no service, no HTTP.
 */
async function bareLoop(
  url: string | undefined,
  sqliteFile: string,
  key: Buffer,
): Promise<{ verify(from: number): Promise<{ rows: number; ok: boolean }>; close(): Promise<void> }> {
  let page: (from: number) => Promise<BareRow[]>;
  let close: () => Promise<void>;
  if (url) {
    const u = new URL(url);
    const conn = await createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password),
      database: u.pathname.replace(/^\//, ''),
      timezone: 'Z',
    });
    page = async (from) => (await conn.query(PAGE_SQL, [from]))[0] as BareRow[];
    close = () => conn.end();
  } else {
    const Database = createRequire(__filename)('better-sqlite3') as SqliteConstructor;
    const conn = new Database(sqliteFile, { readonly: true });
    const statement = conn.prepare(PAGE_SQL);
    page = (from) => Promise.resolve(statement.all(from) as BareRow[]);
    close = () => Promise.resolve(conn.close());
  }
  return {
    close,
    async verify(from) {
      let next = from;
      let prevHash: string | null = null;
      let rows = 0;
      let ok = true;
      for (;;) {
        const batch = await page(next);
        for (const r of batch) {
          const at = r.at instanceof Date ? r.at : new Date(`${r.at.replace(' ', 'T')}Z`);
          const canonical = canonicalJson({
            seq: String(r.seq),
            at: at.toISOString(),
            actorId: r.actor_id,
            actorRole: r.actor_role,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            summary: JSON.parse(r.summary) as unknown,
            requestId: r.request_id,
            ip: r.ip,
            prevHash: r.prev_hash,
          });
          const hash = createHmac('sha256', key).update(canonical).digest('hex');
          if (hash !== r.hash || (prevHash !== null && r.prev_hash !== prevHash) || Number(r.seq) !== next)
            ok = false;
          prevHash = r.hash;
          next = Number(r.seq) + 1;
          rows++;
        }
        if (batch.length < PAGE) break;
        // As the app does between pages (it lets other requests run; here it lets the memory sampler run).
        await nextTurn();
      }
      return { rows, ok };
    },
  };
}

if (require.main === module) {
  runAuditVerifyBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
