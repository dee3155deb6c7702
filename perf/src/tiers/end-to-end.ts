import type { RoutingMode } from "../../../packages/cli/src/pipeline-layout.ts";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { batchBodies, singleBodies } from "../load-bodies.ts";
import { startNullServer } from "../load-null-process.ts";
import { batchLimit, singleLimit } from "./end-to-end-limit.ts";
import { measurePath } from "./end-to-end-path.ts";

// Quick (CI) runs skip "both": it is the sum of the other two paths' work, and CI's five
// minutes are shared with every other tier's harness.
const paths = (quick: boolean): RoutingMode[] =>
  quick ? ["kafka", "rabbitmq"] : ["kafka", "rabbitmq", "both"];
const BATCH = 1000;

const find = (ms: Measurement[], path: string, mode: string) =>
  ms.find((m) => m.params?.path === path && m.params?.mode === mode);

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
    let limit: Measurement | undefined;
    try {
      progress("limit: minimal Bun.serve, batch bodies");
      measurements.push(await batchLimit(plan));
      for (const routing of paths(quick)) {
        progress(
          `limit before the ${routing} path: minimal Bun.serve, same bodies, same load tool`,
        );
        const pathLimit = await singleLimit(plan, `paired with ${routing}`);
        limit ??= pathLimit;
        const path = await measurePath({ ...plan, routing, progress });
        measurements.push(pathLimit, ...path.measurements);
        notes.push(...path.notes);
        const closed = find(path.measurements, routing, "closed");
        const batch = find(path.measurements, routing, "batch");
        if (closed)
          ratios[`${routing} single / Bun.serve limit`] = closed.perSecond / pathLimit.perSecond;
        // Batching gain of the same pipeline, seconds apart.
        if (batch && closed)
          ratios[`${routing} batch / ${routing} single`] = batch.perSecond / closed.perSecond;
      }
    } finally {
      await sink.stop();
    }
    return {
      tier: "end-to-end",
      title:
        "End to end: HTTP ingest -> router -> writers -> Kafka / RabbitMQ -> consumers -> Valkey",
      downstream:
        "the real pipeline: every tier its own process, Kafka (acks=all), RabbitMQ (quorum queue, confirms), Valkey (idempotent Lua apply)",
      measurements,
      limit,
      ratios,
      notes,
    };
  },
};
