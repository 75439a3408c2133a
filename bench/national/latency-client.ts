// Child process: `connections` fetch loops against one URL, for `requests` in all or `seconds`; every latency.
import { performance } from 'node:perf_hooks';

export interface LatencyRequest {
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** Stop after this many requests in all … */
  requests?: number;
  /** … or after this long (each loop finishes its request in flight). */
  seconds?: number;
}

export type LatencyChild =
  | { type: 'done'; latenciesMs: number[]; non2xx: number; seconds: number }
  | { type: 'failed'; message: string };

async function run(request: LatencyRequest): Promise<LatencyChild> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  let issued = 0;
  const start = performance.now();
  const deadline = request.seconds === undefined ? Infinity : start + request.seconds * 1000;
  const more = (): boolean =>
    (request.requests === undefined || issued < request.requests) && performance.now() < deadline;
  const loop = async (): Promise<void> => {
    while (more()) {
      issued += 1;
      const t = performance.now();
      const res = await fetch(request.url, { headers: request.headers });
      await res.arrayBuffer();
      latenciesMs.push(performance.now() - t);
      if (res.status < 200 || res.status > 299) non2xx += 1;
    }
  };
  await Promise.all(Array.from({ length: request.connections }, loop));
  return { type: 'done', latenciesMs, non2xx, seconds: (performance.now() - start) / 1000 };
}

process.on('message', (raw: unknown) => {
  void run(raw as LatencyRequest)
    .catch((error: unknown): LatencyChild => ({ type: 'failed', message: String(error) }))
    .then((message) => process.send?.(message, undefined, undefined, () => process.disconnect()));
});
