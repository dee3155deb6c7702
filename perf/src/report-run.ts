import { ensureUp } from "@rafaga/infra";
import type { Harness, TierResult } from "./harness.ts";

export interface SuiteRun {
  results: TierResult[];
  /** Harnesses that threw: named in the report instead of ending the whole run. */
  errors: string[];
  seconds: number;
}

/** Infrastructure up, then every harness in turn, one progress line per step. */
export async function runSuite(harnesses: Harness[], quick: boolean): Promise<SuiteRun> {
  const started = performance.now();
  const clock = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
  console.log(`${clock()}  infrastructure: Kafka, RabbitMQ, Valkey up`);
  await ensureUp();
  const results: TierResult[] = [];
  const errors: string[] = [];
  for (const [i, harness] of harnesses.entries()) {
    const step = `[${i + 1}/${harnesses.length}] ${harness.tier}`;
    console.log(`${clock()}  ${step}`);
    try {
      results.push(
        await harness.run({
          quick,
          progress: (message) => console.log(`${clock()}  ${step}: ${message}`),
        }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`${clock()}  ${step} FAILED: ${message}`);
      errors.push(`${harness.tier}: ${message}`);
    }
  }
  return { results, errors, seconds: (performance.now() - started) / 1000 };
}
