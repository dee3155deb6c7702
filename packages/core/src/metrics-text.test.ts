import { expect, test } from "bun:test";
import { createMetrics } from "@rafaga/core";
import {
  counterSum,
  histogramCount,
  histogramQuantile,
  type Metrics,
  metricsSince,
  parseMetrics,
} from "./metrics-text.ts";

test("counters sum by label and quantiles interpolate inside a bucket", async () => {
  const m = createMetrics("t", { defaultMetrics: false });
  m.counter("events", "e", ["outcome"]).inc({ outcome: "ok" }, 7);
  m.counter("events", "e", ["outcome"]).inc({ outcome: "failed" }, 2);
  const h = m.histogram("lat_seconds", "l", [], [0.001, 0.01, 0.1]);
  for (let i = 0; i < 100; i++) h.observe(i < 50 ? 0.0005 : 0.005);
  const metrics = parseMetrics((await m.render()).body);
  expect(counterSum(metrics, "rafaga_events_total")).toBe(9);
  expect(counterSum(metrics, "rafaga_events_total", { outcome: "ok" })).toBe(7);
  // 50 samples at or below 1 ms, 50 in (1 ms, 10 ms]: the median sits at the 1 ms bound.
  expect(histogramQuantile(metrics, "rafaga_lat_seconds", 0.5)).toBeCloseTo(0.001, 6);
  const p99 = histogramQuantile(metrics, "rafaga_lat_seconds", 0.99) ?? 0;
  expect(p99).toBeGreaterThan(0.001);
  expect(p99).toBeLessThanOrEqual(0.01);
});

test("metricsSince keeps only what was counted after the first scrape", async () => {
  const m = createMetrics("t", { defaultMetrics: false });
  const scrapeNow = async (): Promise<Metrics> => parseMetrics((await m.render()).body);
  const h = m.histogram("lat_seconds", "l", [], [0.001, 0.01, 0.1]);
  m.counter("events", "e").inc(5);
  for (let i = 0; i < 100; i++) h.observe(0.05);
  const before = await scrapeNow();
  m.counter("events", "e").inc(3);
  for (let i = 0; i < 10; i++) h.observe(0.0005);
  const phase = metricsSince(await scrapeNow(), before);
  expect(counterSum(phase, "rafaga_events_total")).toBe(3);
  // Only the ten fast samples remain: the slow ones before the scrape would put p99 at 50 ms.
  expect(histogramQuantile(phase, "rafaga_lat_seconds", 0.99) ?? 1).toBeLessThanOrEqual(0.001);
});

test("a histogram's series stay apart by label", async () => {
  const m = createMetrics("t", { defaultMetrics: false });
  const h = m.histogram("batch_seconds", "b", ["broker"], [0.001, 0.01, 0.1]);
  for (let i = 0; i < 10; i++) h.observe({ broker: "kafka-js" }, 0.05);
  for (let i = 0; i < 10; i++) h.observe({ broker: "rabbitmq" }, 0.0005);
  const metrics = parseMetrics((await m.render()).body);
  const p50 = (broker: string) =>
    histogramQuantile(metrics, "rafaga_batch_seconds", 0.5, { broker }) ?? Number.NaN;
  expect(p50("kafka-js")).toBeGreaterThan(0.01);
  expect(p50("rabbitmq")).toBeLessThanOrEqual(0.001);
  // Unfiltered, both series count: half the samples sit at or below 1 ms.
  expect(histogramQuantile(metrics, "rafaga_batch_seconds", 0.5)).toBeCloseTo(0.001, 6);
  h.observe({ broker: "rabbitmq" }, 5);
  const after = parseMetrics((await m.render()).body);
  expect(histogramCount(after, "rafaga_batch_seconds", { broker: "rabbitmq" })).toBe(11);
  expect(histogramCount(after, "rafaga_batch_seconds")).toBe(21);
});
