import type { Measurement, TierResult } from "./harness.ts";
import type { MachineFacts } from "./report-machine.ts";
import { markdownTable, summaryCells, summaryRows } from "./report-summary.ts";
import { targetVerdicts } from "./report-targets.ts";

const f = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(0);

const params = (m: Measurement) =>
  Object.entries(m.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

function tierSection(r: TierResult, charts: string[]): string {
  const rows = [
    ...(r.limit ? [{ ...r.limit, label: `LIMIT: ${r.limit.label}` }] : []),
    ...r.measurements,
  ];
  const cells = [
    ["measurement", "events/s", "p50", "p90", "p99", "p99.9", "params"],
    ...rows.map((m) => [
      m.label,
      f(m.perSecond),
      f(m.latencyMs?.p50),
      f(m.latencyMs?.p90),
      f(m.latencyMs?.p99),
      f(m.latencyMs?.p999),
      params(m),
    ]),
  ];
  const ratios = Object.entries(r.ratios).map(([k, v]) => `- ${k}: **${v.toFixed(3)}**`);
  const comparisons = Object.entries(r.comparisons ?? {}).map(
    ([k, v]) => `- ${k}: ${v.toFixed(3)}`,
  );
  const chart = charts.includes(`latency-${r.tier}.svg`)
    ? [`![latency](latency-${r.tier}.svg)`]
    : [];
  const notes = (r.notes ?? []).map((n) =>
    n.includes("\n") ? `\n\`\`\`\n${n}\n\`\`\`` : `- ${n}`,
  );
  return [
    `## ${r.title} (\`${r.tier}\`)`,
    `Downstream: ${r.downstream}`,
    markdownTable(cells),
    "Latencies in ms. Ratios (what CI compares):",
    ratios.length
      ? ratios.join("\n")
      : "- none: nothing here is measured against a reference we do not write",
    ...(comparisons.length
      ? ["Side by side (not compared by CI: either side moves them):", comparisons.join("\n")]
      : []),
    ...chart,
    ...(notes.length ? ["Notes:", notes.join("\n")] : []),
  ].join("\n\n");
}

/** The report a person reads: summary, targets, then one section per tier. */
export function reportMarkdown(
  results: TierResult[],
  machine: MachineFacts,
  charts: string[],
  errors: string[],
): string {
  const targets = targetVerdicts(results).map(
    (t) => `| ${t.target} | ${t.value} | ${t.met ? "met" : "**missed**"} | ${t.detail} |`,
  );
  const others = charts.filter((c) => !c.startsWith("latency-")).map((c) => `![${c}](${c})`);
  return [
    `# rafaga performance report, ${machine.startedAt}`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; Bun ${machine.bun}, Node ${machine.node}; commit ${machine.gitCommit.slice(0, 12)}${machine.gitDirty ? " (with local changes)" : ""}.`,
    ...(machine.wake
      ? [
          `A wake-up from idle (a 1 ms timer, \`perf/src/wake-cost.ts\`) costs ${machine.wake.bunUs} us of CPU under Bun and ${machine.wake.nodeUs} under Node here${Number.isFinite(machine.wake.cUs) ? ` (${machine.wake.cUs} for the same loop in C: the kernel's and the hypervisor's share)` : ""}: at low load every hop pays about that per batch, twice (request in, ack back).`,
        ]
      : []),
    "Absolute numbers on a shared machine move from run to run; the ratios to a limit measured in the same run are what to compare.",
    "## Summary",
    markdownTable(summaryCells(summaryRows(results))),
    "## Issue 5 targets",
    [
      "| target | measured | verdict | by how much / limited by |",
      "| --- | --- | --- | --- |",
      ...targets,
    ].join("\n"),
    ...(errors.length ? ["## Harnesses that failed", errors.map((e) => `- ${e}`).join("\n")] : []),
    ...others,
    ...results.map((r) => tierSection(r, charts)),
  ].join("\n\n");
}
