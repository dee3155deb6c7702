/**
 * `npm run perf`: every registered harness in full, then perf/results/<timestamp>/ with
 * report.md, report.json and SVG charts, and the summary table on stdout.
 */
import { harnesses } from "./harnesses.ts";
import { machineFacts } from "./report-machine.ts";
import { runSuite } from "./report-run.ts";
import { summaryCells, summaryRows, textTable } from "./report-summary.ts";
import { targetVerdicts } from "./report-targets.ts";
import { writeReport } from "./report-write.ts";
import { measureWakeCost } from "./wake-cost.ts";

const quick = process.argv.includes("--quick");
const machine = { ...machineFacts(), wake: await measureWakeCost() };
console.log(
  `rafaga perf${quick ? " (quick)" : ""}: ${machine.cpuModel}, ${machine.cores} cores, Bun ${machine.bun}, Node ${machine.node}; a wake-up from idle costs ${machine.wake.bunUs} us of CPU under Bun, ${machine.wake.nodeUs} under Node`,
);
const suite = await runSuite(harnesses, quick);
const dir = await writeReport(suite.results, machine, suite.errors);

console.log(`\n${textTable(summaryCells(summaryRows(suite.results)))}\n`);
for (const t of targetVerdicts(suite.results)) {
  console.log(
    `${t.met ? "met   " : "MISSED"}  ${t.target}: ${t.value}${t.detail ? ` -- ${t.detail}` : ""}`,
  );
}
if (suite.errors.length) console.log(`\nfailed harnesses:\n  ${suite.errors.join("\n  ")}`);
console.log(`\nreport: ${dir}/report.md (${suite.seconds.toFixed(0)} s)`);
process.exit(suite.errors.length ? 1 : 0);
