import { describe, expect, test } from "bun:test";
import type { TierResult } from "./harness.ts";
import { type Baseline, compare, failing, ratioTable } from "./report-compare.ts";

const baseline: Baseline = {
  createdAt: "2026-12-07T00:00:00.000Z",
  commit: "0".repeat(40),
  runs: 3,
  ratios: { tier: { "ours / limit": 0.5, "gone / limit": 1 } },
  spread: { tier: { "ours / limit": 0.1, "gone / limit": 0.1 } },
};

const result = (ratios: Record<string, number>, comparisons = {}): TierResult => ({
  tier: "tier",
  title: "t",
  downstream: "d",
  measurements: [],
  ratios,
  comparisons,
});

describe("the perf gate's comparison", () => {
  test("a drop beyond the threshold (40 % floor) regresses, a rise is reported", () => {
    const dropped = compare(
      ratioTable([result({ "ours / limit": 0.29, "gone / limit": 1 })]),
      baseline,
    );
    expect(failing(dropped).map((v) => v.ratio)).toEqual(["ours / limit"]);
    const within = compare(
      ratioTable([result({ "ours / limit": 0.31, "gone / limit": 1 })]),
      baseline,
    );
    expect(failing(within)).toEqual([]);
    const rose = compare(
      ratioTable([result({ "ours / limit": 0.8, "gone / limit": 1 })]),
      baseline,
    );
    expect(rose.find((v) => v.ratio === "ours / limit")?.status).toBe("improved");
  });

  test("a baseline ratio the run did not produce counts as a regression", () => {
    const verdicts = compare(ratioTable([result({ "ours / limit": 0.5 })]), baseline);
    expect(failing(verdicts).map((v) => [v.ratio, v.status])).toEqual([
      ["gone / limit", "MISSING"],
    ]);
  });

  test("side-by-side comparisons never reach the gate, however far they move", () => {
    const table = ratioTable([
      result({ "ours / limit": 0.5, "gone / limit": 1 }, { "batch / 1 event": 0.001 }),
    ]);
    expect(table).toEqual({ tier: { "ours / limit": 0.5, "gone / limit": 1 } });
    expect(failing(compare(table, baseline))).toEqual([]);
  });
});
