import { join } from "node:path";
import { renderSvg } from "./charts-render.ts";
import { batchSpec, brokerSpec, latencySpec } from "./charts-specs.ts";
import type { TierResult } from "./harness.ts";

/** Writes every chart the results support into `dir`; returns their file names. */
export async function writeCharts(dir: string, results: TierResult[]): Promise<string[]> {
  const charts: [string, ReturnType<typeof brokerSpec>][] = [
    ...results.map(
      (r) => [`latency-${r.tier}.svg`, latencySpec(r)] as [string, ReturnType<typeof brokerSpec>],
    ),
    ["kafka-vs-rabbitmq.svg", brokerSpec(results)],
    ["throughput-vs-batch.svg", batchSpec(results)],
  ];
  const written: string[] = [];
  for (const [name, spec] of charts) {
    if (!spec) continue;
    try {
      await Bun.write(join(dir, name), await renderSvg(spec));
      written.push(name);
    } catch (error) {
      // A chart that fails to render must not cost the run its numbers.
      console.error(`chart ${name}: ${error instanceof Error ? error.message : error}`);
    }
  }
  return written;
}
