// Child-process side of load.ts: runs one autocannon instance and reports a summary over IPC.
import autocannon from 'autocannon';
import type { ChildMessage, LoadRequest, LoadSummary, ParentMessage } from './load';

let instance: autocannon.Instance | undefined;

process.on('message', (raw: unknown) => {
  const message = raw as ParentMessage;
  if (message.type === 'run' && !instance) instance = start(message.request);
  else if (message.type === 'stop') instance?.stop();
});

/** The last message (done or failed) closes the channel, which lets this process exit. */
function send(message: ChildMessage, last = false): void {
  process.send?.(message, undefined, undefined, () => {
    if (last) process.disconnect();
  });
}

function start(request: LoadRequest): autocannon.Instance {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const cannon = autocannon(
    {
      url: request.url,
      connections: request.connections,
      duration: request.durationSeconds,
      headers: request.headers,
      timeout: 30,
    },
    (error: Error | null, result: autocannon.Result) => {
      if (error) {
        send({ type: 'failed', message: error.message }, true);
        return;
      }
      const cpu = process.cpuUsage(cpuStart);
      const wallUs = Number(process.hrtime.bigint() - wallStart) / 1000;
      const statusCounts: Record<string, number> = {};
      for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
        statusCounts[code] = stat.count ?? 0;
      }
      const summary: LoadSummary = {
        requestsPerSecond: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        latencyMaxMs: result.latency.max,
        bytesPerSecond: result.throughput.average,
        statusCounts,
        errors: result.errors,
        timeouts: result.timeouts,
        durationSeconds: result.duration,
        clientCpuCores: (cpu.user + cpu.system) / wallUs,
      };
      send({ type: 'done', summary }, true);
    },
  );
  cannon.on('start', () => send({ type: 'started' }));
  return cannon;
}
