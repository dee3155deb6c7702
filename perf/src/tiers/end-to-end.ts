import type { RoutingMode } from "../../../packages/cli/src/pipeline-layout.ts";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { runCannon } from "../load-autocannon.ts";
import { batchBodies, JSON_TYPE, NDJSON, singleBodies } from "../load-bodies.ts";
import { startNullServer } from "../load-null-process.ts";
import { measurePath } from "./end-to-end-path.ts";

// Quick (CI) runs skip "both": it is the sum of the other two paths' work, and CI's five
// minutes are shared with every other tier's harness.
const paths = (quick: boolean): RoutingMode[] =>
  quick ? ["kafka", "rabbitmq"] : ["kafka", "rabbitmq", "both"];
const BATCH = 1000;

const find = (ms: Measurement[], path: string, mode: string) =>
  ms.find((m) => m.params?.path === path && m.params?.mode === mode);

/**
 * The whole pipeline per broker path, against the same load on a minimal Bun.serve in the
 * same run: the ratio e2e / limit is what survives a noisy shared machine.
 */
export const endToEnd: Harness = {
  tier: "end-to-end",
  async run({ quick, progress }: HarnessOptions): Promise<TierResult> {
    const seconds = quick ? 2 : 10;
    const connections = 100;
    const batchConnections = 8;
    const single = singleBodies(5000);
    const batches = batchBodies(quick ? 16 : 48, BATCH);

    progress("limit: minimal Bun.serve, same bodies, same load tool");
    const sink = await startNullServer();
    let limit: Measurement;
    let batchLimit: Measurement;
    try {
      const url = `${sink.url}/api/tweets`;
      await runCannon(
        {
          url,
          bodies: single,
          contentType: JSON_TYPE,
          connections: 10,
          seconds: 1,
          eventsPerRequest: 1,
        },
        "warm-up",
      );
      limit = (
        await runCannon(
          {
            url,
            bodies: single,
            contentType: JSON_TYPE,
            connections,
            seconds,
            eventsPerRequest: 1,
          },
          "minimal Bun.serve answering 202, closed loop, 1 event/request",
        )
      ).measurement;
      batchLimit = (
        await runCannon(
          {
            url,
            bodies: batches,
            contentType: NDJSON,
            connections: batchConnections,
            seconds,
            eventsPerRequest: BATCH,
          },
          `minimal Bun.serve answering 202, NDJSON of ${BATCH} events/request`,
        )
      ).measurement;
      batchLimit.params = { mode: "limit-batch", ...batchLimit.params };
    } finally {
      await sink.stop();
    }

    const measurements: Measurement[] = [batchLimit];
    const notes: string[] = [];
    for (const routing of paths(quick)) {
      const path = await measurePath({
        routing,
        single,
        batches,
        batchSize: BATCH,
        connections,
        batchConnections,
        seconds,
        progress,
      });
      measurements.push(...path.measurements);
      notes.push(...path.notes);
    }

    const ratios: Record<string, number> = {};
    for (const routing of paths(quick)) {
      const closed = find(measurements, routing, "closed");
      const batch = find(measurements, routing, "batch");
      if (closed)
        ratios[`${routing} single / Bun.serve limit`] = closed.perSecond / limit.perSecond;
      if (batch)
        ratios[`${routing} batch / Bun.serve batch limit`] = batch.perSecond / batchLimit.perSecond;
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
