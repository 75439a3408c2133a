import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

interface Ticks {
  busy: number;
  total: number;
}

function read(): Ticks | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user, nice, system, idle, iowait, irq, softirq] = fields;
    const busy = user + nice + system + irq + softirq;
    return { busy, total: busy + idle + iowait };
  } catch {
    return null;
  }
}

/**
 * Busy cores of the whole machine over a phase (Linux /proc/stat; NaN elsewhere). Minus the server's and the
 * load client's own CPU, it shows how much other processes took from the 2 cores while a figure was measured.
 */
export function machinePhase(): () => number {
  const start = read();
  return () => {
    const end = read();
    if (!start || !end || end.total === start.total) return NaN;
    return ((end.busy - start.busy) / (end.total - start.total)) * availableParallelism();
  };
}
