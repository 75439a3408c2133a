import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import type { BareChild, BareDatabase, BareParent, Statement } from './bare-server';
import type { LatencyChild, LatencyRequest } from './latency-client';

/** The compiled helper next to this file (run from dist/, like bench/support/load.ts). */
function forkHelper(name: string): ChildProcess {
  return fork(join(__dirname, `${name}${extname(__filename)}`), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export interface BareServer {
  base: string;
  pid: number;
  stop(): void;
}

/** `replay`: per name, the statements /replay/:name sends (see bare-server.ts). */
export function startBareServer(
  db: BareDatabase,
  replay: Record<string, Statement[]> = {},
  answers: Record<string, string> = {},
): Promise<BareServer> {
  const child = forkHelper('bare-server');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    child.on('message', (raw) => {
      const message = raw as BareChild;
      if (message.type === 'failed') reject(new Error(`bare server: ${message.message}`));
      else
        resolve({
          base: `http://127.0.0.1:${message.port}`,
          pid: child.pid ?? 0,
          stop: () => {
            child.removeAllListeners('exit');
            if (child.connected) child.disconnect();
          },
        });
    });
    child.send({ type: 'start', db, replay, answers } satisfies BareParent);
  });
}

export interface AppServer {
  base: string;
  pid: number;
  /** VmHWM of the process: its peak resident memory so far (Linux). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * The app as it runs in production, `node dist/src/main.js` in its own process, on a free port of 127.0.0.1:
 * measured beside the bare server, which also has a process to itself (the bench process holds the seed's data,
 * and its heap would be the app's garbage collector's work).
 */
export async function startAppServer(env: Record<string, string>, cwd: string): Promise<AppServer> {
  const port = await freePort();
  const child = fork(join(cwd, 'dist', 'src', 'main.js'), [], {
    cwd,
    // The node options npm start gives the app (package.json "config.nodeOptions"), then NATIONAL_BENCH_APP_ARGS:
    // node options for the app alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or another heap limit.
    execArgv: [
      ...productionNodeOptions(cwd),
      ...(process.env.NATIONAL_BENCH_APP_ARGS?.split(' ') ?? []),
    ].filter(Boolean),
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('is listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening: ${out}`)));
  });
  child.removeAllListeners('exit');
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    peakRssMb: () => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return kb ? Number(kb[1]) / 1024 : NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LatencyResult {
  latenciesMs: number[];
  non2xx: number;
  seconds: number;
}

export function measureLatencies(request: LatencyRequest): Promise<LatencyResult> {
  const child = forkHelper('latency-client');
  return new Promise((resolve, reject) => {
    let result: LatencyChild | undefined;
    child.on('message', (raw) => (result = raw as LatencyChild));
    child.once('error', reject);
    child.once('close', (code) => {
      if (result?.type === 'done') resolve(result);
      else
        reject(new Error(`latency client: ${result?.type === 'failed' ? result.message : `exit ${code}`}`));
    });
    child.send(request);
  });
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** The node options `npm start` runs the app with (package.json "config.nodeOptions"). */
export function productionNodeOptions(cwd: string): string[] {
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    config?: { nodeOptions?: string };
  };
  return (pkg.config?.nodeOptions ?? '').split(' ').filter(Boolean);
}
