import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { periodsUpTo } from '../../src/modules/assessments/periods';
import { ClauseCatalogueService } from '../../src/modules/clauses/clause-catalogue.service';
import { benchDatabase, seed, sqlTime } from '../assessments/seed';
import { runLoad, type LoadSummary } from '../support/load';
import { ProcessMeter } from '../support/process-meter';
import { fmt, medianMs, non2xx, printTable, projectRoot } from '../support/report';
import { benchAppConfig } from '../support/app-config';
import { BARE_LIMIT, type SqlParam, type Statement } from './bare-server';
import {
  measureLatencies,
  percentile,
  startAppServer,
  startBareServer,
  type LatencyResult,
} from './children';
import { heavyPages, measurePages, printPages, webSession } from './pages';
import { ITEMS_PER_ASSESSMENT, seedNational } from './seed-national';

/**
 * National-scale bench (issue 7, point 1), run by `BENCH_SCALE=national npm run bench`: the real app on SQLite,
 * or on a fresh MariaDB/MySQL database when BENCH_DATABASE_URL is set, seeded with 5,000 contractors, 20,000
 * contracts with their clause rows, 80,000 assessments × 20 items and 10,000 improvement orders. Each figure
 * beside its baseline from the same run:
 *  1. authenticated reads by id and the list pages (first, deep) under 50 connections, beside a bare Fastify +
 *     mysql2 / better-sqlite3 server in a child process answering the same primary-key / keyset SELECT;
 *  2. GET /api/dashboard: 30 sequential requests and 10 connections, and its grouped queries one at a time.
 * NATIONAL_BENCH_SECONDS (per load run, default 5), NATIONAL_BENCH_DIVISOR (default 1).
 */

/** NATIONAL_BENCH_DIVISOR (default 1) shrinks the scale for a smoke run. */
const DIVISOR = Math.max(1, Number(process.env.NATIONAL_BENCH_DIVISOR ?? 1));
const SCALE = {
  contractors: Math.round(5_000 / DIVISOR),
  contracts: Math.round(20_000 / DIVISOR),
  periods: 4,
  orders: Math.round(10_000 / DIVISOR),
};
const START = '2021-04-01';
const END = '2027-03-31';
const CONNECTIONS = 50;
const TARGET_RATIO = 0.5;
/**
 * A list's p99 at most this many times the same-SQL server's p99 in the same run (issue 19: a fixed p99 < 50 ms
 * could not be met on 2 cores even by the bare server). Reads by id have the share target alone.
 */
const TARGET_LIST_P99_FACTOR = 2;
const TARGET_DASHBOARD_P95_MS = 200;
const TARGET_DASHBOARD_CONCURRENT_P95_MS = 500;
const DASHBOARD_CONNECTIONS = 10;

interface Row {
  name: string;
  /** The bare server sending the statements the app sent for this request (the target's baseline). */
  replay: LoadSummary;
  /** The bare server sending the same statements and then the app's own answer bytes, for reference. */
  answer: LoadSummary;
  answerBytes: number;
  /** The bare server's single-table SELECT, for reference. */
  bare: LoadSummary;
  ours: LoadSummary;
  statements: number;
}

