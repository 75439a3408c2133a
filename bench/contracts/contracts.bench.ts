import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/env';
import { corporateNumberCheckDigit } from '../../src/modules/contractors/corporate-number';
import { DocumentRenderer } from '../../src/modules/documents/document-renderer.service';
import type { ContractResponse } from '../../src/modules/contracts/dto/contract.response';
import { runLoad, startLoad, type LoadSummary } from '../support/load';
import { ProcessMeter, type PhaseSample } from '../support/process-meter';
import { projectRoot } from '../support/report';

/**
 * Contract bench (issue 3, points 5 and 6): the real app on SQLite in a temp DATA_DIR, loaded over HTTP by
 * autocannon running in child processes, each figure beside its baseline from the same run:
 *  1. a cheap authenticated GET (/api/auth/me) idle, then while a draft 特記事項 is rendered live nonstop;
 *  2. downloads of an approved (stored, hash-checked) 特記事項 beside GET /health, the floor of the stack;
 *  3. the peak RSS of this process, sampled every 100 ms.
 * CONTRACT_BENCH_SECONDS sets the length of each measured run (default 6).
 */

const P99_TARGET = 2;
const PDF_CONNECTIONS = 4;

interface Row {
  name: string;
  connections: number;
  load: LoadSummary;
  server: PhaseSample;
  /** The only load in its phase: the server's CPU per request is then its own. */
  alone: boolean;
}

interface Http {
  base: string;
  token?: string;
}

