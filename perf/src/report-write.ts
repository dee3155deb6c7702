import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeCharts } from "./charts-write.ts";
import type { TierResult } from "./harness.ts";
import type { MachineFacts } from "./report-machine.ts";
import { reportMarkdown } from "./report-markdown.ts";

export const resultsRoot = join(import.meta.dir, "..", "results");

/** `perf/results/<timestamp>/`: report.md, report.json and the SVG charts. */
export async function writeReport(
  results: TierResult[],
  machine: MachineFacts,
  errors: string[],
): Promise<string> {
  const dir = join(resultsRoot, machine.startedAt.replaceAll(":", "-").replace(/\.\d+Z$/, "Z"));
  mkdirSync(dir, { recursive: true });
  const charts = await writeCharts(dir, results);
  await Bun.write(
    join(dir, "report.json"),
    `${JSON.stringify({ machine, results, errors }, null, 2)}\n`,
  );
  await Bun.write(join(dir, "report.md"), `${reportMarkdown(results, machine, charts, errors)}\n`);
  return dir;
}
