import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { ContentStore } from '../../src/common/storage/content-store';
import { databaseStore, folderStore } from '../../src/common/storage/content-stores';
import { buildDataSourceOptions } from '../../src/config/data-source';
import { type AppConfig, parseDatabaseUrl } from '../../src/config/env';
import { openDatabase } from '../../src/database/database.module';
import { TransactionService } from '../../src/database/transaction.service';
import { AuditWriter } from '../../src/modules/audit/audit.writer';
import { fmt, printTable } from '../support/report';

const MB = 1024 * 1024;
const SIZE = 20 * MB;
const RUNS = 3;

/** 20 MiB arriving in 64 KiB pieces (as a request body or a file stream does), never held whole. */
function upload(): Readable {
  function* pieces(): Generator<Buffer> {
    for (let sent = 0; sent < SIZE; sent += 64 * 1024) yield randomBytes(64 * 1024);
  }
  return Readable.from(pieces(), { objectMode: false });
}

/** Peak RSS above the RSS at the start of `work`, sampled every 2 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ ms: number; rssMb: number; result: T }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  const started = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms, rssMb: (peak - base) / MB, result };
  } finally {
    clearInterval(timer);
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Issue 20: a 20 MiB file stored and served back by each backend — the data folder (today's behaviour, the
 * baseline) and the database (SQLite, and MariaDB/MySQL when BENCH_DATABASE_URL is set) — with the RSS the
 * operation added at its peak. The download is the evidence route's path: checked whole, then streamed with
 * every piece re-checked; "whole" reads it into one Buffer, as a PDF is read, for contrast.
 */
export async function runStorageBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itaku-guard-bench-storage-'));
  const cleanups: (() => Promise<void>)[] = [
    () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  ];
  try {
    const backends: { name: string; store: ContentStore }[] = [
      { name: 'folder (baseline)', store: folderStore(dir, 'evidence') },
    ];
    const sqlite = await openDatabase(
      buildDataSourceOptions(parseDatabaseUrl(`sqlite:${join(dir, 'b.sqlite')}`, dir)),
    );
    cleanups.push(() => sqlite.destroy());
    backends.push({ name: 'database, SQLite', store: store(sqlite) });
    const url = process.env.BENCH_DATABASE_URL;
    if (url) {
      const { dataSource, drop } = await freshMysql(url);
      cleanups.push(drop, () => dataSource.destroy());
      backends.push({
        name: `database, ${new URL(url).protocol.replace(':', '')}`,
        store: store(dataSource),
      });
    }
    const rows: string[][] = [];
    for (const { name, store: s } of backends) {
      const puts: number[] = [];
      const streams: number[] = [];
      const wholes: number[] = [];
      const rss = { put: 0, stream: 0, whole: 0 };
      for (let run = 0; run < RUNS; run++) {
        const put = await measured(() => s.put(upload()));
        const hash = put.result;
        const streamed = await measured(async () => {
          const content = await s.open(hash);
          const digest = createHash('sha256');
          for await (const piece of content!.stream()) digest.update(piece as Buffer);
          return digest.digest('hex');
        });
        if (streamed.result !== hash) throw new Error(`${name}: the download does not match`);
        const whole = await measured(() => s.get(hash));
        if (whole.result?.length !== SIZE) throw new Error(`${name}: the whole read failed`);
        puts.push(put.ms);
        streams.push(streamed.ms);
        wholes.push(whole.ms);
        rss.put = Math.max(rss.put, put.rssMb);
        rss.stream = Math.max(rss.stream, streamed.rssMb);
        rss.whole = Math.max(rss.whole, whole.rssMb);
      }
      const rate = (ms: number) => `${fmt(ms)} ms (${fmt((SIZE / MB / ms) * 1000)} MB/s)`;
      rows.push([
        name,
        rate(median(puts)),
        `+${fmt(rss.put)}`,
        rate(median(streams)),
        `+${fmt(rss.stream)}`,
        rate(median(wholes)),
        `+${fmt(rss.whole)}`,
      ]);
    }
    console.log(`\nStored files (issue 20): a 20 MiB file, median of ${RUNS}, peak RSS added in MB`);
    printTable(['backend', 'upload', 'RSS', 'streamed download', 'RSS', 'whole read', 'RSS'], rows);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

function store(dataSource: DataSource): ContentStore {
  const tx = new TransactionService(dataSource, new AuditWriter({} as AppConfig));
  return databaseStore(dataSource, tx, 'evidence');
}

async function freshMysql(base: string): Promise<{ dataSource: DataSource; drop: () => Promise<void> }> {
  const url = new URL(base);
  const name = `itaku_guard_bench_storage_${randomBytes(4).toString('hex')}`;
  const admin = () =>
    createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
    });
  const conn = await admin();
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await conn.end();
  url.pathname = `/${name}`;
  const dataSource = await openDatabase(buildDataSourceOptions(parseDatabaseUrl(url.toString(), tmpdir())));
  return {
    dataSource,
    drop: async () => {
      const c = await admin();
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

if (require.main === module) {
  runStorageBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
