import { counterSum, histogramQuantile, type Metrics, metricsSince, scrape } from "@rafaga/core";
import type { PipelineLayout } from "./pipeline-layout.ts";

export interface TierRow {
  tier: string;
  events: number;
  what: string;
  p50Ms?: number;
  p99Ms?: number;
}

/** Every tier's /metrics at one moment, by metrics port. */
export type TierSnapshot = Map<number, Metrics>;

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

/** The ports that serve /metrics: the edge (or ingest), the writers' in the tiers layout, the consumers'. */
function metricsPorts(layout: PipelineLayout): { edge: number[]; consumers: number[] } {
  const p = layout.ports;
  const edge =
    layout.kind === "single" ? [p.ingest] : [p.ingest, p.kafkaWriterMetrics, p.rabbitWriterMetrics];
  return { edge, consumers: [...p.kafkaConsumerMetrics, ...p.rabbitConsumerMetrics] };
}

export async function tierSnapshot(layout: PipelineLayout): Promise<TierSnapshot> {
  const { edge, consumers } = metricsPorts(layout);
  const out: TierSnapshot = new Map();
  for (const port of [...edge, ...consumers]) {
    out.set(
      port,
      await scrape(`http://127.0.0.1:${port}/metrics`).catch(() => new Map() as Metrics),
    );
  }
  return out;
}

const BROKERS = [
  ["kafka-rdkafka", "librdkafka, Node"],
  ["kafka-js", "@platformatic/kafka, Bun"],
  ["rabbitmq", "amqplib, Bun"],
] as const;

/**
 * Where the milliseconds of an event go, hop by hop, from each tier's histograms: the HTTP
 * request (2xx only after the broker ack), the broker write inside it, the broker's
 * delivery to a consumer, the Valkey apply, and the whole ingest -> applied. With `since`,
 * only what happened after that snapshot counts (one phase of a benchmark).
 */
export async function tierReport(layout: PipelineLayout, since?: TierSnapshot): Promise<TierRow[]> {
  const now = await tierSnapshot(layout);
  const at = (port: number): Metrics => {
    const m = now.get(port) ?? new Map();
    const before = since?.get(port);
    return before ? metricsSince(m, before) : m;
  };
  const { edge, consumers } = metricsPorts(layout);
  const rows: TierRow[] = [];
  const quantiles = (m: Metrics, name: string, labels: Record<string, string> = {}) => ({
    p50Ms: ms(histogramQuantile(m, name, 0.5, labels)),
    p99Ms: ms(histogramQuantile(m, name, 0.99, labels)),
  });
  const ingest = at(layout.ports.ingest);
  rows.push({
    tier: `${layout.kind === "single" ? "edge" : "ingest"}: HTTP in -> 2xx after broker ack`,
    events: counterSum(ingest, "rafaga_ingest_events_total", { outcome: "accepted" }),
    what: "request",
    ...quantiles(ingest, "rafaga_ingest_request_seconds"),
  });
  for (const [broker, client] of BROKERS) {
    for (const port of edge) {
      const m = at(port);
      const events = counterSum(m, "rafaga_writer_events_total", { broker });
      if (events === 0) continue;
      rows.push({
        tier: `  of which broker write -> ack (${client})`,
        events,
        what: "batch",
        ...quantiles(m, "rafaga_writer_batch_seconds", { broker }),
      });
    }
  }
  for (const port of consumers) {
    const m = at(port);
    const applied = counterSum(m, "rafaga_consumer_applied_events_total");
    if (applied === 0) continue;
    const name = layout.ports.kafkaConsumerMetrics.includes(port)
      ? "consumer-kafka"
      : "consumer-rabbitmq";
    const duplicates = counterSum(m, "rafaga_consumer_duplicate_events_total");
    rows.push(
      {
        tier: `${name}: accepted -> delivered`,
        events: applied,
        what: "event",
        ...quantiles(m, "rafaga_consumer_delivery_seconds"),
      },
      {
        tier: `${name}: Valkey apply`,
        events: applied,
        what: "batch",
        ...quantiles(m, "rafaga_consumer_apply_seconds"),
      },
      {
        tier: `${name}: accepted -> applied, ${duplicates} dup`,
        events: applied,
        what: "event",
        ...quantiles(m, "rafaga_consumer_end_to_end_seconds"),
      },
    );
  }
  return rows;
}

export function formatTierReport(rows: TierRow[]): string {
  const f = (v: number | undefined) =>
    v === undefined ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(0);
  // As wide as the longest hop's name: a client library's name makes some long.
  const width = Math.max(52, ...rows.map((r) => r.tier.length + 1));
  const lines = [
    `${"hop".padEnd(width)}${"events".padStart(9)}  ${"per".padEnd(8)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.tier.padEnd(width)}${String(r.events).padStart(9)}  ${r.what.padEnd(8)}${f(r.p50Ms).padStart(8)}${f(r.p99Ms).padStart(8)}`,
    );
  }
  lines.push("(estimated from the Prometheus histogram buckets of each tier's /metrics)");
  return lines.join("\n");
}
