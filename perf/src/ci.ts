/**
 * `npm run perf:ci`: the quick suite, compared with perf/baseline.json by ratios; exits 1
 * only when a ratio dropped beyond its noise threshold (or its harness failed).
 * `npm run perf:ci -- --update-baseline [--runs N]` runs the quick suite N times (3 by
 * default) and writes their medians and spreads as the new baseline.
 *
 * Why the thresholds are what they are (see report-compare.ts: min(75 %, max(40 %, 2 x spread))):
 * Three quick runs of all seven harnesses (2026-12-01, 2 shared cores, the commit that
 * added the single layout, the layouts harness and its CPU ratios, `npm run perf:ci --
 * --update-baseline`), ratio: samples -> median, spread = (max - min) / median, worst drop
 * below the median. Every threshold is above the worst drop seen; the 40 % floor covers
 * noise three runs do not show (a 25 % floor once let CI fail on noise: a ratio came 53 %
 * under a baseline whose runs spread by 8 %). The CPU-per-event ratios of `layouts` are
 * no steadier than the rates on this machine (Kafka's JVM moves most, see perf/README.md),
 * so they get the same rule rather than a tighter one. (Since 2026-12-07 only ratios of ours
 * over a reference are gated; the quotients of two of our paths below, such as batch1000 /
 * batch1 and single / tiers, are reported as comparisons instead: see harness.ts.)
 *   ingest-http / ingest / minimal Bun.serve: 0.573, 0.636, 0.646 -> median 0.636, spread 11.6 %, worst drop below median 9.9 %, threshold -40 %
 *   ingest-http / batch1000 events/s / single req/s: 20.160, 15.539, 14.735 -> median 15.539, spread 34.9 %, worst drop below median 5.2 %, threshold -70 %
 *   ingest-http / uWS / Bun.serve minimal: 1.013, 0.854, 0.923 -> median 0.923, spread 17.2 %, worst drop below median 7.5 %, threshold -40 %
 *   router-grpc / batch1000 / batch1: 4.568, 11.011, 9.441 -> median 9.441, spread 68.2 %, worst drop below median 51.6 %, threshold -75 %
 *   router-grpc / batch100 / batch1: 5.082, 11.191, 9.542 -> median 9.542, spread 64.0 %, worst drop below median 46.7 %, threshold -75 %
 *   router-grpc / batch1 / raw grpc-js stream: 1.145, 0.643, 0.625 -> median 0.643, spread 80.9 %, worst drop below median 2.8 %, threshold -75 %
 *   kafka-writer / rdkafka best / limit: 0.287, 0.307, 0.282 -> median 0.287, spread 8.7 %, worst drop below median 1.4 %, threshold -40 %
 *   kafka-writer / js best / limit: 0.405, 0.405, 0.371 -> median 0.405, spread 8.5 %, worst drop below median 8.5 %, threshold -40 %
 *   kafka-writer / rdkafka best / js best: 0.708, 0.759, 0.762 -> median 0.759, spread 7.2 %, worst drop below median 6.8 %, threshold -40 %
 *   rabbitmq-writer / quorum best / limit: 0.986, 1.273, 0.996 -> median 0.996, spread 28.9 %, worst drop below median 1.0 %, threshold -58 %
 *   rabbitmq-writer / classic best / quorum best: 0.506, 0.533, 0.642 -> median 0.533, spread 25.5 %, worst drop below median 5.0 %, threshold -51 %
 *   valkey-apply / bun batch1000 / limit: 0.651, 0.621, 0.578 -> median 0.621, spread 11.8 %, worst drop below median 6.9 %, threshold -40 %
 *   valkey-apply / bun / node batch100: 1.143, 1.047, 0.983 -> median 1.047, spread 15.3 %, worst drop below median 6.1 %, threshold -40 %
 *   end-to-end / single layout, kafka, 1 event / Bun.serve limit: 0.250, 0.236, 0.243 -> median 0.243, spread 5.7 %, worst drop below median 2.6 %, threshold -40 %
 *   end-to-end / single layout, kafka, batch / 1 event: 7.917, 10.505, 6.743 -> median 7.917, spread 47.5 %, worst drop below median 14.8 %, threshold -75 %
 *   end-to-end / single layout, rabbitmq, 1 event / Bun.serve limit: 0.149, 0.154, 0.180 -> median 0.154, spread 20.1 %, worst drop below median 3.1 %, threshold -40 %
 *   end-to-end / single layout, rabbitmq, batch / 1 event: 8.603, 3.178, 3.383 -> median 3.383, spread 160.4 %, worst drop below median 6.1 %, threshold -75 %
 *   end-to-end / tiers layout, kafka, 1 event / Bun.serve limit: 0.426, 0.259, 0.194 -> median 0.259, spread 89.5 %, worst drop below median 25.0 %, threshold -75 %
 *   end-to-end / tiers layout, kafka, batch / 1 event: 5.272, 6.836, 6.057 -> median 6.057, spread 25.8 %, worst drop below median 13.0 %, threshold -52 %
 *   layouts / single / tiers, 10 connections: 2.599, 3.555, 3.376 -> median 3.376, spread 28.3 %, worst drop below median 23.0 %, threshold -57 %
 *   layouts / single / tiers, 64 connections: 1.835, 1.337, 2.184 -> median 1.835, spread 46.2 %, worst drop below median 27.1 %, threshold -75 %
 *   layouts / tiers CPU per event / single CPU per event: 1.852, 1.279, 2.171 -> median 1.852, spread 48.2 %, worst drop below median 31.0 %, threshold -75 %
 *   layouts / raw tools CPU per event / single CPU per event: 0.335, 0.264, 0.385 -> median 0.335, spread 36.3 %, worst drop below median 21.4 %, threshold -73 %
 */
