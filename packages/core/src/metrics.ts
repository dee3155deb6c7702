import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { BatchCounter } from "./batch-counter.ts";
import { BatchHistogram } from "./batch-histogram.ts";

/**
 * Seconds, from 100 µs up: the pipeline's stages take microseconds to milliseconds,
 * and prom-client's default buckets (5 ms .. 10 s) would put all of them in one bucket.
 * Between 0.5 and 50 ms, where our p50 and p99 figures and their targets (2 ms, 25 ms)
 * lie, neighbouring bounds are at most 1.5 times apart: a quantile is interpolated inside
 * its bucket, and with 10 and 25 ms as neighbours a p99 of 15-19 ms read as 24-25 (one
 * scrape of a consumer, read with both sets of bounds).
 */
export const LATENCY_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01,
  0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

const HEAP_SPACE_METRICS = [
  "nodejs_heap_space_size_total_bytes",
  "nodejs_heap_space_size_used_bytes",
  "nodejs_heap_space_size_available_bytes",
];

export interface ServiceMetrics {
  readonly service: string;
  readonly registry: Registry;
  /** `rafaga_<name>_total`. */
  counter<L extends string = string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
  ): Counter<L>;
  /** `rafaga_<name>`; buckets default to LATENCY_BUCKETS (seconds). */
  histogram<L extends string = string>(
    name: string,
    help: string,
    labelNames?: readonly L[],
    buckets?: readonly number[],
  ): Histogram<L>;
  /**
   * `rafaga_<name>` for values observed per event by the thousand (BatchHistogram): the
   * same exposition as `histogram`, a fraction of its cost per observe.
   */
  eventHistogram(name: string, help: string, buckets?: readonly number[]): BatchHistogram;
  /**
   * `rafaga_<name>_total` for what a hot path counts per request or event (BatchCounter):
   * the same exposition as `counter`, bound children instead of labels per inc.
   */
  eventCounter(name: string, help: string): BatchCounter;
  gauge<L extends string = string>(name: string, help: string, labelNames?: readonly L[]): Gauge<L>;
  /** `rafaga_<name>`, set from `read` when scraped: nothing to do on the hot path. */
  scrapedGauge(name: string, help: string, read: () => number): Gauge;
  /** The exposition text and its content type, for a `/metrics` handler. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * One registry per service (not prom-client's global one), so that every tier can also
 * run in one process without metric name clashes; each series carries `service`.
 */
export function createMetrics(
  service: string,
  opts: { defaultMetrics?: boolean } = {},
): ServiceMetrics {
  const registry = new Registry();
  const scrapedReaders = new Map<string, (() => number)[]>();
  registry.setDefaultLabels({ service });
  // Default process metrics keep their standard names so stock Node.js dashboards work.
  if (opts.defaultMetrics ?? true) {
    // The event-loop delay monitor wakes the loop once per precision: 100 times a second at
    // the default 10 ms, half of an idle process's CPU (0.50 against 0.23 % of a core).
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
    // Bun answers v8.getHeapSpaceStatistics by walking the heap: 20 ms per scrape measured
    // with 200,000 live objects, 16 % of the edge's profile samples under the perf
    // harness's scrapes. The heap totals (nodejs_heap_size_*) stay.
    if (process.versions.bun)
      for (const name of HEAP_SPACE_METRICS) registry.removeSingleMetric(name);
  }

  // Asking twice for the same metric returns the first one: modules can declare their
  // metrics independently without coordinating registration.
  function existing<M>(name: string, type: new (...args: never[]) => M): M | undefined {
    const metric = registry.getSingleMetric(name);
    if (metric === undefined) return undefined;
    if (metric instanceof type) return metric;
    throw new Error(`metric ${name} is already registered with another type`);
  }

  /** One of our own metric classes, registered once under its name. */
  function ours<M>(full: string, type: new (...args: never[]) => M, make: () => M): M {
    const found = existing(full, type);
    if (found) return found;
    const metric = make();
    // A prom-client Metric in all but class: the registry only reads name, help, get().
    registry.registerMetric(metric as unknown as Parameters<Registry["registerMetric"]>[0]);
    return metric;
  }

  return {
    service,
    registry,
    counter(name, help, labelNames = []) {
      const full = metricName(name.endsWith("_total") ? name : `${name}_total`);
      return (
        existing(full, Counter) ??
        new Counter({ name: full, help, labelNames, registers: [registry] })
      );
    },
    histogram(name, help, labelNames = [], buckets = LATENCY_BUCKETS) {
      const full = metricName(name);
      return (
        existing(full, Histogram) ??
        new Histogram({
          name: full,
          help,
          labelNames,
          buckets: [...buckets],
          registers: [registry],
        })
      );
    },
    eventHistogram(name, help, buckets = LATENCY_BUCKETS) {
      const full = metricName(name);
      return ours(full, BatchHistogram, () => new BatchHistogram(full, help, buckets));
    },
    eventCounter(name, help) {
      const full = metricName(name.endsWith("_total") ? name : `${name}_total`);
      return ours(full, BatchCounter, () => new BatchCounter(full, help));
    },
    scrapedGauge(name, help, read) {
      const full = metricName(name);
      // Asked again under the same name (two apps on one registry), the gauge reports the
      // sum of every reader: the process's total, not whichever app asked first.
      const readers = scrapedReaders.get(full) ?? [];
      readers.push(read);
      scrapedReaders.set(full, readers);
      return (
        existing(full, Gauge) ??
        new Gauge({
          name: full,
          help,
          registers: [registry],
          collect() {
            this.set(readers.reduce((sum, reader) => sum + reader(), 0));
          },
        })
      );
    },
    gauge(name, help, labelNames = []) {
      const full = metricName(name);
      return (
        existing(full, Gauge) ?? new Gauge({ name: full, help, labelNames, registers: [registry] })
      );
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** `rafaga_` + snake_case: dashboards and alerts find every rafaga series by prefix. */
export function metricName(name: string): string {
  const full = name.startsWith("rafaga_") ? name : `rafaga_${name}`;
  if (!/^rafaga_[a-z][a-z0-9_]*$/.test(full)) {
    throw new Error(`metric name ${JSON.stringify(name)} must be snake_case`);
  }
  return full;
}
