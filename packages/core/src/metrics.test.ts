import { describe, expect, test } from "bun:test";
import { createMetrics, LATENCY_BUCKETS, metricName } from "./metrics.ts";
import { histogramQuantile, parseMetrics } from "./metrics-text.ts";

describe("metrics", () => {
  test("names are prefixed and counters end in _total", async () => {
    expect(metricName("events_accepted")).toBe("rafaga_events_accepted");
    expect(metricName("rafaga_x")).toBe("rafaga_x");
    expect(() => metricName("Bad-Name")).toThrow();
    const m = createMetrics("ingest", { defaultMetrics: false });
    expect(await m.counter("events_accepted", "Events accepted").get()).toMatchObject({
      name: "rafaga_events_accepted_total",
    });
  });

  test("every series carries the service label", async () => {
    const m = createMetrics("router", { defaultMetrics: false });
    m.counter("batches", "Batches", ["domain"]).inc({ domain: "weather" }, 3);
    m.histogram("publish_seconds", "Publish latency").observe(0.002);
    m.gauge("in_flight", "Batches in flight").set(4);
    const { body, contentType } = await m.render();
    expect(contentType).toContain("text/plain");
    expect(body).toContain('rafaga_batches_total{domain="weather",service="router"} 3');
    expect(body).toContain('rafaga_publish_seconds_bucket{le="0.0025",service="router"} 1');
    expect(body).toContain('rafaga_in_flight{service="router"} 4');
  });

  test("latency buckets resolve the targets' range: a p99 of 16 ms reads as 16 ms, not 25", async () => {
    // The targets' thresholds are bounds, so "within 25 ms" is counted, not interpolated.
    expect(LATENCY_BUCKETS).toContain(0.002);
    expect(LATENCY_BUCKETS).toContain(0.025);
    const m = createMetrics("consumer", { defaultMetrics: false });
    const h = m.eventHistogram("end_to_end_seconds", "accepted -> applied").labels({});
    // 1,000 values spread evenly over 4..16 ms: the true p99 is 15.88 ms.
    for (let i = 0; i < 1000; i++) h.observe(0.004 + (0.012 * i) / 999);
    const p99 = histogramQuantile(
      parseMetrics((await m.render()).body),
      "rafaga_end_to_end_seconds",
      0.99,
    );
    expect(p99).toBeGreaterThan(0.0159 * 0.9);
    expect(p99).toBeLessThan(0.0159 * 1.1);
  });

  test("asking twice returns the same metric; another type is an error", () => {
    const m = createMetrics("writer", { defaultMetrics: false });
    expect(m.counter("sent", "Sent")).toBe(m.counter("sent_total", "Sent"));
    expect(() => m.gauge("sent_total", "Sent")).toThrow("another type");
  });

  test("services have separate registries (all tiers can share one process)", async () => {
    const a = createMetrics("ingest");
    const b = createMetrics("consumer");
    a.counter("events", "Events").inc();
    b.counter("events", "Events").inc(2);
    expect((await a.render()).body).toContain('rafaga_events_total{service="ingest"} 1');
    expect((await b.render()).body).toContain('rafaga_events_total{service="consumer"} 2');
    expect((await a.render()).body).toContain('process_cpu_seconds_total{service="ingest"}');
  });

  test("under Bun, default metrics leave out the heap spaces (a heap walk per scrape) and keep the heap totals", async () => {
    const { body } = await createMetrics("edge").render();
    expect(body).toContain("nodejs_heap_size_used_bytes");
    expect(body).toContain("process_cpu_seconds_total");
    expect(body).not.toContain("nodejs_heap_space_size");
  });
});
