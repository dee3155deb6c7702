import { expect, test } from "bun:test";
import { createMetrics, LATENCY_BUCKETS } from "./metrics.ts";

test("renders exactly as prom-client's own histogram of the same values", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  const ours = metrics.eventHistogram("ours_seconds", "help").labels({ domain: "weather" });
  const theirs = metrics
    .histogram("theirs_seconds", "help", ["domain"])
    .labels({ domain: "weather" });
  // On, between and past the bounds, and past the last one (+Inf only).
  for (const value of [0, 0.0001, 0.00012, 0.003, 0.003, 0.5, 5, 7, 120]) {
    ours.observe(value);
    theirs.observe(value);
  }
  const { body } = await metrics.render();
  const series = (name: string) =>
    body
      .split("\n")
      .filter((line) => line.startsWith(`rafaga_${name}_seconds`))
      .map((line) => line.replace(`rafaga_${name}_seconds`, "X"));
  expect(series("ours")).toHaveLength(LATENCY_BUCKETS.length + 1 + 2);
  expect(series("ours")).toEqual(series("theirs"));
  expect(series("ours")).toContain('X_count{service="svc",domain="weather"} 9');
});

test("asking again returns the same histogram; another type under the name is refused", () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  const first = metrics.eventHistogram("lag_seconds", "help");
  expect(metrics.eventHistogram("lag_seconds", "help")).toBe(first);
  expect(() => metrics.counter("lag_seconds", "help")).not.toThrow();
  metrics.gauge("depth", "help");
  expect(() => metrics.eventHistogram("depth", "help")).toThrow("another type");
});

test("a reset zeroes the series, and a child bound before it still counts", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  const child = metrics.eventHistogram("lag_seconds", "help").labels({ domain: "sales" });
  child.observe(0.001);
  metrics.registry.resetMetrics();
  child.observe(0.002);
  const { body } = await metrics.render();
  expect(body).toContain('rafaga_lag_seconds_count{service="svc",domain="sales"} 1');
  expect(body).toContain('rafaga_lag_seconds_sum{service="svc",domain="sales"} 0.002');
});
