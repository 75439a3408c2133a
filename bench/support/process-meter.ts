import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';

const MB = 1024 * 1024;

/** What the server process did during one phase: tells a blocked event loop from CPU contention. */
export interface PhaseSample {
  /** Main-thread event-loop delay: high when something runs synchronously on the loop. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Share of the phase the main thread was busy (0–1). */
  loopUtilization: number;
  /** CPU of the whole process (main thread, render threads, libuv pool), in cores. */
  cpuCores: number;
  peakRssMb: number;
}

/**
 * Samples the RSS of this process every 100 ms (`process.memoryUsage.rss()`, the cheap form of
 * `process.memoryUsage().rss`): the peak over the whole bench and per phase.
 */
export class ProcessMeter {
  private timer: NodeJS.Timeout | undefined;
  private overallPeak = 0;
  private phasePeak = 0;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  get peakRssMb(): number {
    return this.overallPeak / MB;
  }

  currentRssMb(): number {
    return process.memoryUsage.rss() / MB;
  }

  /** Starts a phase; the returned function ends it and gives its figures. */
  phase(): () => PhaseSample {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const elu: EventLoopUtilization = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const wall = performance.now();
    this.phasePeak = process.memoryUsage.rss();
    return () => {
      delay.disable();
      this.sample();
      const used = process.cpuUsage(cpu);
      return {
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
        loopUtilization: performance.eventLoopUtilization(elu).utilization,
        cpuCores: (used.user + used.system) / 1000 / (performance.now() - wall),
        peakRssMb: this.phasePeak / MB,
      };
    };
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.overallPeak) this.overallPeak = rss;
    if (rss > this.phasePeak) this.phasePeak = rss;
  }
}
