import { fork } from 'node:child_process';
import { extname, join } from 'node:path';

/**
 * autocannon in a child process (`load-client`): an in-process load generator would share the event loop, the
 * heap and the RSS of the server it measures, and its own work would show up as server latency.
 */

export interface LoadRequest {
  url: string;
  connections: number;
  /** Bounded run; `LoadRun.stop()` may end it earlier. */
  durationSeconds: number;
  headers?: Record<string, string>;
}

export interface LoadSummary {
  /** Mean of autocannon's one-second samples, as its own report prints it. */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  bytesPerSecond: number;
  /** Completed responses by status code. */
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  durationSeconds: number;
  /** CPU the load generator itself used (cores): it competes with the server on a small machine. */
  clientCpuCores: number;
}

export type ParentMessage = { type: 'run'; request: LoadRequest } | { type: 'stop' };
export type ChildMessage =
  { type: 'started' } | { type: 'done'; summary: LoadSummary } | { type: 'failed'; message: string };

export interface LoadRun {
  /** Resolves once autocannon has opened its connections and is sending. */
  started: Promise<void>;
  done: Promise<LoadSummary>;
  stop(): void;
}

/**
 * Starts one autocannon instance. The client is the compiled `load-client.js` next to this file: run the
 * bench from `dist/` (npm run bench), Node 20 cannot fork a .ts file.
 */
export function startLoad(request: LoadRequest): LoadRun {
  const child = fork(join(__dirname, `load-client${extname(__filename)}`), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const done = new Promise<LoadSummary>((resolve, reject) => {
    let summary: LoadSummary | undefined;
    let failure: string | undefined;
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'started') onStarted();
      else if (message.type === 'done') summary = message.summary;
      else failure = message.message;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      onStarted(); // never leave a waiter hanging on a client that died before starting
      if (summary) resolve(summary);
      else reject(new Error(`load client for ${request.url} failed: ${failure ?? `exit code ${code}`}`));
    });
  });
  const send = (message: ParentMessage): void => {
    if (child.connected) child.send(message);
  };
  send({ type: 'run', request });
  return { started, done, stop: () => send({ type: 'stop' }) };
}

export function runLoad(request: LoadRequest): Promise<LoadSummary> {
  return startLoad(request).done;
}
