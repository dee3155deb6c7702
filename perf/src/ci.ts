/**
 * `npm run perf:ci`: the quick suite, compared with perf/baseline.json by ratios; exits 1
 * only when a ratio dropped beyond its noise threshold (or its harness failed).
 * `npm run perf:ci -- --update-baseline [--runs N]` runs the quick suite N times (3 by
 * default) and writes their medians and spreads as the new baseline.
 *
 * Why the thresholds are what they are (see report-compare.ts: min(75 %, max(25 %, 2 x spread))):
 * NOISE_MEASUREMENTS
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
