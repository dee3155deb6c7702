import type { TierResult } from "./harness.ts";
import { markdownTable } from "./report-summary.ts";

/** tier -> ratio name -> value. */
export type RatioTable = Record<string, Record<string, number>>;

export interface Baseline {
  createdAt: string;
  commit: string;
  runs: number;
  /** Median of each ratio over `runs` quick runs. */
  ratios: RatioTable;
  /** (max - min) / median of each ratio over those runs: the noise the gate must tolerate. */
  spread: RatioTable;
}

/**
 * Below this relative drop nothing fails, whatever the spread: three runs under-estimate
 * the noise of a shared 2-core machine, so the floor covers what they did not see. It was
 * 25 %; CI then saw end-to-end kafka single / limit 53 % below a baseline whose three runs
 * spread by 8 %, and eleven quick runs of that ratio on one day ranged 0.09-0.175.
 */
export const FLOOR = 0.4;
/**
 * Above this drop (a 4x slowdown) a ratio fails however noisy it was: no baseline sample
 * fell that far below its median, and a gate that can never fail is no gate.
 */
export const CAP = 0.75;
/** A ratio's threshold: twice its observed spread, within [FLOOR, CAP]. */
export const thresholdOf = (spread: number | undefined) =>
  Math.min(CAP, Math.max(FLOOR, 2 * (spread ?? 0)));

export const ratioTable = (results: TierResult[]): RatioTable =>
  Object.fromEntries(results.map((r) => [r.tier, r.ratios]));

export interface Verdict {
  tier: string;
  ratio: string;
  baseline?: number;
  current?: number;
  change?: number;
  threshold: number;
  status: "ok" | "REGRESSED" | "improved" | "new" | "MISSING";
}

/**
 * Every ratio is oriented so that higher is better (a throughput over its limit, a batched
 * rate over an unbatched one): a drop beyond the threshold is a regression, a rise beyond
 * it is reported so the baseline can be moved. A baseline ratio with no current value
 * (its harness failed) counts as a regression: a crash must not hide one.
 */
export function compare(current: RatioTable, baseline: Baseline): Verdict[] {
  const out: Verdict[] = [];
  const tiers = new Set([...Object.keys(baseline.ratios), ...Object.keys(current)]);
  for (const tier of tiers) {
    const names = new Set([
      ...Object.keys(baseline.ratios[tier] ?? {}),
      ...Object.keys(current[tier] ?? {}),
    ]);
    for (const ratio of names) {
      const b = baseline.ratios[tier]?.[ratio];
      const c = current[tier]?.[ratio];
      const threshold = thresholdOf(baseline.spread[tier]?.[ratio]);
      const v: Verdict = { tier, ratio, baseline: b, current: c, threshold, status: "ok" };
      if (b === undefined) v.status = "new";
      else if (c === undefined || Number.isNaN(c)) v.status = "MISSING";
      else {
        v.change = (c - b) / b;
        if (v.change < -threshold) v.status = "REGRESSED";
        else if (v.change > threshold) v.status = "improved";
      }
      out.push(v);
    }
  }
  return out;
}

export const failing = (verdicts: Verdict[]) =>
  verdicts.filter((v) => v.status === "REGRESSED" || v.status === "MISSING");

const n = (v: number | undefined) => (v === undefined ? "-" : v.toFixed(3));
const pct = (v: number | undefined) =>
  v === undefined ? "-" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)} %`;

export function verdictTable(verdicts: Verdict[]): string {
  return markdownTable([
    ["tier", "ratio", "baseline", "now", "change", "threshold", "status"],
    ...verdicts.map((v) => [
      v.tier,
      v.ratio,
      n(v.baseline),
      n(v.current),
      pct(v.change),
      `-${(v.threshold * 100).toFixed(0)} %`,
      v.status,
    ]),
  ]);
}

/** Median and relative spread of each ratio over repeated runs. */
export function summarizeRuns(runs: RatioTable[]): { ratios: RatioTable; spread: RatioTable } {
  const ratios: RatioTable = {};
  const spread: RatioTable = {};
  for (const tier of new Set(runs.flatMap((r) => Object.keys(r)))) {
    ratios[tier] = {};
    spread[tier] = {};
    for (const name of new Set(runs.flatMap((r) => Object.keys(r[tier] ?? {})))) {
      const values = runs
        .map((r) => r[tier]?.[name])
        .filter((v): v is number => v !== undefined && !Number.isNaN(v));
      values.sort((a, b) => a - b);
      const median = values[Math.floor(values.length / 2)] ?? Number.NaN;
      ratios[tier][name] = median;
      spread[tier][name] = ((values.at(-1) ?? 0) - (values[0] ?? 0)) / median;
    }
  }
  return { ratios, spread };
}
