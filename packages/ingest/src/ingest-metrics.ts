import type { ServiceMetrics } from "@rafaga/core";

export function ingestMetrics(metrics: ServiceMetrics) {
  return {
    requests: metrics.counter("ingest_requests", "HTTP requests by path and status", [
      "path",
      "status",
    ]),
    events: metrics.counter("ingest_events", "events by domain and outcome", ["domain", "outcome"]),
    latency: metrics.histogram("ingest_request_seconds", "HTTP request duration", ["path"]),
    inFlight: metrics.gauge("ingest_in_flight_events", "events waiting for the brokers' ack"),
  };
}
export type IngestMetrics = ReturnType<typeof ingestMetrics>;
