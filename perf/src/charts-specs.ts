import type { ChartSpec } from "./charts-render.ts";
import type { TierResult } from "./harness.ts";

const PERCENTILES = [
  ["p50", "p50"],
  ["p90", "p90"],
  ["p99", "p99"],
  ["p999", "p99.9"],
] as const;

/** Latency percentiles of every measurement of one tier that has them (log scale: tails span decades). */
export function latencySpec(result: TierResult): ChartSpec | undefined {
  const rows = [...result.measurements, ...(result.limit ? [result.limit] : [])].flatMap((m) =>
    m.latencyMs
      ? PERCENTILES.map(([key, name]) => ({
          series: m.label,
          percentile: name,
          ms: Math.max(0.01, m.latencyMs?.[key] ?? 0),
        }))
      : [],
  );
  if (rows.length === 0) return undefined;
  return {
    title: `${result.tier}: latency percentiles (ms, log scale)`,
    width: 520,
    data: { values: rows },
    // Lines, not bars: Vega-Lite bars on a log scale start from 0 and vanish.
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "percentile", type: "ordinal", sort: PERCENTILES.map((p) => p[1]) },
      y: { field: "ms", type: "quantitative", scale: { type: "log" } },
      color: { field: "series", legend: { orient: "bottom", columns: 1, labelLimit: 600 } },
    },
  };
}

/** Every measurement tagged with a broker path (or broker), throughput side by side. */
export function brokerSpec(results: TierResult[]): ChartSpec | undefined {
  const rows = results.flatMap((r) =>
    r.measurements
      .filter((m) => m.params?.path ?? m.params?.broker)
      .map((m) => ({
        what: `${r.tier} ${m.params?.mode ?? ""}`.trim(),
        path: String(m.params?.path ?? m.params?.broker),
        perSecond: m.perSecond,
        p99: m.latencyMs?.p99,
      })),
  );
  if (rows.length === 0) return undefined;
  return {
    title: "Kafka vs RabbitMQ (vs both): events/s per phase",
    data: { values: rows },
    width: 520,
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "what", type: "nominal", axis: { labelAngle: -30 } },
      xOffset: { field: "path" },
      y: {
        field: "perSecond",
        type: "quantitative",
        title: "events/s",
      },
      color: { field: "path" },
    },
  };
}

/** Throughput against batch size, one line per tier and series, for harnesses with a `batch` param. */
export function batchSpec(results: TierResult[]): ChartSpec | undefined {
  const rows = results.flatMap((r) => {
    const ms = r.measurements.filter((m) => typeof m.params?.batch === "number");
    if (new Set(ms.map((m) => m.params?.batch)).size < 2) return [];
    return ms.map((m) => ({
      series: `${r.tier} ${m.params?.path ?? m.params?.client ?? m.params?.broker ?? ""}`.trim(),
      batch: Number(m.params?.batch),
      perSecond: m.perSecond,
    }));
  });
  if (rows.length === 0) return undefined;
  return {
    title: "Throughput against batch size (log-log)",
    data: { values: rows },
    width: 520,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "batch", type: "quantitative", scale: { type: "log" } },
      y: { field: "perSecond", type: "quantitative", scale: { type: "log" }, title: "events/s" },
      color: { field: "series" },
    },
  };
}
