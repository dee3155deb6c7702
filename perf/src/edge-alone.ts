/**
 * The single-layout edge alone (no consumers), under the Black Friday workload: requests/s,
 * latency and CPU per event of the edge and of Kafka, for measuring one change to the hot
 * path at a time. `--profile` writes a Bun CPU profile (markdown) of the edge to perf/results/;
 * `--batch` sends NDJSON bodies of 1,000 weather reports to /api/tweets instead (8
 * connections unless given), the batch endpoint's cost per event. `--wrk` loads with wrk
 * (C, one core of its own, one fixed sale) instead of autocannon, which on 2 cores takes as
 * much CPU per request as the edge: at thousands of connections the load generator, not
 * the edge, would otherwise set the latency. `--by-status` loads from raw sockets on a core
 * of its own too (load-by-status.ts) and reports the answers per status and the latency of
 * the 2xx apart from the refusals: under shedding, wrk's one distribution mixes them. Each
 * line ends with the edge's resident memory; with `--honor-retry-after` its clients wait as a
 * 429's Retry-After tells them.
 *
 *   bun perf/src/edge-alone.ts [connections=10,64] [--profile] [--batch] [--wrk|--by-status [--honor-retry-after]]
 *
 * Edge settings come from the environment (BATCH_EAGER=4 bun perf/src/edge-alone.ts ...).
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deleteKafkaTopics } from "@rafaga/brokers";
import { counterSum, histogramCount, scrape } from "@rafaga/core";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { cpuSecondsMeter, freePort, infraPids } from "@rafaga/runner";
import { runCannon } from "./load-autocannon.ts";
import { batchBodies, JSON_TYPE, NDJSON } from "./load-bodies.ts";
import { resultsRoot } from "./report-write.ts";
import { runLoad, runLoadByStatus } from "./tiers/http-load.ts";
import { saleBodies } from "./tiers/layouts.ts";

const args = process.argv.slice(2);
const batch = args.includes("--batch");
const withWrk = args.includes("--wrk") && !batch;
const byStatus = args.includes("--by-status") && !batch;
const honorRetryAfter = args.includes("--honor-retry-after");
const connections = (args.find((a) => !a.startsWith("--")) ?? (batch ? "8" : "10,64"))
  .split(",")
  .map(Number);
const BATCH_SIZE = 1000;
const profile = args.includes("--profile")
  ? ["--cpu-prof-md", `--cpu-prof-dir=${resultsRoot}`]
  : [];

await ensureUp(["kafka"]);
const topic = `edge-alone-${Math.random().toString(36).slice(2, 8)}`;
await createTopic(topic, 6);
const port = await freePort();
const edge = Bun.spawn(
  [process.execPath, ...profile, join(import.meta.dir, "../../packages/edge/src/main.ts")],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SALES_DESTINATION: topic,
      WEATHER_DESTINATION: topic,
      ROUTING_SALES: "kafka",
      ROUTING_WEATHER: "kafka",
      LOG_LEVEL: "warn",
    },
    stdout: "inherit",
    stderr: "inherit",
  },
);
const url = `http://127.0.0.1:${port}`;
const deadline = performance.now() + 20_000;
while (
  !(await fetch(`${url}/readyz`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (performance.now() > deadline) throw new Error("the edge did not get ready in 20 s");
  await Bun.sleep(100);
}
const run = batch
  ? {
      url: `${url}/api/tweets`,
      bodies: batchBodies(16, BATCH_SIZE),
      contentType: NDJSON,
      eventsPerRequest: BATCH_SIZE,
    }
  : {
      url: `${url}/purchase`,
      bodies: saleBodies(5000),
      contentType: JSON_TYPE,
      eventsPerRequest: 1,
    };
// Kafka's JIT settles under load: its CPU per event falls several-fold over the first seconds.
await runCannon({ ...run, connections: batch ? 8 : 64, seconds: 5 }, "warm-up");
/** Broker batches written so far, and the events in them, from the edge's own metrics. */
async function batchesSoFar(): Promise<{ batches: number; events: number }> {
  const metrics = await scrape(`${url}/metrics`);
  return {
    batches: histogramCount(metrics, "rafaga_writer_batch_seconds"),
    events: counterSum(metrics, "rafaga_writer_events_total"),
  };
}

/** The edge's resident memory now and its peak so far, MiB. */
function edgeRss(): string {
  const status = readFileSync(`/proc/${edge.pid}/status`, "utf8");
  const mib = (field: string) =>
    (Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024).toFixed(
      0,
    );
  return `edge RSS ${mib("VmRSS")} MiB (peak ${mib("VmHWM")})`;
}

/** Answers per status, and the 2xx answers' latency apart, from load-by-status.ts on core 1. */
async function loadByStatus(c: number) {
  const r = await runLoadByStatus(
    { url: run.url, body: run.bodies[0] as string, connections: c, seconds: 5, cpu: 1 },
    { honorRetryAfter },
  );
  const others = r.refusedMs ? `p50 ${r.refusedMs.p50} ms, p99 ${r.refusedMs.p99} ms` : "none";
  console.log(
    `  answers ${JSON.stringify(r.statuses)}, socket errors ${r.socketErrors}; 2xx p50 ${r.acceptedMs?.p50} ms, p99 ${r.acceptedMs?.p99} ms; others ${others}`,
  );
  return {
    ok: r.accepted,
    failed: r.answered - r.accepted + r.socketErrors,
    measurement: { perSecond: r.requestsPerSecond, latencyMs: r.acceptedMs },
  };
}

/** One load run: autocannon in this process, or wrk pinned to core 1 (its CPU is not metered). */
async function load(c: number) {
  if (byStatus) return loadByStatus(c);
  if (!withWrk) return runCannon({ ...run, connections: c, seconds: 5 }, "edge alone");
  const r = await runLoad("wrk", {
    url: run.url,
    body: run.bodies[0] as string,
    contentType: run.contentType,
    connections: c,
    seconds: 5,
    cpu: 1,
  });
  return {
    ok: Math.round(r.requestsPerSecond * 5),
    failed: r.failed,
    measurement: { perSecond: r.requestsPerSecond, latencyMs: r.latencyMs },
  };
}

for (const c of connections) {
  const before = await batchesSoFar();
  const meter = cpuSecondsMeter({
    edge: edge.pid,
    ...(withWrk || byStatus ? {} : { "load generator": process.pid }),
    ...infraPids(),
  });
  const result = await load(c);
  const { cpu } = meter();
  const events = Math.max(1, result.ok * run.eventsPerRequest);
  const perEvent = Object.entries(cpu)
    .filter(([, seconds]) => seconds > 0)
    .map(([name, seconds]) => `${name} ${((seconds * 1e6) / events).toFixed(batch ? 1 : 0)}`)
    .join(", ");
  const l = result.measurement.latencyMs;
  const after = await batchesSoFar();
  const batches = after.batches - before.batches;
  const perBatch = (after.events - before.events) / Math.max(1, batches);
  console.log(
    `${c} connections: ${Math.round(result.measurement.perSecond)} ${batch ? "events" : "requests"}/s, p50 ${l?.p50} ms, p99 ${l?.p99} ms, ${result.failed} failed; ${batches} broker batches of ${perBatch.toFixed(1)} events on average; us CPU per event: ${perEvent}; ${edgeRss()}`,
  );
}
edge.kill("SIGTERM");
await edge.exited;
await deleteKafkaTopics(endpoints.kafkaBrokers, [topic]);
