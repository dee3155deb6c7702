/**
 * Runs one registered tier harness by id and prints its TierResult as JSON on stdout
 * (progress goes to stderr, so the JSON can be piped). For dev runs of a single tier:
 *
 *   bun perf/src/tiers/run-one.ts <tier> [--quick]
 *
 * Load-generating: run it under the benchmark lock (flock /tmp/rafaga-bench.lock ...).
 */
import { harnesses } from "../harnesses.ts";

const args = process.argv.slice(2);
const tier = args.find((a) => !a.startsWith("--"));
const harness = harnesses.find((h) => h.tier === tier);
if (!harness) {
  const known = harnesses.map((h) => h.tier).join(", ");
  console.error(`usage: bun perf/src/tiers/run-one.ts <tier> [--quick]; tiers: ${known}`);
  process.exit(2);
}
const started = performance.now();
try {
  const result = await harness.run({
    quick: args.includes("--quick"),
    progress: (message) =>
      console.error(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`),
  });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
