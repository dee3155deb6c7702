import { scrape } from "@rafaga/core";

/** Cumulative bucket counts (upper bound in seconds -> events at or below it). */
export type Buckets = Map<number, number>;

const NAME = "rafaga_consumer_end_to_end_seconds";

/** The consumers' ingest -> applied-in-Valkey histogram, summed over consumers and domains. */
export async function endToEndBuckets(metricsPorts: number[]): Promise<Buckets> {
  const sum: Buckets = new Map();
  for (const port of metricsPorts) {
    const metrics = await scrape(`http://127.0.0.1:${port}/metrics`).catch(() => new Map());
    for (const sample of metrics.get(NAME)?.metrics ?? []) {
      for (const [le, count] of Object.entries(sample.buckets ?? {})) {
        const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
        sum.set(bound, (sum.get(bound) ?? 0) + Number(count));
      }
    }
  }
  return sum;
}

/** What one phase added, so phases that share a pipeline do not mix their latencies. */
export const since = (after: Buckets, before: Buckets): Buckets =>
  new Map([...after].map(([le, n]) => [le, n - (before.get(le) ?? 0)]));

const total = (b: Buckets) => b.get(Number.POSITIVE_INFINITY) ?? 0;

/**
 * A quantile in ms, interpolated inside its bucket (as PromQL does). The buckets are
 * 1, 2.5, 5, 10, 25, 50 ms...: the figure is an estimate, but whether p99 is under a bucket
 * bound (25 ms) is exact, see `fractionWithin`.
 */
export function quantileMs(b: Buckets, q: number): number | undefined {
  const n = total(b);
  if (n === 0) return undefined;
  let lower = 0;
  let below = 0;
  for (const bound of [...b.keys()].sort((x, y) => x - y)) {
    const count = b.get(bound) ?? 0;
    if (count >= q * n) {
      if (!Number.isFinite(bound)) return lower * 1000;
      return (lower + ((bound - lower) * (q * n - below)) / Math.max(1, count - below)) * 1000;
    }
    lower = bound;
    below = count;
  }
  return lower * 1000;
}

/** The exact share of events applied within `seconds` (a bucket bound). */
export function fractionWithin(b: Buckets, seconds: number): number | undefined {
  const n = total(b);
  return n === 0 ? undefined : (b.get(seconds) ?? 0) / n;
}

export const eventsIn = total;