export async function runContractBench(): Promise<void> {
  const seconds = Number(process.env.CONTRACT_BENCH_SECONDS ?? 6);
  const dataDir = await mkdtemp(join(tmpdir(), 'itaku-guard-contract-bench-'));
  const meter = new ProcessMeter();
  meter.start();
  let app: NestFastifyApplication | undefined;
  try {
    const admin = { email: 'bench-admin@example.lg.jp', password: randomBytes(12).toString('hex') };
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        PORT: '0',
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
      projectRoot(),
    );
    app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const http: Http = { base: `http://127.0.0.1:${port}` };
    const { token } = await call<{ token: string }>(http, 'POST', '/api/auth/login', 200, admin);
    http.token = token;
    const { approved, draft } = await seed(http);
    const rssAfterStart = meter.currentRssMb();
    const renderer = app.get(DocumentRenderer);

    const auth = { authorization: `Bearer ${token}` };
    const url = (path: string): string => `${http.base}${path}`;
    const draftPdf = url(`/api/contracts/${draft.id}/clauses.pdf`);
    const approvedPdf = url(`/api/contracts/${approved.id}/clauses.pdf`);
    const me = url('/api/auth/me');
    const health = url('/health');

    // Warm-up: JIT, the render thread (its first document starts it and parses the fonts), SQLite's cache.
    for (let i = 0; i < 3; i++) await call(http, 'GET', `/api/contracts/${draft.id}/clauses.pdf`, 200);
    await Promise.all([
      runLoad({ url: me, connections: 50, durationSeconds: 1, headers: auth }),
      runLoad({ url: approvedPdf, connections: 4, durationSeconds: 1, headers: auth }),
      runLoad({ url: health, connections: 4, durationSeconds: 1 }),
    ]);

    const rows: Row[] = [];
    const measure = async (
      name: string,
      connections: number,
      target: string,
      auth?: Record<string, string>,
      alone = true,
    ): Promise<Row> => {
      const end = meter.phase();
      const load = await runLoad({ url: target, connections, durationSeconds: seconds, headers: auth });
      const row = { name, connections, load, server: end(), alone };
      rows.push(row);
      return row;
    };

    // 1. The cheap GET alone, then the same while the draft PDF is requested nonstop (started first, so the
    // render queue is already full when the measured run begins, and stopped when it ends).
    const idle = await measure('GET /api/auth/me, idle (baseline)', 50, me, auth);
    const rssBeforePdfs = meter.currentRssMb();
    const pdfLoad = startLoad({
      url: draftPdf,
      connections: PDF_CONNECTIONS,
      durationSeconds: seconds + 30,
      headers: auth,
    });
    await pdfLoad.started;
    const endPdfPhase = meter.phase();
    await sleep(1000);
    const busy = await measure('GET /api/auth/me, while draft PDFs render', 50, me, auth, false);
    pdfLoad.stop();
    const pdf = await pdfLoad.done;
    const rssAfterPdfs = meter.currentRssMb();
    rows.push({
      name: '  draft clauses.pdf, rendered live (the load)',
      connections: PDF_CONNECTIONS,
      load: pdf,
      server: endPdfPhase(),
      alone: false,
    });

    // 2. Approved downloads beside the floor of the stack.
    await measure('GET /health (baseline)', 10, health);
    await measure('GET approved clauses.pdf (stored file)', 10, approvedPdf, auth);

    meter.stop();
    const ratio = busy.load.latencyP99Ms / idle.load.latencyP99Ms;
    const rendered = pdf.statusCounts['200'] ?? 0;
    const busy503 = pdf.statusCounts['503'] ?? 0;
    console.log(
      `\nContracts over HTTP: Nest + Fastify + SQLite in-process, autocannon in child processes, ${seconds} s ` +
        `per run, ${availableParallelism()} cores, Node ${process.version}; render pool ${renderer.maxThreads} ` +
        `thread(s), bound ${renderer.capacity} documents (running + waiting)`,
    );
    printTable(rows);
    console.log(
      `p99 of /api/auth/me under PDF load / idle: ${busy.load.latencyP99Ms.toFixed(0)} / ` +
        `${idle.load.latencyP99Ms.toFixed(0)} ms = ${ratio.toFixed(2)}× (target ≤ ${P99_TARGET}×) ` +
        `${ratio <= P99_TARGET ? 'PASS' : 'MISS'}; req/s ${pct(busy.load.requestsPerSecond, idle.load.requestsPerSecond)} of idle`,
    );
    console.log(
      `draft PDFs rendered during the run: ${rendered} in ${pdf.durationSeconds.toFixed(1)} s ` +
        `(${(rendered / pdf.durationSeconds).toFixed(1)}/s), answered 503 (renderer busy): ${busy503}, ` +
        `other: ${others(pdf, ['200', '503'])}; RSS ${rssBeforePdfs.toFixed(0)} → ${rssAfterPdfs.toFixed(0)} MB ` +
        `(+${((1024 * (rssAfterPdfs - rssBeforePdfs)) / Math.max(1, rendered)).toFixed(0)} KB per PDF rendered)`,
    );
    const floor = rows[rows.length - 2].load;
    const stored = rows[rows.length - 1].load;
    console.log(
      `approved PDF downloads: ${stored.requestsPerSecond.toFixed(0)}/s = ${pct(stored.requestsPerSecond, floor.requestsPerSecond)} ` +
        `of GET /health; ${(stored.bytesPerSecond / 1024 / 1024).toFixed(1)} MB/s; the load client used ` +
        `${stored.clientCpuCores.toFixed(2)} cores${stored.clientCpuCores >= 0.9 ? ' (client-bound: compare CPU ms/req)' : ''}`,
    );
    console.log(
      `RSS: ${rssAfterStart.toFixed(0)} MB after start-up and seeding (baseline), peak ${meter.peakRssMb.toFixed(0)} MB ` +
        `during the runs (sampled every 100 ms; this process only, the load clients excluded)\n`,
    );
  } finally {
    meter.stop();
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A contractor, one approved contract and one left as DRAFT; checks that both PDFs come back whole. */
async function seed(http: Http): Promise<{ approved: ContractResponse; draft: ContractResponse }> {
  const contractor = await call<{ id: string }>(http, 'POST', '/api/contractors', 201, {
    corporateNumber: corporateNumber('700001205000'),
    name: '株式会社置賜情報サービス',
    nameKana: 'カブシキガイシャオキタマジョウホウサービス',
    address: '山形県長井市本町一丁目1番1号',
    representativeName: '代表取締役 髙橋 一郎',
    securityOfficer: { name: '山﨑 花子', email: 'security@okitama-is.example.jp', phone: '0238-00-0000' },
  });
  const contract = (n: number): Promise<ContractResponse> =>
    call<ContractResponse>(http, 'POST', '/api/contracts', 201, {
      contractNumber: `R8-情政-${String(n).padStart(4, '0')}`,
      title: '住民情報システム運用保守業務委託',
      contractorId: contractor.id,
      department: '総務課情報政策係',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentialityClass: 3,
      handlesPersonalInfo: true,
      usesCloud: true,
      workLocation: '乙の本社（山形県長井市）',
    });
  const first = await contract(1);
  // Approval needs the selection record (選定): every criterion that applies met, with a reason.
  const selection = await call<{ criteria: { code: string }[] }>(
    http,
    'GET',
    `/api/contracts/${first.id}/selection`,
    200,
  );
  await call(http, 'PUT', `/api/contracts/${first.id}/selection`, 200, {
    method: 'OPEN_TENDER',
    criteria: selection.criteria.map((c) => ({ code: c.code, met: true, note: '確認した。' })),
    reason: '確認項目をすべて満たすため。',
  });
  const approved = await call<ContractResponse>(http, 'POST', `/api/contracts/${first.id}/approve`, 200, {
    version: first.version,
  });
  const draft = await contract(2);
  const stored = await pdfBytes(http, approved.id);
  if (stored.sha256 !== approved.documentSha256) throw new Error('the approved PDF does not match its hash');
  const live = await pdfBytes(http, draft.id);
  if (live.bytes.length < 10_000) throw new Error(`the draft PDF is only ${live.bytes.length} bytes`);
  return { approved, draft };
}

async function pdfBytes(http: Http, id: string): Promise<{ bytes: Buffer; sha256: string }> {
  const res = await fetch(`${http.base}/api/contracts/${id}/clauses.pdf`, { headers: headers(http) });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || !bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    throw new Error(`GET clauses.pdf of ${id}: ${res.status}`);
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function call<T = unknown>(
  http: Http,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  expected: number,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${http.base}${path}`, {
    method,
    headers: { ...headers(http), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (
    res.headers.get('content-type')?.startsWith('application/json') ? await res.json() : undefined
  ) as T;
}

function headers(http: Http): Record<string, string> {
  return http.token ? { authorization: `Bearer ${http.token}` } : {};
}

/** 法人番号: the check digit (National Tax Agency rule) in front of the 12 base digits. */
function corporateNumber(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pct(value: number, baseline: number): string {
  return `${((100 * value) / baseline).toFixed(0)} %`;
}

function others(load: LoadSummary, known: string[]): string {
  const rest = Object.entries(load.statusCounts).filter(([code]) => !known.includes(code));
  const text = rest.map(([code, n]) => `${code}×${n}`).join(' ');
  return (
    [text, load.errors ? `errors×${load.errors}` : '', load.timeouts ? `timeouts×${load.timeouts}` : '']
      .filter(Boolean)
      .join(' ') || 'none'
  );
}

function printTable(rows: Row[]): void {
  const header = [
    'load',
    'conn',
    'req/s',
    'p50/p99/max ms',
    'MB/s',
    'non-2xx',
    'loop p99/max ms',
    'loop busy',
    'srv CPU',
    'CPU ms/req',
    'cli CPU',
    'RSS MB',
  ];
  const cells = rows.map((r) => {
    const non2xx = Object.entries(r.load.statusCounts)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    return [
      r.name,
      String(r.connections),
      r.load.requestsPerSecond.toFixed(0),
      [r.load.latencyP50Ms, r.load.latencyP99Ms, r.load.latencyMaxMs].map((ms) => ms.toFixed(0)).join('/'),
      (r.load.bytesPerSecond / 1024 / 1024).toFixed(1),
      non2xx || '0',
      `${r.server.loopDelayP99Ms.toFixed(0)}/${r.server.loopDelayMaxMs.toFixed(0)}`,
      `${(100 * r.server.loopUtilization).toFixed(0)} %`,
      r.server.cpuCores.toFixed(2),
      r.alone ? ((1000 * r.server.cpuCores) / r.load.requestsPerSecond).toFixed(2) : '',
      r.load.clientCpuCores.toFixed(2),
      r.server.peakRssMb.toFixed(0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

if (require.main === module) {
  runContractBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
