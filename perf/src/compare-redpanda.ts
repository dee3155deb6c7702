/**
 * rafaga against the generic stream processor a user would pick instead, side by side in
 * one run on the same Kafka and Valkey: Redpanda Connect wired HTTP -> Kafka -> one Valkey
 * script call per batch (perf/redpanda-connect, built here with Go), and rafaga's single
 * layout, on the Black Friday workload at 10 and 64 keep-alive connections, rounds
 * alternating. Each phase's CPU of every process is charged until Valkey applied its
 * sales. rafaga must end exact (Valkey's total = what ingest accepted) or the run fails;
 * for Redpanda Connect the same comparison is printed.
 *
 *   bun perf/src/compare-redpanda.ts [--quick]
 */
import { join } from "node:path";
import { SalesStore } from "@rafaga/domains";
import { ensureUp } from "@rafaga/infra";
import { cpuPerEvent, cpuSecondsMeter, infraPids } from "@rafaga/runner";
import { buildRedpandaConnect, startRedpandaConnect } from "./compare/redpanda-connect.ts";
import type { Measurement } from "./harness.ts";
import { runCannon } from "./load-autocannon.ts";
import { JSON_TYPE } from "./load-bodies.ts";
import { resultsRoot } from "./report-write.ts";
import { CONNECTIONS, measureLayout, saleBodies } from "./tiers/layouts.ts";

interface Row {
  system: string;
  round: number;
  connections: number;
  measurement: Measurement;
  pipelineUs: number;
  text: string;
}

const quick = process.argv.includes("--quick");
const seconds = quick ? 3 : 8;
const rounds = quick ? 1 : 2;
const warmUpSeconds = quick ? 3 : 5;
const progress = (message: string) => console.error(`[compare] ${message}`);

await ensureUp(["kafka", "valkey"]);
const executable = await buildRedpandaConnect(progress);
const bodies = saleBodies(5000);
const rows: Row[] = [];
const exactness: string[] = [];

for (let round = 1; round <= rounds; round++) {
  progress(`round ${round}: rafaga, single layout`);
  const rafaga = await measureLayout("single", bodies, seconds, round, warmUpSeconds);
  rafaga.measurements.forEach((measurement, i) => {
    const cost = rafaga.costs[i];
    if (!cost) return;
    rows.push({ ...cost, system: "rafaga", measurement });
  });
  progress(`round ${round}: Redpanda Connect`);
  rows.push(...(await measureRedpandaConnect(round)));
}

async function measureRedpandaConnect(round: number): Promise<Row[]> {
  const rpc = await startRedpandaConnect(executable, join(resultsRoot, "compare-logs"));
  const store = new SalesStore({ keyPrefix: rpc.keyPrefix });
  const pids = { ...rpc.pids, ...infraPids(), "load generator": process.pid };
  const run = { url: rpc.url, bodies, contentType: JSON_TYPE, eventsPerRequest: 1 };
  const out: Row[] = [];
  try {
    await runCannon({ ...run, connections: 64, seconds: warmUpSeconds }, "warm-up");
    for (const connections of CONNECTIONS) {
      const before = await rpc.sent();
      const meter = cpuSecondsMeter(pids);
      const label = `Redpanda Connect, Black Friday sales, ${connections} connections`;
      const { measurement } = await runCannon({ ...run, connections, seconds }, label);
      const after = await rpc.sent();
      const deadline = performance.now() + 60_000;
      while ((await store.readAggregates()).totalSales < after && performance.now() < deadline)
        await Bun.sleep(20);
      const cost = cpuPerEvent(meter().cpu, after - before);
      out.push({ system: "Redpanda Connect", round, connections, measurement, ...cost });
    }
    // A request the load tool gave up on at its end can still be acked after the phase
    // was read; its sale is applied a moment later.
    const sent = await rpc.sent();
    const deadline = performance.now() + 30_000;
    let applied = (await store.readAggregates()).totalSales;
    while (applied < sent && performance.now() < deadline) {
      await Bun.sleep(20);
      applied = (await store.readAggregates()).totalSales;
    }
    // Reported, not thrown: the other tool's inexactness is a finding of the comparison.
    // rafaga's side throws (measureLayout) when it is not exact.
    exactness.push(
      `Redpanda Connect, round ${round}: ${sent} sales acked by Kafka, ${applied} applied in Valkey${applied === sent ? " (exact)" : ` (${sent - applied} missing)`}`,
    );
  } finally {
    await store.close();
    await rpc.stop();
  }
  return out;
}

console.log(
  "\nsystem            conn  round  requests/s  p50 ms  p99 ms  CPU us/event (per process)",
);
for (const r of rows) {
  const l = r.measurement.latencyMs;
  console.log(
    `${r.system.padEnd(17)} ${String(r.connections).padStart(4)}  ${String(r.round).padStart(5)}  ${Math.round(r.measurement.perSecond).toString().padStart(10)}  ${String(l?.p50).padStart(6)}  ${String(l?.p99).padStart(6)}  ${r.text}`,
  );
}
// Per round, each system against the other measured minutes apart: a median of two rounds
// would pick one round's rafaga and the other's Redpanda Connect.
for (const connections of CONNECTIONS) {
  for (let round = 1; round <= rounds; round++) {
    const of = (system: string) =>
      rows.find((r) => r.system === system && r.connections === connections && r.round === round);
    const ours = of("rafaga");
    const theirs = of("Redpanda Connect");
    if (!ours || !theirs) continue;
    const rate = ours.measurement.perSecond / theirs.measurement.perSecond;
    const cpu = ours.pipelineUs / theirs.pipelineUs;
    console.log(
      `${connections} connections, round ${round}: rafaga / Redpanda Connect = ${rate.toFixed(2)} x the requests/s, ${cpu.toFixed(2)} x the CPU per event; p50 ${ours.measurement.latencyMs?.p50} vs ${theirs.measurement.latencyMs?.p50} ms`,
    );
  }
}
for (const line of exactness) console.log(line);
process.exit(0);
