import type { LayoutKind, RoutingMode } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { batchBodies, singleBodies } from "../load-bodies.ts";
import { startNullServer } from "../load-null-process.ts";
import { batchLimit, singleLimit } from "./end-to-end-limit.ts";
import { measurePath } from "./end-to-end-path.ts";

// The single layout (what npm start runs on one machine) on every path; the per-tier layout
// on the Kafka path beside it. Quick (CI) runs skip "both": it is the sum of the other two
// paths' work, and CI's minutes are shared with every other tier's harness.
const paths = (quick: boolean): [LayoutKind, RoutingMode][] => [
  ["single", "kafka"],
  ["single", "rabbitmq"],
  ...(quick ? [] : ([["single", "both"]] as [LayoutKind, RoutingMode][])),
  ["tiers", "kafka"],
];
const BATCH = 1000;

const find = (ms: Measurement[], layout: string, path: string, mode: string) =>
  ms.find((m) => m.params?.layout === layout && m.params?.path === path && m.params?.mode === mode);

/**
 * The whole pipeline per broker path, each path right after the same load on a minimal
 * Bun.serve: limit and pipeline measured seconds apart see the same machine, so their
 * ratio is what survives a noisy shared machine (three quick runs with one limit for all
 * paths spread the ratio by up to 58 %).
 */
export const endToEnd: Harness = {
  tier: "end-to-end",
  async run({ quick, progress }: HarnessOptions): Promise<TierResult> {
    const seconds = quick ? 3 : 10;
    const sink = await startNullServer();
    const plan = {
      url: `${sink.url}/api/tweets`,
      single: singleBodies(5000),
      batches: batchBodies(quick ? 16 : 48, BATCH),
      batchSize: BATCH,
      connections: 100,
      batchConnections: 8,
      seconds,
    };
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    const ratios: Record<string, number> = {};
    const comparisons: Record<string, number> = {};
    let limit: Measurement | undefined;
    try {
      progress("limit: minimal Bun.serve, batch bodies");
      measurements.push(await batchLimit(plan));
      for (const [layout, routing] of paths(quick)) {
        const name = `${layout} layout, ${routing}`;
        progress(`limit before ${name}: minimal Bun.serve, same bodies, same load tool`);
        const pathLimit = await singleLimit(plan, `paired with ${name}`);
        limit ??= pathLimit;
        // The dashboard only in full runs: CI's ratios stay comparable with its baseline.
        const path = await measurePath({ ...plan, routing, layout, progress, dashboard: !quick });
        measurements.push(pathLimit, ...path.measurements);
        notes.push(...path.notes);
        const closed = find(path.measurements, layout, routing, "closed");
        const batch = find(path.measurements, layout, routing, "batch");
        if (closed)
          ratios[`${name}, 1 event / Bun.serve limit`] = closed.perSecond / pathLimit.perSecond;
        if (batch)
          ratios[`${name}, batch events/s / Bun.serve limit`] =
            batch.perSecond / pathLimit.perSecond;
        // Batching gain of the same pipeline, seconds apart.
        if (batch && closed)
          comparisons[`${name}, batch / 1 event`] = batch.perSecond / closed.perSecond;
      }
    } finally {
      await sink.stop();
    }
    return {
      tier: "end-to-end",
      title:
        "End to end: HTTP ingest -> router -> writers -> Kafka / RabbitMQ -> consumers -> Valkey",
      downstream:
        "the real pipeline, single layout (ingest, router and writers in one process) and per-tier layout: Kafka (acks=all), RabbitMQ (quorum queue, confirms), Valkey (idempotent Lua apply)",
      measurements,
      limit,
      ratios,
      comparisons,
      notes,
    };
  },
};
