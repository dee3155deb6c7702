/**
 * Events per second through applyBatch, one caller awaiting each batch (what one
 * consumer does), for batch sizes 1, 10, 100, 1000, against the Valkey infra runs; each
 * domain with id markers and with an offset fence (events given Kafka positions).
 * Also prints what a dedup marker costs in memory. A benchmark, not a test:
 *
 *   bun packages/domains/bench/apply-batch.ts [seconds-per-size=3]
 */
import { endpoints, ensureUp } from "@rafaga/infra";
import type { LogPosition } from "@rafaga/store";
import { dropPrefix, freshPrefix, seededRandom } from "@rafaga/store/testing";
import { Valkey } from "iovalkey";
import { SalesStore } from "../src/sales/sales-store.ts";
import { randomSale } from "../src/sales/sales-test-events.ts";
import { WeatherStore } from "../src/weather/weather-store.ts";
import { randomWeatherEvent } from "../src/weather/weather-test-events.ts";

const seconds = Number(process.argv[2] ?? 3);
const SIZES = [1, 10, 100, 1000];

await ensureUp(["valkey"]);
const raw = new Valkey(endpoints.valkeyUrl);
const random = seededRandom(42);

interface Store {
  applyBatch(events: never[], positions?: LogPosition[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Records from one partition, in order, as a Kafka consumer hands them over. */
const positions = (from: number, count: number): LogPosition[] =>
  Array.from({ length: count }, (_, i) => ({ log: "bench:id:0", offset: from + i }));

async function measure(
  name: string,
  open: (prefix: string) => Store,
  make: () => unknown,
  fenced: boolean,
) {
  const at = (from: number, count: number) => (fenced ? positions(from, count) : undefined);
  for (const size of SIZES) {
    const prefix = freshPrefix();
    const store = open(prefix);
    // Events are made up front so the timing is the store's, not the generator's.
    const pool = Array.from({ length: Math.min(size * 2000, 400_000) }, make) as never[];
    await store.applyBatch(pool.slice(0, size), at(0, size)); // connect, load the script
    let offset = size;
    let events = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000 && offset + size <= pool.length) {
      await store.applyBatch(pool.slice(offset, offset + size), at(offset, size));
      offset += size;
      events += size;
    }
    const elapsed = (performance.now() - started) / 1000;
    const rate = Math.round(events / elapsed).toLocaleString("en-US");
    const perBatch = ((elapsed * 1000) / (events / size)).toFixed(2);
    console.log(
      `${name.padEnd(16)} batch ${String(size).padStart(4)}: ${rate.padStart(9)} events/s  (${perBatch} ms per batch)`,
    );
    await store.close();
    await dropPrefix(raw, prefix);
  }
}

for (const fenced of [false, true]) {
  const how = fenced ? "fence" : "markers";
  await measure(
    `weather ${how}`,
    (keyPrefix) => new WeatherStore({ keyPrefix }),
    () => randomWeatherEvent(random),
    fenced,
  );
  await measure(
    `sales ${how}`,
    (keyPrefix) => new SalesStore({ keyPrefix }),
    () => randomSale(random),
    fenced,
  );
}

// What remembering one event id costs: one key with a TTL.
const prefix = freshPrefix();
const store = new WeatherStore({ keyPrefix: prefix, latestLength: 0 });
const events = Array.from({ length: 100_000 }, () => randomWeatherEvent(random));
const usedMemory = async () => Number((await raw.info("memory")).match(/used_memory:(\d+)/)?.[1]);
const before = await usedMemory();
for (let i = 0; i < events.length; i += 1000) await store.applyBatch(events.slice(i, i + 1000));
const perEvent = ((await usedMemory()) - before) / events.length;
const one = await raw.memory("USAGE", `${prefix}weather_seen:${events[0]?.id}`);
console.log(
  `dedup marker: MEMORY USAGE ${one} bytes for an id of ${events[0]?.id.length} chars; ` +
    `used_memory grows ${perEvent.toFixed(0)} bytes per event (keyspace overhead included)`,
);
await store.close();
await dropPrefix(raw, prefix);
raw.disconnect();
