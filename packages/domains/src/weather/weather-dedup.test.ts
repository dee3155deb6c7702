import { describe, expect, test } from "bun:test";
import { randomBatches, seededRandom } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import type { WeatherEvent } from "./weather-event.ts";
import { WeatherStore } from "./weather-store.ts";
import { randomWeatherEvent, weatherOracle } from "./weather-test-events.ts";

const valkey = valkeyPerTest();
const open = () => valkey.track(new WeatherStore({ keyPrefix: valkey.prefix }));

async function expectStoreHolds(store: WeatherStore, events: readonly WeatherEvent[]) {
  const oracle = weatherOracle(events);
  expect(await store.readCounts()).toEqual(oracle.counts);
  const { totals } = await store.readDashboard();
  expect(totals.total).toBe(oracle.applied.length);
}

describe("WeatherStore idempotency", () => {
  test("the same batch applied twice counts once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(10);
    const store = open();
    const batch = Array.from({ length: 500 }, () => randomWeatherEvent(random));
    expect(await store.applyBatch(batch)).toEqual({ applied: 500, duplicates: 0 });
    expect(await store.applyBatch(batch)).toEqual({ applied: 0, duplicates: 500 });
    await expectStoreHolds(store, batch);
  });

  test("duplicates inside one batch and overlapping batches count once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(11);
    const store = open();
    const events = Array.from({ length: 1000 }, () => randomWeatherEvent(random));
    const first = events.slice(0, 600);
    const overlapping = [...events.slice(400, 1000), ...events.slice(500, 550)];
    expect(await store.applyBatch([...first, ...first.slice(0, 10)])).toEqual({
      applied: 600,
      duplicates: 10,
    });
    expect(await store.applyBatch(overlapping)).toEqual({ applied: 400, duplicates: 250 });
    await expectStoreHolds(store, events);
  });

  test("two stores applying overlapping batches concurrently count each id once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(12);
    const events = Array.from({ length: 3000 }, () => randomWeatherEvent(random));
    // Both consumers get everything (Kafka and RabbitMQ both carry every report), in
    // different batchings and orders.
    const a = randomBatches(events, 200, random);
    const b = randomBatches([...events].reverse(), 150, random);
    const [storeA, storeB] = [open(), open()];
    const results = await Promise.all([
      (async () => {
        let applied = 0;
        for (const batch of a) applied += (await storeA.applyBatch(batch)).applied;
        return applied;
      })(),
      (async () => {
        let applied = 0;
        for (const batch of b) applied += (await storeB.applyBatch(batch)).applied;
        return applied;
      })(),
    ]);
    expect(results[0] + results[1]).toBe(events.length);
    await expectStoreHolds(storeA, events);
  });
});
