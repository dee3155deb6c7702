import autocannon from "autocannon";
import type { Measurement } from "./harness.ts";

export interface CannonRun {
  url: string;
  /** Pre-generated bodies, cycled one per request (same bodies for the pipeline and the limit). */
  bodies: string[];
  contentType: string;
  connections: number;
  seconds: number;
  /** Events carried by one request: 1 for single POSTs, the batch size for NDJSON bodies. */
  eventsPerRequest: number;
}

export interface CannonResult {
  measurement: Measurement;
  ok: number;
  failed: number;
}

/**
 * A closed loop with autocannon: each connection sends its next request when the last one
 * answered. Only 2xx answers count toward the rate, so a pipeline that sheds load with
 * 429/503 is not credited for the requests it refused.
 */
export async function runCannon(run: CannonRun, label: string): Promise<CannonResult> {
  let next = 0;
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.seconds,
    timeout: 30,
    requests: [
      {
        method: "POST",
        headers: { "content-type": run.contentType },
        setupRequest: (request) => {
          request.body = run.bodies[next++ % run.bodies.length];
          return request;
        },
      },
    ],
  });
  const ok = result["2xx"];
  const failed = result.non2xx + result.errors + result.timeouts;
  const l = result.latency;
  return {
    ok,
    failed,
    measurement: {
      label,
      perSecond: (ok * run.eventsPerRequest) / result.duration,
      latencyMs: { p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p99_9 },
      params: {
        connections: run.connections,
        batch: run.eventsPerRequest,
        "requests/s": Math.round(ok / result.duration),
        failed,
      },
    },
  };
}
