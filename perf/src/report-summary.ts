import { fastest, type Measurement, type TierResult } from "./harness.ts";

export interface SummaryRow {
  tier: string;
  best: number;
  p50?: number;
  p99?: number;
  limit?: number;
  ratio?: number;
  /** The bar for this tier: 0.8 of its raw limit, 0.3 for the whole pipeline. */
  target: number;
  met?: boolean;
}

// End to end: issue 8 asks 0.3 of the minimal Bun.serve for one event per request.
const targetOf = (tier: string) => (tier === "end-to-end" ? 0.3 : 0.8);

/**
 * The tier's best measurement comparable with its limit: with the same `batch` param when
 * the limit has one (a batch rate is not comparable with a one-event-per-request limit).
 */
function comparable(result: TierResult): Measurement | undefined {
  const batch = result.limit?.params?.batch;
  const pool = result.measurements.filter(
    (m) =>
      !String(m.params?.mode ?? "").startsWith("limit") &&
      (batch === undefined || m.params?.batch === batch),
  );
  return pool.length > 0 ? fastest(pool) : undefined;
}

export function summaryRows(results: TierResult[]): SummaryRow[] {
  return results.map((r) => {
    const best = comparable(r);
    const ratio = best && r.limit ? best.perSecond / r.limit.perSecond : undefined;
    const target = targetOf(r.tier);
    return {
      tier: r.tier,
      best: best?.perSecond ?? 0,
      p50: best?.latencyMs?.p50,
      p99: best?.latencyMs?.p99,
      limit: r.limit?.perSecond,
      ratio,
      target,
      met: ratio === undefined ? undefined : ratio >= target,
    };
  });
}

const n = (v: number | undefined, digits = 0) =>
  v === undefined || Number.isNaN(v)
    ? "-"
    : v.toLocaleString("en-US", { maximumFractionDigits: digits });

/** Plain-text table for the terminal; the same cells go into report.md. */
export function summaryCells(rows: SummaryRow[]): string[][] {
  const header = ["tier", "best events/s", "p50 ms", "p99 ms", "limit /s", "ratio", "target met?"];
  return [
    header,
    ...rows.map((r) => [
      r.tier,
      n(r.best),
      n(r.p50, 2),
      n(r.p99, 2),
      n(r.limit),
      n(r.ratio, 3),
      r.met === undefined
        ? "no limit"
        : r.met
          ? `yes (>= ${r.target})`
          : `NO: ${r.target} wanted, missed by ${n(((r.target - (r.ratio ?? 0)) / r.target) * 100, 0)} %`,
    ]),
  ];
}

export function textTable(cells: string[][]): string {
  const widths =
    cells[0]?.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length))) ?? [];
  return cells
    .map((row) =>
      row
        .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .join("\n");
}

export function markdownTable(cells: string[][]): string {
  const [head, ...body] = cells;
  if (!head) return "";
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...body.map(line)].join("\n");
}
