/**
 * `npm run perf:ci`: the quick suite, compared with perf/baseline.json by ratios; exits 1
 * only when a ratio dropped beyond its noise threshold (or its harness failed).
 * `npm run perf:ci -- --update-baseline [--runs N]` runs the quick suite N times (3 by
 * default) and writes their medians and spreads as the new baseline.
 *
 * Why the thresholds are what they are (see report-compare.ts: min(75 %, max(25 %, 2 x spread))):
 * Three quick runs of all six harnesses (2026-11-23, 2 shared cores, `npm run perf:ci --
 * --update-baseline`), ratio: samples (median; spread = (max - min) / median; worst drop
 * below the median) -> threshold. Every threshold is above the worst drop seen and above
 * the spread; the 25 % floor covers noise three runs did not show. The first attempt, with
 * one Bun.serve limit for all paths, spread end-to-end kafka single / limit by 58 %;
 * measuring the limit right before each path brought it to 7.8 %.
 *   ingest-http / ingest / minimal Bun.serve: 0.259, 0.301, 0.274 (median 0.274; spread 15.4 %; worst drop 5.6 %) -> -31 %
 *   ingest-http / batch1000 events/s / single req/s: 39.251, 36.811, 36.034 (median 36.811; spread 8.7 %; worst drop 2.1 %) -> -25 %
 *   ingest-http / uWS / Bun.serve minimal: 0.618, 0.869, 0.637 (median 0.637; spread 39.4 %; worst drop 3.1 %) -> -75 %
 *   router-grpc / batch1000 / batch1: 15.315, 9.896, 7.691 (median 9.896; spread 77.1 %; worst drop 22.3 %) -> -75 %
 *   router-grpc / batch100 / batch1: 12.095, 11.631, 9.365 (median 11.631; spread 23.5 %; worst drop 19.5 %) -> -47 %
 *   router-grpc / batch1 / raw grpc-js stream: 0.403, 0.519, 0.684 (median 0.519; spread 54.2 %; worst drop 22.3 %) -> -75 %
 *   kafka-writer / rdkafka best / limit: 0.184, 0.224, 0.293 (median 0.224; spread 48.9 %; worst drop 17.7 %) -> -75 %
 *   kafka-writer / js best / limit: 0.256, 0.231, 0.367 (median 0.256; spread 53.2 %; worst drop 9.7 %) -> -75 %
 *   kafka-writer / rdkafka best / js best: 0.720, 0.968, 0.800 (median 0.800; spread 31.1 %; worst drop 10.1 %) -> -62 %
 *   rabbitmq-writer / quorum best / limit: 1.048, 1.179, 1.011 (median 1.048; spread 16.1 %; worst drop 3.6 %) -> -32 %
 *   rabbitmq-writer / classic best / quorum best: 0.561, 0.545, 0.507 (median 0.545; spread 9.9 %; worst drop 6.9 %) -> -25 %
 *   valkey-apply / bun batch1000 / limit: 0.673, 0.500, 0.616 (median 0.616; spread 28.1 %; worst drop 18.9 %) -> -56 %
 *   valkey-apply / bun / node batch100: 1.576, 0.869, 0.745 (median 0.869; spread 95.7 %; worst drop 14.2 %) -> -75 %
 *   end-to-end / kafka single / Bun.serve limit: 0.121, 0.121, 0.112 (median 0.121; spread 7.8 %; worst drop 7.5 %) -> -25 %
 *   end-to-end / kafka batch / kafka single: 12.834, 8.058, 5.440 (median 8.058; spread 91.8 %; worst drop 32.5 %) -> -75 %
 *   end-to-end / rabbitmq single / Bun.serve limit: 0.131, 0.138, 0.172 (median 0.138; spread 30.0 %; worst drop 5.1 %) -> -60 %
 *   end-to-end / rabbitmq batch / rabbitmq single: 4.587, 2.964, 4.180 (median 4.180; spread 38.8 %; worst drop 29.1 %) -> -75 %
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
