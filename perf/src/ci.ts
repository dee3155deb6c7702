/**
 * `npm run perf:ci`: the quick suite, compared with perf/baseline.json by ratios; exits 1
 * only when a ratio dropped beyond its noise threshold (or its harness failed).
 * `npm run perf:ci -- --update-baseline [--runs N]` runs the quick suite N times (3 by
 * default) and writes their medians and spreads as the new baseline.
 *
 * Why the thresholds are what they are (see report-compare.ts: min(75 %, max(40 %, 2 x spread))):
 * Three quick runs of all six harnesses (2026-11-23, 2 shared cores, commit after eager
 * batches and stored-offset commits, `npm run perf:ci -- --update-baseline`), ratio:
 * samples -> median, spread = (max - min) / median, worst drop below the median. Every
 * threshold is above the worst drop seen; the 40 % floor covers noise three runs do not
 * show (a 25 % floor let CI fail on noise: kafka single / limit once came 53 % under a
 * baseline whose runs spread by 8 %). Measuring each path's limit right before it brought
 * that ratio's spread from 58 % (one limit for all paths) to under 15 %.
 *   ingest-http / ingest / minimal Bun.serve: 0.492, 0.453, 0.521 (median 0.492; spread 13.8 %; worst drop 7.9 %) -> -40 %
 *   ingest-http / batch1000 events/s / single req/s: 21.401, 25.915, 19.380 (median 21.401; spread 30.5 %; worst drop 9.4 %) -> -61 %
 *   ingest-http / uWS / Bun.serve minimal: 0.758, 0.587, 0.744 (median 0.744; spread 22.9 %; worst drop 21.1 %) -> -46 %
 *   router-grpc / batch1000 / batch1: 13.488, 17.115, 14.081 (median 14.081; spread 25.8 %; worst drop 4.2 %) -> -52 %
 *   router-grpc / batch100 / batch1: 14.331, 13.388, 14.709 (median 14.331; spread 9.2 %; worst drop 6.6 %) -> -40 %
 *   router-grpc / batch1 / raw grpc-js stream: 0.551, 0.353, 0.644 (median 0.551; spread 52.8 %; worst drop 36.0 %) -> -75 %
 *   kafka-writer / rdkafka best / limit: 0.269, 0.256, 0.272 (median 0.269; spread 5.7 %; worst drop 4.8 %) -> -40 %
 *   kafka-writer / js best / limit: 0.473, 0.319, 0.326 (median 0.326; spread 47.1 %; worst drop 2.1 %) -> -75 %
 *   kafka-writer / rdkafka best / js best: 0.569, 0.802, 0.833 (median 0.802; spread 32.9 %; worst drop 29.1 %) -> -66 %
 *   rabbitmq-writer / quorum best / limit: 0.849, 1.351, 1.042 (median 1.042; spread 48.1 %; worst drop 18.6 %) -> -75 %
 *   rabbitmq-writer / classic best / quorum best: 0.549, 0.528, 0.713 (median 0.549; spread 33.8 %; worst drop 3.8 %) -> -68 %
 *   valkey-apply / bun batch1000 / limit: 1.144, 0.760, 1.031 (median 1.031; spread 37.2 %; worst drop 26.3 %) -> -74 %
 *   valkey-apply / bun / node batch100: 1.222, 1.081, 0.881 (median 1.081; spread 31.5 %; worst drop 18.5 %) -> -63 %
 *   end-to-end / kafka single / Bun.serve limit: 0.125, 0.141, 0.122 (median 0.125; spread 14.9 %; worst drop 2.1 %) -> -40 %
 *   end-to-end / kafka batch / kafka single: 7.283, 6.986, 7.381 (median 7.283; spread 5.4 %; worst drop 4.1 %) -> -40 %
 *   end-to-end / rabbitmq single / Bun.serve limit: 0.153, 0.153, 0.139 (median 0.153; spread 9.1 %; worst drop 9.0 %) -> -40 %
 *   end-to-end / rabbitmq batch / rabbitmq single: 4.230, 3.024, 3.409 (median 3.409; spread 35.4 %; worst drop 11.3 %) -> -71 %
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
