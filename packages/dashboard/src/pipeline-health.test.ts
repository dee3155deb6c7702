import { afterAll, expect, test } from "bun:test";
import { createMetrics } from "@rafaga/core";
import type { Panel } from "@rafaga/domains";
import { parseTargets, pipelineHealth } from "./pipeline-health.ts";

const edge = createMetrics("edge", { defaultMetrics: false });
const accepted = edge.counter("ingest_events", "events", ["domain", "outcome"]);
const requests = edge.counter("ingest_requests", "requests", ["path", "status"]);
const latency = edge.histogram("ingest_request_seconds", "latency", ["path"]);
const consumer = createMetrics("consumer", { defaultMetrics: false });
const applied = consumer.counter("consumer_applied_events", "applied", ["domain"]);
const dead = consumer.counter("consumer_dead_letter_events", "dead", ["domain"]);

const serve = (metrics: typeof edge) =>
  Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async () => new Response((await metrics.render()).body),
  });
const servers = [serve(edge), serve(consumer)];
afterAll(() => {
  for (const s of servers) s.stop(true);
}, 10_000);

const byId = (panels: Panel[], id: string) => panels.find((p) => p.id === id);

test("rates and latency from the difference of two scrapes; totals of what went wrong", async () => {
  const targets = parseTargets([
    `edge=http://127.0.0.1:${servers[0]?.port}/metrics`,
    `consumer-kafka=http://127.0.0.1:${servers[1]?.port}/metrics`,
    // Nothing listens on port 1.
    "writer-gone=http://127.0.0.1:1/metrics",
  ]);
  const health = pipelineHealth(targets, undefined, { minIntervalMs: 0 });
  accepted.inc({ domain: "sales", outcome: "accepted" }, 1000);
  await health.read();
  await Bun.sleep(250);
  accepted.inc({ domain: "sales", outcome: "accepted" }, 500);
  applied.inc({ domain: "sales" }, 250);
  requests.inc({ path: "/purchase", status: "202" }, 500);
  requests.inc({ path: "/purchase", status: "503" }, 7);
  requests.inc({ path: "/api/tweets", status: "400" }, 2);
  dead.inc({ domain: "sales" }, 3);
  for (let i = 0; i < 500; i++) latency.observe({ path: "/purchase" }, 0.002);
  const panels = await health.read();

  const rates = byId(panels, "pipeline-rates");
  const bars = rates?.kind === "bars" ? rates.groups[0]?.bars : [];
  const rate = (name: string) => bars?.find((b) => b.label === name)?.value ?? 0;
  // 500 events in ~250 ms: about 2,000/s; only what came after the first read counts.
  expect(rate("edge")).toBeGreaterThan(1000);
  expect(rate("edge")).toBeLessThan(2100);
  expect(rate("consumer-kafka")).toBeGreaterThan(500);
  expect(rate("writer-gone")).toBe(0);

  const hops = byId(panels, "pipeline-latency");
  const row = hops?.kind === "table" ? hops.rows.find((r) => r[0] === "edge") : undefined;
  expect(row?.[1]).toBe("request -> 2xx");
  expect(row?.[3]).toMatch(/^(1|2)\.\d+$/);

  const figures = byId(panels, "pipeline-health");
  const text = Object.fromEntries(
    figures?.kind === "figures" ? figures.figures.map((f) => [f.label, f.text]) : [],
  );
  expect(text["Processes not answering"]).toBe("writer-gone");
  expect(text["Non-2xx answers"]).toBe("400: 2, 503: 7");
  expect(text["Dead-lettered events"]).toBe("3");
});

test("a target that is not name=url is refused naming the variable", () => {
  expect(() => parseTargets(["edge"])).toThrow("PIPELINE_METRICS");
  expect(() => parseTargets(["=http://x/metrics"])).toThrow("PIPELINE_METRICS");
});

test("a process that comes up during the window counts from its first answer", async () => {
  const late = createMetrics("late", { defaultMetrics: false });
  const applied = late.counter("consumer_applied_events", "applied", ["domain"]);
  applied.inc({ domain: "sales" }, 5000);
  const probe = serve(late);
  const port = probe.port;
  probe.stop(true);
  const health = pipelineHealth(
    parseTargets([`late=http://127.0.0.1:${port}/metrics`]),
    undefined,
    { minIntervalMs: 0 },
  );
  await health.read();
  const server = Bun.serve({
    port,
    hostname: "127.0.0.1",
    fetch: async () => new Response((await late.render()).body),
  });
  try {
    await health.read();
    await Bun.sleep(200);
    applied.inc({ domain: "sales" }, 400);
    const panels = await health.read();
    const rates = byId(panels, "pipeline-rates");
    const rate = rates?.kind === "bars" ? rates.groups[0]?.bars[0]?.value : undefined;
    // 400 in ~200 ms, not the 5,000 counted before it answered, and not nothing.
    expect(rate).toBeGreaterThan(1000);
    expect(rate).toBeLessThan(2100);
  } finally {
    server.stop(true);
  }
});

test("after a pause in reading (nobody watched), rates start over instead of averaging the pause", async () => {
  const paused = createMetrics("paused", { defaultMetrics: false });
  const applied = paused.counter("consumer_applied_events", "applied", ["domain"]);
  const server = serve(paused);
  const rate = async () => {
    const panels = await health.read();
    const rates = byId(panels, "pipeline-rates");
    return rates?.kind === "bars" ? rates.groups[0]?.bars[0]?.value : undefined;
  };
  const health = pipelineHealth(
    parseTargets([`paused=http://127.0.0.1:${server.port}/metrics`]),
    undefined,
    { windowMs: 100, minIntervalMs: 0 },
  );
  try {
    await health.read();
    applied.inc({ domain: "sales" }, 5000);
    await Bun.sleep(300);
    // The 5,000 came long before this read: not ~16,000/s now.
    expect(await rate()).toBe(0);
    await Bun.sleep(100);
    applied.inc({ domain: "sales" }, 100);
    const now = await rate();
    expect(now).toBeGreaterThan(500);
    expect(now).toBeLessThan(1100);
  } finally {
    server.stop(true);
  }
});

test("read more often than its interval, it answers the last panels without scraping again", async () => {
  let scrapes = 0;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async () => {
      scrapes++;
      return new Response((await consumer.render()).body);
    },
  });
  const health = pipelineHealth(
    parseTargets([`consumer=http://127.0.0.1:${server.port}/metrics`]),
    undefined,
    { minIntervalMs: 300 },
  );
  try {
    const first = await health.read();
    const again = await health.read();
    expect(again).toBe(first);
    expect(scrapes).toBe(1);
    await Bun.sleep(350);
    expect(await health.read()).not.toBe(first);
    expect(scrapes).toBe(2);
  } finally {
    server.stop(true);
  }
});
