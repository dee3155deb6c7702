import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { harnesses } from "./harnesses.ts";
import {
  type Baseline,
  CAP,
  compare,
  FLOOR,
  failing,
  ratioTable,
  verdictTable,
} from "./report-compare.ts";
import { runSuite } from "./report-run.ts";
import { resultsRoot } from "./report-write.ts";

export const baselinePath = join(import.meta.dir, "..", "baseline.json");

export async function readBaseline(): Promise<Baseline | undefined> {
  return existsSync(baselinePath) ? ((await Bun.file(baselinePath).json()) as Baseline) : undefined;
}

const noiseNote = (b: Baseline) =>
  [
    `Thresholds: a ratio fails when it drops by more than min(${CAP * 100} %, max(${FLOOR * 100} %, 2 x its spread)), the spread being (max - min) / median over the ${b.runs} quick runs that made the baseline (${b.createdAt}, commit ${b.commit.slice(0, 12)}):`,
    ...Object.entries(b.spread).flatMap(([tier, ratios]) =>
      Object.entries(ratios).map(
        ([name, s]) => `- ${tier} / ${name}: spread ${(s * 100).toFixed(1)} %`,
      ),
    ),
  ].join("\n");

/**
 * The quick suite against perf/baseline.json, as one check: ok unless a ratio regressed
 * beyond its noise threshold (or vanished because its harness failed). Writes the report to
 * perf/results/ci-<timestamp>.md and returns a summary naming the tiers that regressed.
 */
export interface PerfGateResult {
  ok: boolean;
  summary: string;
  report: string;
  /** "tier / ratio" of every ratio that regressed (or went missing) in this measurement. */
  failing: string[];
}

export async function runPerfGate(): Promise<PerfGateResult> {
  const baseline = await readBaseline();
  if (!baseline) {
    return {
      ok: false,
      summary: `no ${baselinePath}: run npm run perf:ci -- --update-baseline`,
      report: "",
      failing: ["baseline / missing"],
    };
  }
  const suite = await runSuite(harnesses, true);
  const verdicts = compare(ratioTable(suite.results), baseline);
  const bad = failing(verdicts);
  const tiers = [...new Set(bad.map((v) => v.tier))];
  const summary =
    bad.length === 0
      ? `perf gate: ok, ${verdicts.length} ratios within their noise thresholds (${suite.seconds.toFixed(0)} s)`
      : `perf gate: REGRESSION in ${tiers.join(", ")}: ${bad.map((v) => `${v.ratio} ${v.status === "MISSING" ? "missing" : `${((v.change ?? 0) * 100).toFixed(1)} %`}`).join("; ")}`;
  const stamp = new Date()
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z");
  const report = [
    `# perf:ci regression report, ${stamp}`,
    summary,
    "Ratios only (each a quotient of two measurements from the same run); absolute rates on a shared machine are not compared.",
    verdictTable(verdicts),
    ...(suite.errors.length
      ? [`Harnesses that failed:\n${suite.errors.map((e) => `- ${e}`).join("\n")}`]
      : []),
    noiseNote(baseline),
    `Quick suite ran in ${suite.seconds.toFixed(0)} s.`,
  ].join("\n\n");
  mkdirSync(resultsRoot, { recursive: true });
  const file = join(resultsRoot, `ci-${stamp}.md`);
  await Bun.write(file, `${report}\n`);
  return {
    ok: bad.length === 0,
    summary: `${summary}\nreport: ${file}`,
    report,
    failing: bad.map((v) => `${v.tier} / ${v.ratio}`),
  };
}
