import { describe, expect, test } from "bun:test";
import type { LogPosition } from "@rafaga/store";
import { applyInRandomBatches, seededRandom } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import { SalesOracle } from "./sales/sales-oracle.ts";
import { SalesStore } from "./sales/sales-store.ts";
import { randomSale } from "./sales/sales-test-events.ts";
import { WeatherStore } from "./weather/weather-store.ts";
import { randomWeatherEvent, weatherOracle } from "./weather/weather-test-events.ts";

/** offset-fence.lua's WINDOW: sequences kept per writer log. */
const WINDOW = 1_048_576;

const valkey = valkeyPerTest();
const sales = () =>
  valkey.track(new SalesStore({ keyPrefix: valkey.prefix, dedupTtlSeconds: 3600 }));

const seq = (offset: number, log = "q:w1"): LogPosition => ({ log, offset, windowed: true });

describe("a RabbitMQ writer's sequence window", () => {
  test("messages out of order, requeued and redelivered, from several writers, count once each", async () => {
    valkey.freshPrefix();
    const seed = Date.now();
    const random = seededRandom(seed);
    const writers = ["q:w1", "q:w2", "q:w3"];
    const sent = writers.map((log) =>
      Array.from({ length: 700 }, (_, offset) => ({
        event: randomSale(random),
        at: seq(offset, log),
      })),
    );
    // Deliveries as competing consumers see them: interleaved writers, shuffled within a
    // prefetch-sized stretch, a fifth of them delivered again later (a requeue).
    const deliveries = sent
      .flat()
      .sort((a, b) => a.at.offset - b.at.offset + (random() - 0.5) * 80);
    const again = deliveries.filter(() => random() < 0.2);
    const all = [...deliveries, ...again.sort(() => random() - 0.5)];
    const store = sales();
    const got = await applyInRandomBatches(store, all, random, 150);
    expect({ seed, ...got }).toEqual({
      seed,
      applied: 2100,
      duplicates: again.length,
      stale: 0,
    });
    const oracle = SalesOracle.ofEvents(sent.flat().map((d) => d.event));
    expect((await store.readAggregates()).totalSales).toBe(oracle.sales.size);
    expect(await valkey.raw.keys(`${valkey.prefix}sales_seen:*`)).toEqual([]);
    expect(await valkey.raw.get(`${valkey.prefix}rafaga_fence:q:w2`)).toBe("699");
    expect(await valkey.raw.ttl(`${valkey.prefix}rafaga_window:q:w2`)).toBeGreaterThan(3000);
    // The window is one bit per sequence: 700 of them fit in 88 bytes.
    expect(await valkey.raw.strlen(`${valkey.prefix}rafaga_window:q:w2`)).toBeLessThanOrEqual(88);
  });

  test("the ring wraps: a sequence a window behind is stale, reported and not counted", async () => {
    valkey.freshPrefix();
    const random = seededRandom(2);
    const events = Array.from({ length: 8 }, () => randomSale(random));
    const store = sales();
    const apply = (i: number[], offsets: number[]) =>
      store.applyBatch(
        i.map((k) => events[k] as never),
        offsets.map((o) => seq(o)),
      );
    expect(await apply([0, 1], [10, 12])).toEqual({ applied: 2, duplicates: 0 });
    // Almost a window later: the bits of the sequences skipped are cleared, 10's too.
    expect(await apply([2], [WINDOW + 11])).toEqual({ applied: 1, duplicates: 0 });
    // WINDOW + 10 was never applied and shares 10's bit; 11 is a window behind; 12 is
    // still inside and was applied.
    expect(await apply([3, 4, 1, 2], [WINDOW + 10, 11, 12, WINDOW + 11])).toEqual({
      applied: 1,
      duplicates: 2,
      stale: [1],
    });
    // Past a whole window ahead the bits start over.
    expect(await apply([6], [3 * WINDOW])).toEqual({ applied: 1, duplicates: 0 });
    expect(await apply([7, 6], [3 * WINDOW - 5, 3 * WINDOW])).toEqual({
      applied: 1,
      duplicates: 1,
    });
    expect((await store.readAggregates()).totalSales).toBe(6);
  });

  test("weather: windowed batches never take the combined script, and count once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(3);
    const events = Array.from({ length: 400 }, () => randomWeatherEvent(random));
    const store = new WeatherStore({ keyPrefix: valkey.prefix });
    valkey.track(store);
    const positions = events.map((_, i) => seq(i, "weather-q:w9"));
    expect((await store.applyBatch(events.slice(0, 300), positions.slice(0, 300))).applied).toBe(
      300,
    );
    expect(await store.applyBatch(events.slice(200), positions.slice(200))).toEqual({
      applied: 100,
      duplicates: 100,
    });
    expect(await store.readCounts()).toEqual(weatherOracle(events).counts);
    expect(await valkey.raw.keys(`${valkey.prefix}weather_seen:*`)).toEqual([]);
  });
});
