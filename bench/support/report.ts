import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoadSummary } from './load';

/** Printing and timing helpers shared by the benches. */

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((c) => c[i].length)));
  const line = (c: string[]): string =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of rows) console.log(line(c));
}

/** Non-2xx answers, errors and timeouts of a load run, e.g. "503×12 errors×3", or "0". */
export function non2xx(load: LoadSummary): string {
  const codes = Object.entries(load.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}×${n}`);
  if (load.errors) codes.push(`errors×${load.errors}`);
  if (load.timeouts) codes.push(`timeouts×${load.timeouts}`);
  return codes.join(' ') || '0';
}

/** The median time of `runs` calls of `work` (an odd number), after `warmUps` untimed ones. */
export async function medianMs(work: () => Promise<unknown>, runs: number, warmUps: number): Promise<number> {
  for (let i = 0; i < warmUps; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** The checkout root (where package.json and templates/ live), from bench/ or dist/bench/ alike. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
