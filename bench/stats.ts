/** Latency samples (milliseconds) and the summaries the report shows. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export class Samples {
  private values = new Float64Array(1024);
  private size = 0;

  add(ms: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = ms;
  }

  get count(): number {
    return this.size;
  }

  summary(): LatencySummary {
    const sorted = this.values.slice(0, this.size).sort();
    const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      count: sorted.length,
      mean: round(sorted.length ? sum / sorted.length : 0),
      p50: round(at(0.5)),
      p90: round(at(0.9)),
      p99: round(at(0.99)),
      max: round(sorted.length ? sorted[sorted.length - 1] : 0),
    };
  }
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/** Per-second rate of `count` things done in `ms` milliseconds. */
export const perSecond = (count: number, ms: number) => round(ms > 0 ? (count * 1000) / ms : 0, 1);

/** Times a synchronous or asynchronous function `iterations` times (after `warmup` untimed runs). */
export async function timeRepeatedly(iterations: number, fn: () => unknown, warmup = 1): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = new Samples();
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.add(since(start));
  }
  return samples.summary();
}

/** Peak resident set size of this process, in bytes (getrusage's ru_maxrss). */
export const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;
