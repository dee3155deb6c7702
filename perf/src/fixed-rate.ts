/**
 * The Black Friday workload at fixed arrival rates (an open loop: the rate does not fall
 * when the pipeline slows down), so that two settings are compared at the same load: CPU
 * per event of every process, the hop-by-hop latency of each rate, then 5 s idle (what the
 * pipeline costs doing nothing). Settings come from the environment, e.g.
 *
 *   KAFKA_FETCH_MIN_BYTES=1 bun perf/src/fixed-rate.ts [rates=1000,3000,6000] [single|tiers]
 *     [--routing=kafka|rabbitmq|both] [--kafka-writer=rdkafka|js]
 *
 * The fetch, sticky-partition and partition-concurrency figures in README.md and
 * perf/HISTORY.md came from this.
 */

import type { RoutingMode } from "@rafaga/core";
import { startTestPipeline } from "@rafaga/e2e-kit";
import { runOpenLoop } from "@rafaga/loadgen";
import {
  cpuPerEvent,
  cpuSecondsMeter,
  formatTierReport,
  infraPids,
  type LayoutKind,
  tierReport,
  tierSnapshot,
} from "@rafaga/runner";
import { runCannon } from "./load-autocannon.ts";
import { JSON_TYPE } from "./load-bodies.ts";
import { saleBodies } from "./tiers/layouts.ts";

const args = process.argv.slice(2);
const rates = (args.find((a) => /^\d/.test(a)) ?? "1000,3000,6000").split(",").map(Number);
const kind: LayoutKind = args.includes("tiers") ? "tiers" : "single";
const routing = (args.find((a) => a.startsWith("--routing="))?.slice(10) ?? "kafka") as RoutingMode;
if (!["kafka", "rabbitmq", "both"].includes(routing)) {
  console.error(`--routing=${routing}: kafka, rabbitmq or both`);
  process.exit(2);
}
const SECONDS = 5;

const writerArg = args.find((a) => a.startsWith("--kafka-writer="))?.slice(15);
if (writerArg !== undefined && writerArg !== "js" && writerArg !== "rdkafka") {
  console.error(`--kafka-writer=${writerArg}: js or rdkafka`);
  process.exit(2);
}
const kafkaWriterClient = writerArg;
const tp = await startTestPipeline({
  kind,
  routingSales: routing,
  routingWeather: "kafka",
  ...(kafkaWriterClient ? { kafkaWriterClient } : {}),
});
const bodies = saleBodies(5000);
const url = `${tp.pipeline.ingestUrl}/purchase`;
const pids = () => ({
  ...Object.fromEntries(tp.pipeline.tiers.map((t) => [t.spec.name, t.pid])),
  ...infraPids(),
});
try {
  // Kafka's JIT needs load before its CPU per event settles.
  await runCannon(
    { url, bodies, contentType: JSON_TYPE, connections: 64, seconds: 5, eventsPerRequest: 1 },
    "warm-up",
  );
  for (const rate of rates) {
    const before = await tierSnapshot(tp.layout);
    const meter = cpuSecondsMeter(pids());
    await runOpenLoop({ url, bodies, rate, seconds: SECONDS }, `${rate}/s`);
    // The consumers finish what the last requests sent.
    await Bun.sleep(500);
    const { cpu, jit } = meter();
    const cost = cpuPerEvent(cpu, rate * SECONDS, jit);
    console.log(`${kind} layout, ${routing}, ${rate} sales/s: ${cost.text}`);
    if (cost.jitText) console.log(`  ${cost.jitText}`);
    console.log(formatTierReport(await tierReport(tp.layout, before)));
  }
  const idle = cpuSecondsMeter(pids());
  await Bun.sleep(5000);
  const { cpu, wall } = idle();
  const cores = Object.entries(cpu)
    .map(([name, seconds]) => `${name} ${(seconds / wall).toFixed(3)}`)
    .join(", ");
  console.log(`${kind} layout, idle, cores: ${cores}`);
} finally {
  await tp.stop();
}