export async function runNationalBench(): Promise<void> {
  const seconds = Number(process.env.NATIONAL_BENCH_SECONDS ?? 5);
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'itaku-guard-national-bench-'));
  const database = await benchDatabase();
  const meter = new ProcessMeter();
  meter.start();
  let app: NestFastifyApplication | undefined;
  let stopBare: (() => void) | undefined;
  let stopServed: (() => Promise<void>) | undefined;
  try {
    const { admin, config } = benchAppConfig(dataDir, database.url);
    app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const ds = app.get(DataSource);
    const mysql = ds.options.type !== 'better-sqlite3';

    const t = performance.now();
    const seeded = await seed(ds, app.get(ClauseCatalogueService), {
      contractors: SCALE.contractors,
      contracts: SCALE.contracts,
      bigContracts: 20,
      startDate: START,
      endDate: END,
    });
    const periods = periodsUpTo(
      { startDate: START, endDate: END, assessmentFrequency: 'ANNUAL' },
      END,
      config.assessmentDueDays,
    ).slice(0, SCALE.periods);
    const national = await seedNational(ds, seeded.contracts, seeded.clauses, periods, SCALE.orders);
    const seedSeconds = (performance.now() - t) / 1000;
    if (mysql)
      await ds.query<unknown>(
        'ANALYZE TABLE contract, contractor, assessment, assessment_item, improvement_order, improvement_order_finding, ' +
          'open_finding, open_finding_count',
      );
    else await ds.query<unknown>('ANALYZE');

    const token = await login(base, admin.email, admin.password);
    const auth = { authorization: `Bearer ${token}` };
    // Targets: a contract in the middle and its contractor; per list, the cursor of a page ~75 % deep, taken with
    // OFFSET here (the app and the bare server must then answer the same first row).
    const contract = seeded.contracts[Math.floor(seeded.contracts.length / 2)];
    const lists = [
      { route: 'contracts', table: 'contract', total: SCALE.contracts },
      { route: 'assessments', table: 'assessment', total: national.assessments },
      { route: 'improvement-orders', table: 'improvement_order', total: national.orders },
    ];
    const scenarios: { name: string; ours: string; bare: string; check?: string }[] = [
      {
        name: 'GET /api/contracts/:id',
        ours: `/api/contracts/${contract.id}`,
        bare: `/pk/contract/${contract.id}`,
      },
      {
        name: 'GET /api/contractors/:id',
        ours: `/api/contractors/${contract.contractorId}`,
        bare: `/pk/contractor/${contract.contractorId}`,
      },
    ];
    for (const list of lists) {
      const page = Math.floor((0.75 * list.total) / BARE_LIMIT);
      const [last] = await ds.query<{ created_at: Date | string; id: string }[]>(
        `SELECT created_at, id FROM \`${list.table}\` ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${(page - 1) * BARE_LIMIT - 1}`,
      );
      const at = storedTime(last.created_at);
      const cursor = Buffer.from(
        JSON.stringify([new Date(`${at.replace(' ', 'T')}Z`).toISOString(), last.id]),
      ).toString('base64url');
      const query = `/api/${list.route}?limit=${BARE_LIMIT}`;
      scenarios.push(
        { name: `GET ${query}, page 1`, ours: query, bare: `/list/${list.table}` },
        {
          name: `GET ${query}, page ${fmt(page)}`,
          ours: `${query}&cursor=${cursor}`,
          bare: `/list/${list.table}?at=${encodeURIComponent(at)}&id=${last.id}`,
          check: list.route,
        },
      );
    }

    // The statements the app sends for one request of each scenario (its session is remembered by then, so
    // the session lookup is not among them); the bare server replays exactly these.
    await getJson<unknown>(`${base}/api/auth/me`, auth);
    const replay: Record<string, Statement[]> = {};
    const answers: Record<string, string> = {};
    for (const [i, s] of scenarios.entries()) {
      // Once before capturing: what the app remembers between requests (a contract's clause views) is
      // remembered by then, as it is under load. Its answer is what the bare server's /answer sends.
      answers[i] = JSON.stringify(await getJson<unknown>(`${base}${s.ours}`, auth));
      replay[i] = await captureStatements(ds, `${base}${s.ours}`, auth);
      // NATIONAL_BENCH_SQL=1 prints them.
      if (process.env.NATIONAL_BENCH_SQL === '1')
        console.log(`${s.name}:\n${replay[i].map((st) => `  ${st.sql}`).join('\n')}`);
    }
    const bare = await startBareServer(
      database.url
        ? { kind: 'mysql', url: database.url }
        : { kind: 'sqlite', file: join(dataDir, 'itaku-guard.sqlite') },
      replay,
      answers,
    );
    stopBare = () => bare.stop();

    // The app under load runs in a process of its own, like the bare server (the one above, in this process,
    // seeded the data and showed its statements).
    const served = await startAppServer(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        ...(database.url ? { DATABASE_URL: database.url } : {}),
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        JOBS_ENABLED: 'false',
      },
      projectRoot(),
    );
    stopServed = () => served.stop();
    const appBase = served.base;
    const appAuth = { authorization: `Bearer ${await login(appBase, admin.email, admin.password)}` };
    const mismatches: string[] = [];
    for (const s of scenarios) {
      if (!s.check) continue;
      const ours = await getJson<{ items: { id: string }[] }>(`${appBase}${s.ours}`, appAuth);
      const theirs = await getJson<{ items: { id: string }[] }>(`${bare.base}${s.bare}`, {});
      if (
        ours.items.length !== BARE_LIMIT ||
        ours.items.map((i) => i.id).join() !== theirs.items.map((i) => i.id).join()
      )
        mismatches.push(s.check);
    }

    // 1. Under load: a 1 s warm-up of each URL, then bare and ours back to back. NATIONAL_BENCH_ONLY (a regular
    // expression on the load's name) measures only those, e.g. while profiling one route.
    const only = process.env.NATIONAL_BENCH_ONLY ? new RegExp(process.env.NATIONAL_BENCH_ONLY) : null;
    const loads = [...scenarios.entries()].filter(([, s]) => !only || only.test(s.name));
    for (const [i, s] of loads) {
      await runLoad({ url: `${bare.base}/replay/${i}`, connections: 10, durationSeconds: 1 });
      await runLoad({ url: `${bare.base}/answer/${i}`, connections: 10, durationSeconds: 1 });
      await runLoad({ url: `${bare.base}${s.bare}`, connections: 10, durationSeconds: 1 });
      await runLoad({ url: `${appBase}${s.ours}`, connections: 10, durationSeconds: 1, headers: appAuth });
    }
    const rows: Row[] = [];
    for (const [i, s] of loads) {
      const r = await runLoad({
        url: `${bare.base}/replay/${i}`,
        connections: CONNECTIONS,
        durationSeconds: seconds,
      });
      const a = await runLoad({
        url: `${bare.base}/answer/${i}`,
        connections: CONNECTIONS,
        durationSeconds: seconds,
      });
      const b = await runLoad({
        url: `${bare.base}${s.bare}`,
        connections: CONNECTIONS,
        durationSeconds: seconds,
      });
      const o = await runLoad({
        url: `${appBase}${s.ours}`,
        connections: CONNECTIONS,
        durationSeconds: seconds,
        headers: appAuth,
      });
      rows.push({
        name: s.name,
        replay: r,
        answer: a,
        answerBytes: Buffer.byteLength(answers[i]),
        bare: b,
        ours: o,
        statements: replay[i].length,
      });
    }

    // The web pages people wait for, signed in with a cookie session, beside a constant page of the same layout.
    const pages = await measurePages(
      appBase,
      {
        admin: await webSession(appBase, admin.email, admin.password),
        contractor: await webSession(appBase, seeded.contractorEmail, seeded.contractorPassword),
      },
      await heavyPages(ds, contract.id, seeded.bigContractorId),
      Math.max(seconds, 5),
    );

    // 2. The dashboard: two warm-ups, 30 sequential, then 10 connections; its queries one at a time.
    const dashboardUrl = `${appBase}/api/dashboard`;
    const warm = await measureLatencies({
      url: dashboardUrl,
      headers: appAuth,
      connections: 1,
      requests: 2,
    });
    const sequential = await measureLatencies({
      url: dashboardUrl,
      headers: appAuth,
      connections: 1,
      requests: 30,
    });
    const concurrent = await measureLatencies({
      url: dashboardUrl,
      headers: appAuth,
      connections: 10,
      seconds: Math.max(seconds, 10),
    });
    // Computed: each load right after a write through the app (a contractor's notes), so the kept overview is
    // stale and its queries run; timed here, the body read but not parsed. One request at a time, then 10
    // connections each writing its own contractor and loading the dashboard (the loads after one commit share
    // one computation; every write makes the next load compute again).
    const written = await afterEachWrite(appBase, appAuth, [contract.contractorId], dashboardUrl, 20);
    const writers = [...new Set(seeded.contracts.map((c) => c.contractorId))].slice(0, DASHBOARD_CONNECTIONS);
    const writtenConcurrently = await afterEachWrite(appBase, appAuth, writers, dashboardUrl, 10);
    const firstPage = await fetch(dashboardUrl, { headers: appAuth });
    const firstPageBytes = (await firstPage.arrayBuffer()).byteLength;
    const csvStarted = performance.now();
    const csv = await fetch(`${appBase}/api/dashboard/contractors.csv`, { headers: appAuth });
    const csvBytes = (await csv.arrayBuffer()).byteLength;
    const csvMs = performance.now() - csvStarted;
    const pageIds = (
      await ds.query<{ id: string }[]>("SELECT id FROM contractor WHERE status <> 'ARCHIVED' LIMIT 50")
    ).map((r) => r.id);
    const queries = dashboardQueries(pageIds);
    const queryTimes: string[][] = [];
    for (const q of queries)
      queryTimes.push([q.name, (await medianMs(() => ds.query<unknown[]>(q.sql), 3, 1)).toFixed(1)]);
    const explain = mysql ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
    const plans: [string, Record<string, unknown>[]][] = [];
    for (const q of queries.filter((q) => q.explain))
      plans.push([q.name, await ds.query<Record<string, unknown>[]>(`${explain} ${q.sql}`)]);
    meter.stop();

    console.log(
      `\nNational scale on ${database.label}; ${availableParallelism()} cores, Node ${process.version}\n` +
        `seeded ${fmt(seeded.rows.contractors)} contractors, ${fmt(seeded.rows.users + 1)} users (one CONTRACTOR ` +
        `user per contractor + ADMIN), ${fmt(seeded.rows.contracts)} contracts, ${fmt(seeded.rows.clauses)} clause ` +
        `rows, ${fmt(national.assessments)} assessments × ${ITEMS_PER_ASSESSMENT} items = ${fmt(national.items)} ` +
        `(${fmt(national.findingItems)} FINDING), ${fmt(national.orders)} orders, ${fmt(national.orderFindings)} ` +
        `order findings, ${fmt(national.orderEvents)} events, ${fmt(national.openFindings)} open findings in ` +
        `${seedSeconds.toFixed(0)} s`,
    );
    console.log(
      `\n${CONNECTIONS} connections, ${seconds} s per run, autocannon in a child process, ADMIN bearer token; the app runs as in production (node dist/src/main.js, ` +
        `a process of its own). Bare = ` +
        `Fastify + ${mysql ? 'mysql2 pool of 20' : 'better-sqlite3'} in a child process, no auth, no ORM: "same SQL" ` +
        `replays the statements the app sent for that request (stmts), one after the other — the target's ` +
        `baseline; "same answer" sends those statements and then the bytes the app answered (KB), for reference: ` +
        `the app's answer can be much larger than the rows the statements return (a contract's kept article ` +
        `texts); "1 table" is a single-table SELECT by id or keyset page, for reference`,
    );
    printTable(
      [
        'load',
        'stmts',
        'same SQL req/s',
        'same answer req/s (KB)',
        '1 table req/s',
        'ours req/s',
        'ours/same SQL',
        'ours/same answer',
        'same SQL p50/p99',
        'ours p50/p99',
        'non-2xx',
        'target',
        '',
      ],
      rows.map((r) => {
        const ratio = r.ours.requestsPerSecond / r.replay.requestsPerSecond;
        const list = r.name.includes('?');
        const pass =
          ratio >= TARGET_RATIO &&
          (!list || r.ours.latencyP99Ms <= TARGET_LIST_P99_FACTOR * r.replay.latencyP99Ms);
        return [
          r.name,
          String(r.statements),
          fmt(r.replay.requestsPerSecond),
          `${fmt(r.answer.requestsPerSecond)} (${(r.answerBytes / 1024).toFixed(0)})`,
          fmt(r.bare.requestsPerSecond),
          fmt(r.ours.requestsPerSecond),
          `${(100 * ratio).toFixed(0)}%`,
          `${((100 * r.ours.requestsPerSecond) / r.answer.requestsPerSecond).toFixed(0)}%`,
          `${r.replay.latencyP50Ms}/${r.replay.latencyP99Ms}`,
          `${r.ours.latencyP50Ms}/${r.ours.latencyP99Ms}`,
          [non2xx(r.ours), non2xx(r.replay)].filter((x) => x !== '0').join(' / ') || '0',
          list ? `≥50%, p99≤${TARGET_LIST_P99_FACTOR}×` : '≥50%',
          pass ? 'PASS' : 'MISS',
        ];
      }),
    );
    console.log(
      `deep keyset pages: ours = bare (same 50 ids): ${mismatches.length === 0 ? 'yes, all 3' : `NO for ${mismatches.join(', ')}`}\n`,
    );
    const dash = (name: string, r: LatencyResult, target = TARGET_DASHBOARD_P95_MS): string[] => {
      const p95 = percentile(r.latenciesMs, 95);
      return [
        name,
        fmt(r.latenciesMs.length),
        (r.latenciesMs.length / r.seconds).toFixed(1),
        [50, 95, 99].map((p) => percentile(r.latenciesMs, p).toFixed(0)).join('/'),
        String(r.non2xx),
        `${p95 < target ? 'PASS' : 'MISS'} (< ${target})`,
      ];
    };
    printTable(
      [
        'GET /api/dashboard (first page of 50)',
        'requests',
        'req/s',
        'p50/p95/p99 ms',
        'non-2xx',
        'p95 target',
      ],
      [
        dash('sequential, each right after a write (computed)', written),
        dash(
          `${DASHBOARD_CONNECTIONS} connections, each right after its own write (computed)`,
          writtenConcurrently,
          TARGET_DASHBOARD_CONCURRENT_P95_MS,
        ),
        dash('sequential (after 2 warm-ups; kept while nothing is written)', sequential),
        dash('10 connections (kept while nothing is written)', concurrent),
      ],
    );
    console.log(
      `(warm-ups took ${warm.latenciesMs.map((ms) => ms.toFixed(0)).join(', ')} ms; first page ` +
        `${fmt(firstPageBytes)} bytes; GET /api/dashboard/contractors.csv, every contractor, streamed: ` +
        `${fmt(csvBytes)} bytes in ${csvMs.toFixed(0)} ms, status ${csv.status})\n`,
    );
    printTable(['dashboard query alone on the DataSource, median of 3', 'ms'], queryTimes);
    for (const [name, plan] of plans) {
      console.log(`plan of query ${name} (${explain}):`);
      for (const step of plan) console.log(`  ${JSON.stringify(step)}`);
    }
    console.log('');
    printPages(pages);
    console.log(
      `\npeak RSS of the app process under load ${served.peakRssMb().toFixed(0)} MB (of the bench process, which ` +
        `seeded the data through an app of its own: ${meter.peakRssMb.toFixed(0)} MB); whole bench ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  } finally {
    meter.stop();
    stopBare?.();
    await stopServed?.();
    await app?.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Per contractor, a loop of `count` GETs of `url`, each right after a PATCH of that contractor's notes through
 * the API; the loops run side by side (one connection each).
 */
async function afterEachWrite(
  base: string,
  auth: Record<string, string>,
  contractorIds: string[],
  url: string,
  count: number,
): Promise<LatencyResult> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  const started = performance.now();
  await Promise.all(
    contractorIds.map(async (contractorId) => {
      non2xx += await writeThenLoad(base, auth, contractorId, url, count, latenciesMs);
    }),
  );
  return { latenciesMs, non2xx, seconds: (performance.now() - started) / 1000 };
}

async function writeThenLoad(
  base: string,
  auth: Record<string, string>,
  contractorId: string,
  url: string,
  count: number,
  latenciesMs: number[],
): Promise<number> {
  let { version } = await getJson<{ version: number }>(`${base}/api/contractors/${contractorId}`, auth);
  let non2xx = 0;
  for (let i = 0; i < count; i++) {
    const patch = await fetch(`${base}/api/contractors/${contractorId}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ version, notes: `ベンチマーク ${i}` }),
    });
    if (patch.status !== 200) throw new Error(`PATCH contractor: ${patch.status} ${await patch.text()}`);
    ({ version } = (await patch.json()) as { version: number });
    const t = performance.now();
    const res = await fetch(url, { headers: auth });
    await res.arrayBuffer();
    latenciesMs.push(performance.now() - t);
    if (res.status < 200 || res.status > 299) non2xx++;
  }
  return non2xx;
}

