import { SalesStore, salesWorkload } from "@rafaga/domains";
import { startTestPipeline } from "@rafaga/e2e-kit";
import { LAYOUT_KINDS, type LayoutKind, pipelinePids } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { runCannon } from "../load-autocannon.ts";
import { JSON_TYPE } from "../load-bodies.ts";
import { acceptedSoFar, costPerEvent, formatCost, type PhaseCost } from "./layouts-cost.ts";
import { formatRawCost, rawToolsCost } from "./raw-cost.ts";

export const CONNECTIONS = [10, 64];

/** SPEC §2 sales (weights 3:1:1:1, two-decimal prices) as JSON strings, seeded. */
export function saleBodies(count: number, seed = 71): string[] {
  const next = salesWorkload(seed);
  return Array.from({ length: count }, (_, i) => JSON.stringify(next(i).body));
}

/**
 * The Black Friday workload through each layout, side by side in one run: keep-alive
 * closed loops at 10 and 64 connections, then CPU per event of every process, counted
 * from the start of the load until Valkey has applied every accepted sale (so work the
 * consumers do after the load stops is charged to the events that caused it).
 */
export const layoutsHarness: Harness = {
  tier: "layouts",
  async run({ quick, progress }: HarnessOptions): Promise<TierResult> {
    const seconds = quick ? 3 : 8;
    const rounds = quick ? 1 : 2;
    const bodies = saleBodies(5000);
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    const costs: PhaseCost[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const kind of LAYOUT_KINDS) {
        progress(`layouts: ${kind}, round ${round}`);
        const result = await measureLayout(kind, bodies, seconds, round, quick ? 3 : 5);
        measurements.push(...result.measurements);
        costs.push(...result.costs);
      }
    }
    for (const cost of costs) notes.push(formatCost(cost));
    const raw = await rawToolsCost({
      bodies,
      seconds,
      records: quick ? 300_000 : 1_000_000,
      progress,
    });
    const rawUs = raw.reduce((sum, tool) => sum + tool.us, 0);
    notes.push(
      `raw tools, the same work (HTTP in, Kafka produce and consume, the apply script): ${rawUs.toFixed(1)} us CPU per event\n${formatRawCost(raw)}`,
    );
    const comparisons: Record<string, number> = {};
    for (const connections of CONNECTIONS) {
      const rate = (kind: LayoutKind) =>
        median(
          measurements
            .filter((m) => m.params?.layout === kind && m.params?.connections === connections)
            .map((m) => m.perSecond),
        );
      comparisons[`single / tiers, ${connections} connections`] = rate("single") / rate("tiers");
    }
    // CPU ratios at the closed-loop maximum (64 connections): steadier than rates on a
    // shared machine. Each layout is gated against the raw tools doing the same work, so
    // a ratio drops only when that layout got costlier.
    const cpu = (kind: LayoutKind) =>
      median(
        costs.filter((c) => c.layout === kind && c.connections === 64).map((c) => c.pipelineUs),
      );
    comparisons["tiers CPU per event / single CPU per event"] = cpu("tiers") / cpu("single");
    const ratios = {
      "raw tools CPU per event / single CPU per event": rawUs / cpu("single"),
      "raw tools CPU per event / tiers CPU per event": rawUs / cpu("tiers"),
    };
    notes.push(
      `overhead factor at 64 connections: single layout ${(cpu("single") / rawUs).toFixed(1)} x the raw tools' CPU per event, per-tier layout ${(cpu("tiers") / rawUs).toFixed(1)} x`,
    );
    return {
      tier: "layouts",
      title: "Layouts: the single-process edge and one process per tier, Black Friday workload",
      downstream:
        "the real pipeline routed to Kafka (acks=all), consumers applying to Valkey; the single layout runs ingest, router and writers in one Bun process",
      measurements,
      ratios,
      comparisons,
      notes,
    };
  },
};

export async function measureLayout(
  kind: LayoutKind,
  bodies: string[],
  seconds: number,
  round: number,
  warmUpSeconds: number,
): Promise<{ measurements: Measurement[]; costs: PhaseCost[] }> {
  const tp = await startTestPipeline({ kind, routingSales: "kafka", routingWeather: "kafka" });
  const store = new SalesStore({ url: tp.layout.valkeyUrl, keyPrefix: tp.layout.keyPrefix });
  await store.connect();
  const pids = pipelinePids(tp.pipeline.tiers);
  const run = { url: `${tp.pipeline.ingestUrl}/purchase`, bodies, contentType: JSON_TYPE };
  const measurements: Measurement[] = [];
  const costs: PhaseCost[] = [];
  try {
    // Kafka's JIT needs load before its cost settles: right after a broker restart the JVM
    // spent 250 us per event at 10 connections, 40 at 64, falling to 13 after ~20 s of load.
    await runCannon(
      { ...run, connections: 64, seconds: warmUpSeconds, eventsPerRequest: 1 },
      "warm-up",
    );
    for (const connections of CONNECTIONS) {
      const phase = await costPerEvent({
        pids,
        ingestUrl: tp.pipeline.ingestUrl,
        applied: async () => (await store.readAggregates()).totalSales,
        load: async () =>
          (
            await runCannon(
              { ...run, connections, seconds, eventsPerRequest: 1 },
              `${kind} layout, Black Friday sales, ${connections} connections`,
            )
          ).measurement,
      });
      phase.measurement.params = {
        layout: kind,
        round,
        ...phase.measurement.params,
        "pipeline CPU us/event": Math.round(phase.cost.pipelineUs),
      };
      measurements.push(phase.measurement);
      costs.push({ ...phase.cost, layout: kind, connections, round });
    }
    // Every sale ingest accepted is in Valkey once: a layout that is fast but inexact loses.
    const accepted = await acceptedSoFar(tp.pipeline.ingestUrl);
    const applied = (await store.readAggregates()).totalSales;
    if (applied !== accepted)
      throw new Error(`${kind} layout: ${accepted} sales accepted, ${applied} applied`);
  } finally {
    await store.close();
    await tp.stop();
  }
  return { measurements, costs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