import { writeFileSync } from "node:fs";
import { baselinePath, runPerfGate } from "./ci-gate.ts";
import { harnesses } from "./harnesses.ts";
import { type Baseline, ratioTable, summarizeRuns, thresholdOf } from "./report-compare.ts";
import { machineFacts } from "./report-machine.ts";
import { runSuite } from "./report-run.ts";

const args = process.argv.slice(2);
const started = performance.now();

if (args.includes("--update-baseline")) {
  const runs = Number(args[args.indexOf("--runs") + 1] ?? 3) || 3;
  const tables = [];
  for (let i = 0; i < runs; i++) {
    console.log(`\nbaseline run ${i + 1}/${runs}`);
    const suite = await runSuite(harnesses, true);
    if (suite.errors.length) {
      console.error(`not writing a baseline: ${suite.errors.join("; ")}`);
      process.exit(1);
    }
    tables.push(ratioTable(suite.results));
  }
  const { ratios, spread } = summarizeRuns(tables);
  const baseline: Baseline = {
    createdAt: new Date().toISOString(),
    commit: machineFacts().gitCommit,
    runs,
    ratios,
    spread,
  };
  writeFileSync(baselinePath, `${JSON.stringify({ ...baseline, samples: tables }, null, 2)}\n`);
  for (const [tier, rs] of Object.entries(ratios)) {
    for (const [name, median] of Object.entries(rs)) {
      const values = tables.map((t) => t[tier]?.[name] ?? Number.NaN);
      const s = spread[tier]?.[name] ?? 0;
      const drop = (median - Math.min(...values)) / median;
      console.log(
        `${tier} / ${name}: ${values.map((v) => v.toFixed(3)).join(", ")} -> median ${median.toFixed(3)}, spread ${(s * 100).toFixed(1)} %, worst drop below median ${(drop * 100).toFixed(1)} %, threshold -${(thresholdOf(s) * 100).toFixed(0)} %`,
      );
    }
  }
  console.log(`\nwrote ${baselinePath} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  process.exit(0);
}

const gate = await runPerfGate();
console.log(`\n${gate.report}\n\n${gate.summary}`);
console.log(`perf:ci took ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(gate.ok ? 0 : 1);
