import { createMetrics, serveMetrics } from "@rafaga/core";
import type { PipelineRunOptions } from "./pipeline-runner.ts";

/** Where `npm run serve` and `npm start` publish the supervisor's /metrics. */
export const SUPERVISOR_METRICS_PORT = 9440;

/**
 * The run options of a supervised pipeline, with `rafaga_supervisor_restarts_total{tier}`
 * served on 127.0.0.1:9440/metrics, so a dashboard or an alert sees a crash loop.
 */
export async function supervisedRun(): Promise<{
  options: Pick<PipelineRunOptions, "supervise" | "onRestart">;
  close(): Promise<void>;
}> {
  const metrics = createMetrics("supervisor");
  const restarts = metrics.counter("supervisor_restarts", "tiers restarted after they exited", [
    "tier",
  ]);
  const server = await serveMetrics(metrics, SUPERVISOR_METRICS_PORT, "127.0.0.1");
  return {
    options: { supervise: true, onRestart: (exit) => restarts.inc({ tier: exit.name }) },
    close: () => server.close(),
  };
}
