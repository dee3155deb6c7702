/**
 * The valkey-apply tier's measuring loop, run as its own process under Bun and, bundled,
 * under Node, so the two runtimes see the same code. One caller awaiting each
 * WeatherStore.applyBatch, as one consumer does. No Bun APIs here.
 * Argument: JSON { url, prefix, sizes, seconds, warmupSeconds }; prints "RESULT <json>"
 * per batch size.
 */
import { WeatherStore } from "@rafaga/domains";
import { microsHistogram, percentilesMs } from "./http-hdr.ts";
import { weatherBatch } from "./valkey-events.ts";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  prefix: string;
  sizes: number[];
  seconds: number;
  warmupSeconds: number;
};

const store = new WeatherStore({ url: args.url, keyPrefix: args.prefix });
await store.connect();
let next = 0;
for (const size of args.sizes) {
  const tag = `r${size}`;
  const histogram = microsHistogram();
  const warmEnd = performance.now() + args.warmupSeconds * 1000;
  while (performance.now() < warmEnd) {
    await store.applyBatch(weatherBatch(tag, next, size));
    next += size;
  }
  let events = 0;
  const started = performance.now();
  const end = started + args.seconds * 1000;
  while (performance.now() < end) {
    // The batch is built outside the timed call: latency is the store's alone; the rate
    // includes building it (tens of ns per event against microseconds in Valkey).
    const batch = weatherBatch(tag, next, size);
    next += size;
    const t0 = performance.now();
    const result = await store.applyBatch(batch);
    histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
    events += result.applied;
  }
  const elapsed = (performance.now() - started) / 1000;
  const row = {
    size,
    perSecond: Math.round(events / elapsed),
    latencyMs: percentilesMs(histogram),
  };
  console.log(`RESULT ${JSON.stringify(row)}`);
}
await store.close();
process.exit(0);
