import type { Measurement } from "../harness.ts";
import { runCannon } from "../load-autocannon.ts";
import { JSON_TYPE, NDJSON } from "../load-bodies.ts";

export interface LimitPlan {
  url: string;
  single: string[];
  batches: string[];
  batchSize: number;
  connections: number;
  batchConnections: number;
  seconds: number;
}

/** The minimal Bun.serve under exactly the load the pipeline gets, one event per request. */
export async function singleLimit(plan: LimitPlan, note: string): Promise<Measurement> {
  const run = { url: plan.url, bodies: plan.single, contentType: JSON_TYPE, eventsPerRequest: 1 };
  await runCannon({ ...run, connections: 10, seconds: 1 }, "warm-up");
  const { measurement } = await runCannon(
    { ...run, connections: plan.connections, seconds: plan.seconds },
    `minimal Bun.serve answering 202, closed loop, 1 event/request (${note})`,
  );
  measurement.params = { mode: "limit", ...measurement.params };
  return measurement;
}

/**
 * The same sink with the batch bodies. It parses nothing, so the pipeline is far below it:
 * reported as the HTTP ceiling for 1,000-event bodies, not used as a gated ratio.
 */
export async function batchLimit(plan: LimitPlan): Promise<Measurement> {
  const { measurement } = await runCannon(
    {
      url: plan.url,
      bodies: plan.batches,
      contentType: NDJSON,
      eventsPerRequest: plan.batchSize,
      connections: plan.batchConnections,
      seconds: plan.seconds,
    },
    `minimal Bun.serve answering 202, NDJSON of ${plan.batchSize} events/request`,
  );
  measurement.params = { mode: "limit-batch", ...measurement.params };
  return measurement;
}
