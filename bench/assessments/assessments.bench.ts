import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import type { Actor } from '../../src/common/auth/actor';
import { AssessmentGeneratorService } from '../../src/modules/assessments/assessment-generator.service';
import { AssessmentsService } from '../../src/modules/assessments/assessments.service';
import { periodsUpTo, type Period } from '../../src/modules/assessments/periods';
import { ClauseCatalogueService } from '../../src/modules/clauses/clause-catalogue.service';
import { runLoad, type LoadSummary } from '../support/load';
import { ProcessMeter, type PhaseSample } from '../support/process-meter';
import { fmt, medianMs, non2xx, printTable } from '../support/report';
import { benchAppConfig } from '../support/app-config';
import { machinePhase } from './machine';
import {
  ASSESSMENT_COLUMNS,
  benchDatabase,
  type FrozenClause,
  insertChunked,
  ITEM_COLUMNS,
  seed,
  type Seeded,
  sqlTime,
  type SqlValue,
} from './seed';

/**
 * Assessment bench (issue 4, point 7): the real app on SQLite in a temp DATA_DIR, or on a fresh MariaDB/MySQL
 * database when BENCH_DATABASE_URL is set. Each figure beside a baseline from the same run:
 *  1. generate() over N ACTIVE ANNUAL contracts with one period each (all start on START, asOf = START), beside
 *     plain multi-row INSERTs of as many assessment and item rows; then the second, idempotent run;
 *  2. GET /api/assessments?limit=50 at 10 × N assessments, under 50 connections: first and deep keyset pages
 *     for an ADMIN (newest first) and for a CONTRACTOR with 2,000 assessments (priority order), beside GET
 *     /health under the same load and an OFFSET page at the same depth run directly on the DataSource.
 * ASSESSMENT_BENCH_CONTRACTS (default 10000) and ASSESSMENT_BENCH_SECONDS (per load run, default 5).
 */

const START = '2017-04-01';
const END = '2027-03-31';
/** Annual periods 2017 … 2026 of every contract: the list holds PERIODS × contracts assessments. */
const PERIODS = 10;
const LIMIT = 50;
const CONNECTIONS = 50;
const ADMIN_DEEP_PAGE = 1001;
/** The generator's batch and statement sizes, used by the floor too. */
const BATCH = 500;
const PRIORITY = "CASE a.status WHEN 'RETURNED' THEN 0 WHEN 'OPEN' THEN 1 WHEN 'SUBMITTED' THEN 2 ELSE 3 END";

interface ListPage {
  items: { id: string }[];
  nextCursor: string | null;
}

interface Http {
  base: string;
}

interface LoadRow {
  name: string;
  load: LoadSummary;
  server: PhaseSample;
  /** Busy cores of the whole machine during the run. */
  machine: number;
}

interface Scenario {
  name: string;
  page: number;
  cursor: string | null;
  token: string;
  actor: Actor;
  keysetSql: { sql: string; params: SqlValue[] };
  offsetSql: { sql: string; params: SqlValue[] };
  countSql: { sql: string; params: SqlValue[] };
}

