import { expect, test } from "bun:test";
import { createMetrics } from "./metrics.ts";

test("renders exactly as prom-client's own counter of the same counts", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  const ours = metrics.eventCounter("ours", "help");
  const theirs = metrics.counter("theirs", "help", ["path", "status"]);
  for (const [status, times] of [
    ["202", 3],
    ["400", 1],
  ] as const) {
    const child = ours.labels({ path: "/purchase", status });
    for (let i = 0; i < times; i++) {
      child.inc();
      theirs.inc({ path: "/purchase", status });
    }
  }
  ours.labels({ path: "/purchase", status: "202" }).inc(5);
  theirs.inc({ path: "/purchase", status: "202" }, 5);
  const { body } = await metrics.render();
  const series = (name: string) =>
    body
      .split("\n")
      .filter(
        (line) => line.startsWith(`rafaga_${name}_total`) || line.includes(` rafaga_${name}_total`),
      )
      .map((line) => line.replaceAll(`rafaga_${name}_total`, "X"));
  expect(series("ours")).toEqual(series("theirs"));
  expect(series("ours")).toContain('X{path="/purchase",status="202",service="svc"} 8');
});

test("a reset zeroes the series, and a child bound before it still counts", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  const child = metrics.eventCounter("requests", "help").labels({ path: "/x" });
  child.inc(4);
  metrics.registry.resetMetrics();
  child.inc();
  expect((await metrics.render()).body).toContain(
    'rafaga_requests_total{path="/x",service="svc"} 1',
  );
  expect(metrics.eventCounter("requests_total", "help")).toBe(
    metrics.eventCounter("requests", "help"),
  );
});

test("a scraped gauge reads its value when rendered", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  let depth = 3;
  metrics.scrapedGauge("depth", "help", () => depth);
  expect((await metrics.render()).body).toContain('rafaga_depth{service="svc"} 3');
  depth = 7;
  expect((await metrics.render()).body).toContain('rafaga_depth{service="svc"} 7');
});

test("a scraped gauge asked twice under one name reports the sum of both readers", async () => {
  const metrics = createMetrics("svc", { defaultMetrics: false });
  metrics.scrapedGauge("depth", "help", () => 3);
  metrics.scrapedGauge("depth", "help", () => 4);
  expect((await metrics.render()).body).toContain('rafaga_depth{service="svc"} 7');
});