/**
 * The SQL DashboardService runs for the first page (no contractor filter), written out to time each alone;
 * query 3 runs for the page's contractors (`pageIds`) only. `explain` marks the ones whose plan is printed (the
 * two that used to dominate).
 */
export function dashboardQueries(pageIds: string[]): { name: string; sql: string; explain?: boolean }[] {
  const ids = pageIds.map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'`).join(', ');
  const today = new Date().toISOString().slice(0, 10);
  const soon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      name: "1 contractors: status <> 'ARCHIVED'",
      sql: "SELECT c.id, c.name, c.name_kana, c.corporate_number, c.status FROM contractor c WHERE c.status <> 'ARCHIVED'",
    },
    {
      name: '2 ACTIVE contracts per contractor',
      sql: "SELECT k.contractor_id, COUNT(*) AS n FROM contract k WHERE k.status = 'ACTIVE' GROUP BY k.contractor_id",
    },
    {
      name: `3 latest REVIEWED checklist of the page's ${pageIds.length} contractors`,
      sql:
        'SELECT a.id, a.contract_id, a.contractor_id, a.period_start, a.period_end, a.score, a.reviewed_at ' +
        'FROM assessment a INNER JOIN (SELECT m.contractor_id AS latest_contractor_id, ' +
        `MAX(m.period_start) AS latest_period_start FROM assessment m WHERE m.contractor_id IN (${ids}) AND ` +
        "m.status = 'REVIEWED' AND m.kind = 'CHECKLIST' " +
        'GROUP BY m.contractor_id) newest ON newest.latest_contractor_id = a.contractor_id AND ' +
        "newest.latest_period_start = a.period_start WHERE a.status = 'REVIEWED' AND a.kind = 'CHECKLIST'",
      explain: true,
    },
    {
      name: '4 open findings per contractor and clause (open_finding_count)',
      sql:
        'SELECT f.contractor_id, f.clause_code, MAX(f.clause_title) AS t, SUM(f.n) AS n FROM open_finding_count f ' +
        'GROUP BY f.contractor_id, f.clause_code',
      explain: true,
    },
    {
      name: '5 open orders per contractor',
      sql:
        `SELECT o.contractor_id, COUNT(*) AS n, SUM(CASE WHEN o.due_date < '${today}' THEN 1 ELSE 0 END) AS overdue, ` +
        'SUM(CASE WHEN o.escalated_at IS NOT NULL THEN 1 ELSE 0 END) AS escalated ' +
        "FROM improvement_order o WHERE o.status IN ('ISSUED', 'PLAN_SUBMITTED', 'IN_PROGRESS', " +
        "'COMPLETION_REPORTED') GROUP BY o.contractor_id",
    },
    {
      name: '6 expired / expiring certifications per contractor',
      sql:
        `SELECT cert.contractor_id, SUM(CASE WHEN cert.valid_until < '${today}' THEN 1 ELSE 0 END) AS expired, ` +
        `SUM(CASE WHEN cert.valid_until >= '${today}' THEN 1 ELSE 0 END) AS expiring FROM certification cert ` +
        `WHERE cert.valid_until <= '${soon}' GROUP BY cert.contractor_id`,
    },
    {
      name: '7 overdue self-assessments per contractor',
      sql:
        'SELECT a.contractor_id, COUNT(*) AS n FROM assessment a ' +
        `WHERE a.status IN ('OPEN', 'RETURNED') AND a.due_date < '${today}' GROUP BY a.contractor_id`,
      explain: true,
    },
  ];
}