export async function runAssessmentBench(): Promise<void> {
  const contractCount = Number(process.env.ASSESSMENT_BENCH_CONTRACTS ?? 10_000);
  const seconds = Number(process.env.ASSESSMENT_BENCH_SECONDS ?? 5);
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'itaku-guard-assessment-bench-'));
  const database = await benchDatabase();
  const meter = new ProcessMeter();
  meter.start();
  let app: NestFastifyApplication | undefined;
  try {
    const { admin, config } = benchAppConfig(dataDir, database.url);
    app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const http: Http = { base: `http://127.0.0.1:${port}` };
    const ds = app.get(DataSource);
    const mysql = ds.options.type !== 'better-sqlite3';

    // Seed directly: contractors, users, ACTIVE contracts and their frozen clauses.
    let t = performance.now();
    const seeded = await seed(ds, app.get(ClauseCatalogueService), {
      contractors: Math.max(2, Math.round(contractCount / 20)),
      contracts: contractCount,
      bigContracts: Math.min(200, Math.floor(contractCount / 5)),
      startDate: START,
      endDate: END,
    });
    const seedSeconds = (performance.now() - t) / 1000;
    const periods = periodsUpTo(
      { startDate: START, endDate: END, assessmentFrequency: 'ANNUAL' },
      END,
      config.assessmentDueDays,
    ).slice(0, PERIODS);
    const questions = seeded.clauses.reduce((n, c) => n + c.questions.length, 0);

    // 1. Generation: generate() first, then its second run, then the floor (the next period's rows, so that
    // generate() meets exactly the state of a first run).
    const generator = app.get(AssessmentGeneratorService);
    const origin = { requestId: 'bench:assessment-generation', ip: null };
    let end = meter.phase();
    let machine = machinePhase();
    t = performance.now();
    const first = await generator.generate(START, origin);
    const firstSeconds = (performance.now() - t) / 1000;
    const firstServer = end();
    const firstMachine = machine();
    if (first.assessmentsCreated !== contractCount || first.itemsCreated !== contractCount * questions) {
      throw new Error(
        `generate() created ${JSON.stringify(first)}, expected ${contractCount} × ${questions}`,
      );
    }
    t = performance.now();
    const second = await generator.generate(START, origin);
    const secondSeconds = (performance.now() - t) / 1000;
    if (second.assessmentsCreated !== 0) throw new Error(`second run created ${second.assessmentsCreated}`);
    end = meter.phase();
    machine = machinePhase();
    t = performance.now();
    const floor = await insertFloor(ds, seeded, periods[1]);
    const floorSeconds = (performance.now() - t) / 1000;
    const floorServer = end();
    const floorMachine = machine();
    if (floor.assessments !== first.assessmentsCreated || floor.items !== first.itemsCreated) {
      throw new Error(`the floor wrote ${JSON.stringify(floor)}, generate() ${JSON.stringify(first)}`);
    }

    // 2. The list: the other periods' assessments, bulk-inserted (no items), older periods reviewed.
    t = performance.now();
    await insertHistory(ds, seeded, periods.slice(2));
    await ds.query<unknown>(
      "UPDATE assessment SET status = 'REVIEWED', score = 85, submitted_at = ?, reviewed_at = ? WHERE period_start < ?",
      [
        sqlTime(new Date('2019-04-20T01:00:00Z')),
        sqlTime(new Date('2019-05-10T01:00:00Z')),
        periods[2].start,
      ],
    );
    const historySeconds = (performance.now() - t) / 1000;
    const total = await count(ds, 'SELECT COUNT(*) AS n FROM assessment', []);
    const bigTotal = await count(ds, 'SELECT COUNT(*) AS n FROM assessment WHERE contractor_id = ?', [
      seeded.bigContractorId,
    ]);

    const adminLogin = await login(http, admin.email, admin.password);
    const contractorLogin = await login(http, seeded.contractorEmail, seeded.contractorPassword);
    const actorOf = (user: LoginUser): Actor => ({
      userId: user.id,
      role: user.role,
      contractorId: user.contractorId,
      sessionId: 'bench',
      requestId: 'bench',
      ip: '127.0.0.1',
    });

    // Deep cursors by following nextCursor over HTTP, one request at a time (also checks no row repeats).
    const adminDeep = Math.min(ADMIN_DEEP_PAGE, Math.floor(total / LIMIT));
    const adminWalk = await walk(http, adminLogin.token, adminDeep - 1);
    const bigDeep = Math.ceil(bigTotal / LIMIT);
    const contractorWalk = await walk(http, contractorLogin.token, bigDeep - 1);

    const adminCursor = decodeCursor(adminWalk.cursor);
    const contractorCursor = decodeCursor(contractorWalk.cursor);
    const offsetOf = (page: number): number => (page - 1) * LIMIT;
    const adminScenario = (
      name: string,
      page: number,
      cursor: string | null,
      after: (string | number)[] | null,
    ): Scenario => {
      const where = after ? 'WHERE (a.created_at < ? OR (a.created_at = ? AND a.id < ?))' : '';
      const at = after ? sqlTime(new Date(String(after[0]))) : null;
      return {
        name,
        page,
        cursor,
        token: adminLogin.token,
        actor: actorOf(adminLogin.user),
        keysetSql: {
          sql: `SELECT a.* FROM assessment a ${where} ORDER BY a.created_at DESC, a.id DESC LIMIT ${LIMIT + 1}`,
          params: after ? [at, at, String(after[1])] : [],
        },
        offsetSql: {
          sql: `SELECT a.* FROM assessment a ORDER BY a.created_at DESC, a.id DESC LIMIT ${LIMIT} OFFSET ${offsetOf(page)}`,
          params: [],
        },
        countSql: { sql: 'SELECT COUNT(*) AS n FROM assessment a', params: [] },
      };
    };

    const contractorScenario = (
      name: string,
      page: number,
      cursor: string | null,
      after: (string | number)[] | null,
    ): Scenario => {
      const scope = seeded.bigContractorId;
      const keyset = after
        ? `AND (${PRIORITY} > ? OR (${PRIORITY} = ? AND (a.due_date > ? OR (a.due_date = ? AND a.id > ?))))`
        : '';
      return {
        name,
        page,
        cursor,
        token: contractorLogin.token,
        actor: actorOf(contractorLogin.user),
        keysetSql: {
          sql:
            `SELECT a.*, ${PRIORITY} AS priority FROM assessment a WHERE a.contractor_id = ? ${keyset} ` +
            `ORDER BY ${PRIORITY} ASC, a.due_date ASC, a.id ASC LIMIT ${LIMIT + 1}`,
          params: after ? [scope, after[0], after[0], after[1], after[1], after[2]] : [scope],
        },
        offsetSql: {
          sql:
            `SELECT a.*, ${PRIORITY} AS priority FROM assessment a WHERE a.contractor_id = ? ` +
            `ORDER BY ${PRIORITY} ASC, a.due_date ASC, a.id ASC LIMIT ${LIMIT} OFFSET ${offsetOf(page)}`,
          params: [scope],
        },
        countSql: {
          sql: 'SELECT COUNT(*) AS n FROM assessment a WHERE a.contractor_id = ?',
          params: [scope],
        },
      };
    };

    const scenarios: Scenario[] = [
      adminScenario('ADMIN, newest first, page 1', 1, null, null),
      adminScenario(`ADMIN, newest first, page ${fmt(adminDeep)}`, adminDeep, adminWalk.cursor, adminCursor),
      contractorScenario(`CONTRACTOR (${fmt(bigTotal)}), priority, page 1`, 1, null, null),
      contractorScenario(
        `CONTRACTOR (${fmt(bigTotal)}), priority, page ${bigDeep}`,
        bigDeep,
        contractorWalk.cursor,
        contractorCursor,
      ),
    ];

    // The deep keyset pages must be exactly the OFFSET pages at the same depth.
    const mismatches: string[] = [];
    for (const s of scenarios) {
      const viaHttp = await getPage(http, s.token, s.cursor);
      const viaOffset = await ds.query<{ id: string }[]>(s.offsetSql.sql, s.offsetSql.params);
      const same =
        viaHttp.items.length === LIMIT && viaHttp.items.every((item, i) => item.id === viaOffset[i]?.id);
      if (!same) mismatches.push(s.name);
    }

    // One request's worth at a time on the DataSource: the service, the keyset SQL it runs, OFFSET, COUNT.
    const assessments = app.get(AssessmentsService);
    const direct: string[][] = [];
    for (const s of scenarios) {
      const list = await median15(() =>
        assessments.list(s.actor, { limit: LIMIT, cursor: s.cursor ?? undefined }),
      );
      const keyset = await median15(() => ds.query<unknown[]>(s.keysetSql.sql, s.keysetSql.params));
      const offset = await median15(() => ds.query<unknown[]>(s.offsetSql.sql, s.offsetSql.params));
      const withCount = await median15(async () => {
        await ds.query<unknown[]>(s.countSql.sql, s.countSql.params);
        return ds.query<unknown[]>(s.offsetSql.sql, s.offsetSql.params);
      });
      direct.push([
        s.name,
        fmt(offsetOf(s.page)),
        list.toFixed(2),
        keyset.toFixed(2),
        offset.toFixed(2),
        withCount.toFixed(2),
        `${(offset / keyset).toFixed(1)}×`,
      ]);
    }

    // Under load: warm-up, then the floor of the stack, the authenticated floor, the four list pages.
    const url = (path: string): string => `${http.base}${path}`;
    const listUrl = (s: Scenario): string =>
      url(`/api/assessments?limit=${LIMIT}${s.cursor ? `&cursor=${s.cursor}` : ''}`);
    const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
    await Promise.all(
      scenarios.map((s) =>
        runLoad({ url: listUrl(s), connections: 10, durationSeconds: 1, headers: bearer(s.token) }),
      ),
    );
    const loads: LoadRow[] = [];
    const measure = async (name: string, target: string, headers?: Record<string, string>): Promise<void> => {
      const done = meter.phase();
      const onMachine = machinePhase();
      const load = await runLoad({
        url: target,
        connections: CONNECTIONS,
        durationSeconds: seconds,
        headers,
      });
      loads.push({ name, load, server: done(), machine: onMachine() });
    };
    await measure('GET /health (baseline)', url('/health'));
    await measure('GET /api/auth/me, ADMIN (auth floor)', url('/api/auth/me'), bearer(adminLogin.token));
    for (const s of scenarios) await measure(s.name, listUrl(s), bearer(s.token));
    meter.stop();

    const dbLabel = database.label;
    console.log(
      `\nAssessments on ${dbLabel}: ${fmt(contractCount)} ACTIVE ANNUAL contracts × ${seeded.clauses.length} ` +
        `clauses (${questions} questions); ${availableParallelism()} cores, Node ${process.version}`,
    );
    console.log(
      `seeded ${fmt(seeded.rows.contractors)} contractors, ${fmt(seeded.rows.users)} users, ` +
        `${fmt(seeded.rows.contracts)} contracts, ${fmt(seeded.rows.clauses)} contract_clause rows in ` +
        `${seedSeconds.toFixed(1)} s (multi-row INSERTs, 250 rows each)\n`,
    );
    printTable(
      [
        `generation, asOf ${START} (one period each)`,
        's',
        'assessments/s',
        'items/s',
        'CPU',
        'others CPU',
        'peak RSS MB',
      ],
      [
        [
          'plain multi-row INSERTs of as many rows (floor)',
          floorSeconds.toFixed(1),
          fmt(floor.assessments / floorSeconds),
          fmt(floor.items / floorSeconds),
          floorServer.cpuCores.toFixed(2),
          others(floorMachine, floorServer.cpuCores),
          floorServer.peakRssMb.toFixed(0),
        ],
        [
          `generate(): ${fmt(first.assessmentsCreated)} assessments, ${fmt(first.itemsCreated)} items`,
          firstSeconds.toFixed(1),
          fmt(first.assessmentsCreated / firstSeconds),
          fmt(first.itemsCreated / firstSeconds),
          firstServer.cpuCores.toFixed(2),
          others(firstMachine, firstServer.cpuCores),
          firstServer.peakRssMb.toFixed(0),
        ],
        ['generate() again (idempotent, 0 created)', secondSeconds.toFixed(2), '', '', '', '', ''],
      ],
    );
    console.log(
      `generate() takes ${(firstSeconds / floorSeconds).toFixed(2)}× the floor; the second run checks ` +
        `${fmt(second.contractsChecked)} contracts in ${secondSeconds.toFixed(2)} s\n`,
    );
    console.log(
      `List: ${fmt(total)} assessments (${fmt(total - 2 * contractCount)} more bulk-inserted in ` +
        `${historySeconds.toFixed(1)} s), limit=${LIMIT}, ${CONNECTIONS} connections, ${seconds} s per run, ` +
        `autocannon in a child process`,
    );
    printTable(
      [
        'load',
        'req/s',
        'p50/p99/max ms',
        'non-2xx',
        'loop p99 ms',
        'srv CPU',
        'CPU ms/req',
        'cli CPU',
        'others CPU',
      ],
      loads.map((r) => [
        r.name,
        fmt(r.load.requestsPerSecond),
        [r.load.latencyP50Ms, r.load.latencyP99Ms, r.load.latencyMaxMs].map((ms) => ms.toFixed(0)).join('/'),
        non2xx(r.load),
        r.server.loopDelayP99Ms.toFixed(0),
        r.server.cpuCores.toFixed(2),
        ((1000 * r.server.cpuCores) / r.load.requestsPerSecond).toFixed(2),
        r.load.clientCpuCores.toFixed(2),
        others(r.machine, r.server.cpuCores + r.load.clientCpuCores),
      ]),
    );
    console.log(
      `walked over HTTP one page at a time: ADMIN ${adminWalk.pages} pages in ${adminWalk.seconds.toFixed(1)} s ` +
        `(${((1000 * adminWalk.seconds) / adminWalk.pages).toFixed(1)} ms/page, ${fmt(adminWalk.distinct)} distinct ` +
        `of ${fmt(adminWalk.rows)} rows), CONTRACTOR ${contractorWalk.pages} pages ` +
        `(${((1000 * contractorWalk.seconds) / contractorWalk.pages).toFixed(1)} ms/page, ` +
        `${fmt(contractorWalk.distinct)} distinct of ${fmt(contractorWalk.rows)}); keyset page = OFFSET page at ` +
        `the same depth: ${mismatches.length === 0 ? 'yes, all 4' : `NO for ${mismatches.join('; ')}`}\n`,
    );
    printTable(
      [
        'one at a time on the DataSource, median of 15 (ms)',
        'depth',
        'list()',
        'keyset SQL',
        'OFFSET',
        'OFFSET+COUNT',
        'OFFSET/keyset',
      ],
      direct,
    );
    console.log(
      `list() = the service the route calls (keyset page + 3 view queries); ${mysql ? 'pool' : 'one connection'}; ` +
        `peak RSS ${meter.peakRssMb.toFixed(0)} MB; whole bench ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
  } finally {
    meter.stop();
    await app?.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The floor: as many assessment and item rows as generate() wrote (the next period of every contract, the same
 * columns and texts), in plain multi-row INSERTs of BATCH rows, one transaction per BATCH contracts like it.
 */
async function insertFloor(
  ds: DataSource,
  seeded: Seeded,
  period: Period,
): Promise<{ assessments: number; items: number }> {
  let assessments = 0;
  let items = 0;
  const now = sqlTime(new Date());
  for (let i = 0; i < seeded.contracts.length; i += BATCH) {
    const assessmentRows: SqlValue[][] = [];
    const itemRows: SqlValue[][] = [];
    for (const contract of seeded.contracts.slice(i, i + BATCH)) {
      const id = randomUUID();
      assessmentRows.push(assessmentRow(id, contract, period, 'OPEN', now, 0));
      itemRows.push(...itemRowsOf(id, seeded.clauses));
    }
    await ds.transaction(async (m) => {
      await insertChunked(m, 'assessment', ASSESSMENT_COLUMNS, assessmentRows, BATCH);
      await insertChunked(m, 'assessment_item', ITEM_COLUMNS, itemRows, BATCH);
    });
    assessments += assessmentRows.length;
    items += itemRows.length;
  }
  return { assessments, items };
}

function itemRowsOf(assessmentId: string, clauses: FrozenClause[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  let position = 0;
  for (const clause of clauses) {
    for (const q of clause.questions) {
      position += 1;
      rows.push([
        randomUUID(),
        assessmentId,
        position,
        clause.code,
        clause.articleNo,
        clause.title,
        q.code,
        q.text,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
    }
  }
  return rows;
}

function assessmentRow(
  id: string,
  contract: { id: string; contractorId: string },
  period: Period,
  status: 'OPEN' | 'SUBMITTED' | 'RETURNED' | 'REVIEWED',
  createdAt: string,
  n: number,
): SqlValue[] {
  const submitted = status === 'OPEN' ? null : sqlTime(new Date(`${period.due}T10:00:00+09:00`));
  const reviewed = status === 'REVIEWED' ? sqlTime(new Date(`${period.due}T15:00:00+09:00`)) : null;
  return [
    id,
    contract.id,
    contract.contractorId,
    period.start,
    period.end,
    period.due,
    status,
    status === 'RETURNED' ? null : submitted,
    null,
    status === 'RETURNED' ? submitted : reviewed,
    null,
    status === 'RETURNED' ? '証跡（研修記録）を添付してください。' : null,
    status === 'REVIEWED' ? 70 + (n % 31) : null,
    status === 'OPEN' ? 1 : 3,
    createdAt,
    createdAt,
  ];
}

/**
 * Every other period of every contract, without items (the list needs none): created at 01:30 JST on the period's
 * first day like the daily job; the latest period mostly OPEN (some RETURNED or SUBMITTED), the older reviewed.
 */
async function insertHistory(ds: DataSource, seeded: Seeded, periods: Period[]): Promise<void> {
  const latest = periods[periods.length - 1];
  for (const period of periods) {
    const created = new Date(`${period.start}T01:30:00+09:00`).getTime();
    const rows = seeded.contracts.map((contract, i): SqlValue[] => {
      const status =
        period !== latest
          ? period === periods[periods.length - 2] && i % 20 === 0
            ? 'SUBMITTED'
            : 'REVIEWED'
          : i % 10 === 0
            ? 'RETURNED'
            : i % 10 < 3
              ? 'SUBMITTED'
              : 'OPEN';
      return assessmentRow(randomUUID(), contract, period, status, sqlTime(new Date(created + i)), i);
    });
    for (let i = 0; i < rows.length; i += 5_000) {
      const part = rows.slice(i, i + 5_000);
      await ds.transaction((m) => insertChunked(m, 'assessment', ASSESSMENT_COLUMNS, part, BATCH));
    }
  }
}

interface LoginUser {
  id: string;
  role: Actor['role'];
  contractorId: string | null;
}

async function login(
  http: Http,
  email: string,
  password: string,
): Promise<{ token: string; user: LoginUser }> {
  const res = await fetch(`${http.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: LoginUser };
}

async function getPage(http: Http, token: string, cursor: string | null): Promise<ListPage> {
  const query = `limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`;
  const res = await fetch(`${http.base}/api/assessments?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`GET /api/assessments?${query}: ${res.status} ${await res.text()}`);
  return (await res.json()) as ListPage;
}

/** Follows nextCursor for `pages` pages; the cursor of the page after them. */
async function walk(
  http: Http,
  token: string,
  pages: number,
): Promise<{ cursor: string; pages: number; seconds: number; rows: number; distinct: number }> {
  const ids = new Set<string>();
  let rows = 0;
  let cursor: string | null = null;
  const start = performance.now();
  for (let p = 0; p < pages; p++) {
    const page: ListPage = await getPage(http, token, cursor);
    for (const item of page.items) ids.add(item.id);
    rows += page.items.length;
    cursor = page.nextCursor;
    if (!cursor) throw new Error(`the list ended after ${p + 1} pages, ${pages} wanted`);
  }
  if (!cursor) throw new Error('no page to walk');
  return { cursor, pages, seconds: (performance.now() - start) / 1000, rows, distinct: ids.size };
}

function decodeCursor(cursor: string): (string | number)[] {
  return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as (string | number)[];
}

async function count(ds: DataSource, sql: string, params: SqlValue[]): Promise<number> {
  const [row] = await ds.query<{ n: number | string }[]>(sql, params);
  return Number(row?.n ?? 0);
}

/** CPU other processes used during a phase (cores): the machine's busy cores minus ours. */
function others(machine: number, ours: number): string {
  return Number.isNaN(machine) ? 'n/a' : Math.max(0, machine - ours).toFixed(2);
}

/** The bench's single-query figures: median of 15 after 3 warm-ups. */
function median15(work: () => Promise<unknown>): Promise<number> {
  return medianMs(work, 15, 3);
}

if (require.main === module) {
  runAssessmentBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
