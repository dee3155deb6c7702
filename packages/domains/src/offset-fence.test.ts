import { describe, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import type { LogPosition } from "@rafaga/store";
import { seededRandom } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import { SalesOracle } from "./sales/sales-oracle.ts";
import { SalesStore } from "./sales/sales-store.ts";
import { randomSale } from "./sales/sales-test-events.ts";
import { WeatherStore } from "./weather/weather-store.ts";
import { randomWeatherEvent, weatherOracle } from "./weather/weather-test-events.ts";

const valkey = valkeyPerTest();
const sales = () => valkey.track(new SalesStore({ keyPrefix: valkey.prefix }));

const keysOf = (pattern: string) => valkey.raw.keys(`${valkey.prefix}${pattern}`);
/** Records at offsets from..to-1 of one log. */
const at = (log: string, from: number, to: number): LogPosition[] =>
  Array.from({ length: to - from }, (_, i) => ({ log, offset: from + i }));

describe("offset fence", () => {
  test("a redelivered range counts only its records past the fence, with no id markers", async () => {
    valkey.freshPrefix();
    const random = seededRandom(1);
    const events = Array.from({ length: 30 }, () => randomSale(random));
    const store = sales();
    expect(await store.applyBatch(events.slice(0, 20), at("t:id:0", 0, 20))).toEqual({
      applied: 20,
      duplicates: 0,
    });
    // A consumer restarted from an older committed offset: 10..29, of which 10..19 counted.
    expect(await store.applyBatch(events.slice(10), at("t:id:0", 10, 30))).toEqual({
      applied: 10,
      duplicates: 10,
    });
    expect((await store.readAggregates()).totalSales).toBe(SalesOracle.ofEvents(events).sales.size);
    expect(await keysOf("sales_seen:*")).toEqual([]);
    expect(await valkey.raw.get(`${valkey.prefix}rafaga_fence:t:id:0`)).toBe("29");
    expect(await valkey.raw.ttl(`${valkey.prefix}rafaga_fence:t:id:0`)).toBeGreaterThan(0);
  });

  test("logs are fenced apart, and a recreated topic (new log) counts from offset 0", async () => {
    valkey.freshPrefix();
    const random = seededRandom(2);
    const events = Array.from({ length: 12 }, () => randomSale(random));
    const store = sales();
    // Interleaved partitions 0 and 1 in one batch, as a consumer buffer mixes them.
    const positions = events.slice(0, 8).map((_, i) => ({ log: `t:a:${i % 2}`, offset: i }));
    expect((await store.applyBatch(events.slice(0, 8), positions)).applied).toBe(8);
    expect(await valkey.raw.get(`${valkey.prefix}rafaga_fence:t:a:0`)).toBe("6");
    expect(await valkey.raw.get(`${valkey.prefix}rafaga_fence:t:a:1`)).toBe("7");
    // Partition 1 redelivers offset 7, partition 0 moves on to 8.
    const next = [
      { log: "t:a:1", offset: 7 },
      { log: "t:a:0", offset: 8 },
    ];
    expect(await store.applyBatch([events[7], events[8]] as never, next)).toEqual({
      applied: 1,
      duplicates: 1,
    });
    // Same topic name, new topic id: offsets start over and nothing is skipped.
    expect((await store.applyBatch(events.slice(9), at("t:b:0", 0, 3))).applied).toBe(3);
    expect((await store.readAggregates()).totalSales).toBe(12);
  });

  test("events without a position keep their id markers in the same batch", async () => {
    valkey.freshPrefix();
    const random = seededRandom(3);
    const events = Array.from({ length: 6 }, () => randomSale(random));
    const store = sales();
    // Even offsets fenced; odd ones (sent to both brokers, or client-keyed) by marker.
    const positions = events.map((_, i) => (i % 2 === 0 ? { log: "t:c:0", offset: i } : undefined));
    expect((await store.applyBatch(events, positions)).applied).toBe(6);
    expect((await keysOf("sales_seen:*")).length).toBe(3);
    // The marked events arriving again by another path, at new offsets, are still known.
    const again = [events[1], events[3]] as never;
    expect(await store.applyBatch(again)).toEqual({ applied: 0, duplicates: 2 });
    expect((await store.readAggregates()).totalSales).toBe(6);
  });

  test("two consumers applying overlapping ranges at once (a rebalance) count each record once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(4);
    const events = Array.from({ length: 3000 }, () => randomWeatherEvent(random));
    const stores = [0, 1].map(() => {
      return valkey.track(new WeatherStore({ keyPrefix: valkey.prefix }));
    });
    // Each consumer walks the partition in order, in its own batch sizes, from its own start.
    const walk = async (store: WeatherStore, start: number, end: number, size: number) => {
      let applied = 0;
      for (let from = start; from < end; from += size) {
        const to = Math.min(end, from + size);
        applied += (await store.applyBatch(events.slice(from, to), at("t:d:0", from, to))).applied;
      }
      return applied;
    };
    const [first, second] = stores as [WeatherStore, WeatherStore];
    const before = await walk(first, 0, 1000, 97);
    // The partition moves to the second consumer, which starts from the last committed
    // offset (500, behind what was applied) while the first still finishes its batches.
    const [a, b] = await Promise.all([
      walk(first, 1000, events.length, 97),
      walk(second, 500, events.length, 400),
    ]);
    expect(before + a + b).toBe(events.length);
    expect(b).toBeGreaterThan(0);
    expect(await first.readCounts()).toEqual(weatherOracle(events).counts);
    expect(await keysOf("weather_seen:*")).toEqual([]);
  });

  test("a bad position rejects VALIDATION and writes nothing", async () => {
    valkey.freshPrefix();
    const random = seededRandom(5);
    const events = [randomSale(random), randomSale(random)];
    const store = sales();
    for (const bad of [
      [
        { log: "t:e:0", offset: 0 },
        { log: "t:e:0", offset: -1 },
      ],
      [
        { log: "t:e:0", offset: 0 },
        { log: "has a space", offset: 1 },
      ],
      [
        { log: "t:e:0", offset: 0 },
        { log: "t:e:0", offset: 0.5 },
      ],
      [{ log: "t:e:0", offset: 0 }],
    ]) {
      const error = await store.applyBatch(events, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RafagaError);
      expect((error as RafagaError).code).toBe("VALIDATION");
    }
    expect(await keysOf("*")).toEqual([]);
  });
});