/**
 * The statements the app sends to the database while answering one GET, from TypeORM's query logger. A read
 * inside a transaction could not be replayed on a pool, so one fails the bench rather than being measured wrong.
 */
async function captureStatements(
  ds: DataSource,
  url: string,
  headers: Record<string, string>,
): Promise<Statement[]> {
  const logger = ds.logger;
  const original = logger.logQuery.bind(logger);
  const seen: Statement[] = [];
  logger.logQuery = (query, parameters, runner) => {
    seen.push({ sql: query, params: ((parameters ?? []) as unknown[]).map(sqlParam) });
    original(query, parameters, runner);
  };
  try {
    await getJson<unknown>(url, headers);
  } finally {
    logger.logQuery = original;
  }
  const tx = seen.find((s) => /^\s*(START|BEGIN|COMMIT|ROLLBACK|SAVEPOINT)/i.test(s.sql));
  if (tx) throw new Error(`${url} reads in a transaction (${tx.sql}): the bare server cannot replay it`);
  if (seen.length === 0) throw new Error(`${url} sent no statement`);
  return seen;
}

/** A parameter as mysql2 would send it, in a form that survives the IPC channel to the bare server. */
function sqlParam(value: unknown): SqlParam {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlTime(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new Error(`unexpected SQL parameter ${JSON.stringify(value)}`);
}

/** MariaDB answers a Date (the pool runs in UTC), SQLite the stored string. */
function storedTime(value: Date | string): string {
  return value instanceof Date ? sqlTime(value) : value;
}

async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

if (require.main === module) {
  runNationalBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
