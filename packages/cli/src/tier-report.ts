import type { PipelineLayout } from "./pipeline-layout.ts";
import { counter, histogramQuantile, type Metrics, scrape } from "./tier-metrics.ts";

export interface TierRow {
  tier: string;
  events: number;
  what: string;
  p50Ms?: number;
  p99Ms?: number;
}

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);

/** Per-tier event counts and latency percentiles, scraped from each tier's /metrics. */
export async function tierReport(layout: PipelineLayout): Promise<TierRow[]> {
  const p = layout.ports;
  const get = (port: number) =>
    scrape(`http://127.0.0.1:${port}/metrics`).catch(() => new Map() as Metrics);
  const rows: TierRow[] = [];
  const ingest = await get(p.ingest);
  rows.push({
    tier: "ingest (HTTP, 2xx after broker ack)",
    events: counter(ingest, "rafaga_ingest_events_total", { outcome: "accepted" }),
    what: "request",
    p50Ms: ms(histogramQuantile(ingest, "rafaga_ingest_request_seconds", 0.5)),
    p99Ms: ms(histogramQuantile(ingest, "rafaga_ingest_request_seconds", 0.99)),
  });
  for (const [name, port] of [
    ["writer-kafka (librdkafka, Node)", p.kafkaWriterMetrics],
    ["writer-rabbitmq (amqplib, Bun)", p.rabbitWriterMetrics],
  ] as const) {
    const m = await get(port);
    rows.push({
      tier: name,
      events: counter(m, "rafaga_writer_events_total"),
      what: "batch confirm",
      p50Ms: ms(histogramQuantile(m, "rafaga_writer_batch_seconds", 0.5)),
      p99Ms: ms(histogramQuantile(m, "rafaga_writer_batch_seconds", 0.99)),
    });
  }
  const consumers = [
    ...p.kafkaConsumerMetrics.map((port) => ["consumer-kafka (librdkafka, Node)", port] as const),
    ...p.rabbitConsumerMetrics.map((port) => ["consumer-rabbitmq (amqplib, Bun)", port] as const),
  ];
  for (const [name, port] of consumers) {
    const m = await get(port);
    const applied = counter(m, "rafaga_consumer_applied_events_total");
    const duplicates = counter(m, "rafaga_consumer_duplicate_events_total");
    rows.push({
      tier: `${name}, ${duplicates} dup`,
      events: applied,
      what: "ingest -> Valkey",
      p50Ms: ms(histogramQuantile(m, "rafaga_consumer_end_to_end_seconds", 0.5)),
      p99Ms: ms(histogramQuantile(m, "rafaga_consumer_end_to_end_seconds", 0.99)),
    });
  }
  return rows;
}

export function formatTierReport(rows: TierRow[]): string {
  const f = (v: number | undefined) =>
    v === undefined ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(0);
  const lines = [
    `${"tier".padEnd(44)}${"events".padStart(9)}  ${"latency of".padEnd(18)}${"p50 ms".padStart(8)}${"p99 ms".padStart(8)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.tier.padEnd(44)}${String(r.events).padStart(9)}  ${r.what.padEnd(18)}${f(r.p50Ms).padStart(8)}${f(r.p99Ms).padStart(8)}`,
    );
  }
  lines.push(
    "(tier latencies: estimated from the Prometheus histogram buckets of each tier's /metrics)",
  );
  return lines.join("\n");
}
