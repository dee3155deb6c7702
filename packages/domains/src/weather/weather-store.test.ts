import { describe, expect, test } from "bun:test";
import { fixed2, RafagaError } from "@rafaga/core";
import { randomBatches, seededRandom, withRedeliveries } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import { LUA_SOURCES } from "./lua-sources.ts";
import { MUNICIPALITIES, WEATHERS } from "./weather-catalog.ts";
import { WeatherStore } from "./weather-store.ts";
import { randomWeatherEvent, weatherOracle } from "./weather-test-events.ts";

const valkey = valkeyPerTest();
const open = (options: ConstructorParameters<typeof WeatherStore>[0] = {}) =>
  valkey.track(new WeatherStore({ keyPrefix: valkey.prefix, ...options }));

describe("WeatherStore", () => {
  test("counts thousands of random reports exactly, averages from the sums", async () => {
    valkey.freshPrefix();
    const seed = Date.now();
    const random = seededRandom(seed);
    const events = withRedeliveries(
      Array.from({ length: 4000 }, () => randomWeatherEvent(random)),
      0.1,
      random,
    );
    const store = open();
    let applied = 0;
    let duplicates = 0;
    for (const batch of randomBatches(events, 300, random)) {
      const r = await store.applyBatch(batch);
      applied += r.applied;
      duplicates += r.duplicates;
    }
    const oracle = weatherOracle(events);
    expect({ seed, applied, duplicates }).toEqual({
      seed,
      applied: oracle.applied.length,
      duplicates: events.length - oracle.applied.length,
    });
    expect(await store.readCounts()).toEqual(oracle.counts);

    const dashboard = await store.readDashboard();
    expect(dashboard.totals.total).toBe(oracle.applied.length);
    for (const m of MUNICIPALITIES) {
      const want = oracle.stats[m];
      expect(dashboard.totals.byMunicipality[m]).toBe(want.count);
      const hash = await valkey.raw.hgetall(`${valkey.prefix}weather_stats:${m}`);
      expect(hash).toEqual({
        count: String(want.count),
        temperature_sum: String(want.temperatureSum),
        humidity_sum: String(want.humiditySum),
        temperature_avg: fixed2(want.temperatureSum, want.count),
        humidity_avg: fixed2(want.humiditySum, want.count),
      });
      expect(dashboard.stats[m]).toEqual({
        ...want,
        temperatureAvg: Number(fixed2(want.temperatureSum, want.count)),
        humidityAvg: Number(fixed2(want.humiditySum, want.count)),
      });
    }
  });

  test("keeps the reference contract: GET weather:<m>:<w> is a plain integer string", async () => {
    valkey.freshPrefix();
    const random = seededRandom(1);
    const store = open();
    const events = Array.from({ length: 82 }, () => ({
      ...randomWeatherEvent(random),
      municipality: "guatemala" as const,
      weather: "sunny" as const,
    }));
    await store.applyBatch(events);
    expect(await valkey.raw.get(`${valkey.prefix}weather:guatemala:sunny`)).toBe("82");
    expect(await valkey.raw.type(`${valkey.prefix}weather:guatemala:sunny`)).toBe("string");
    // Nothing else may match the weather:*:* pattern the reference dashboards scan.
    expect(await valkey.raw.keys(`${valkey.prefix}weather:*`)).toEqual([
      `${valkey.prefix}weather:guatemala:sunny`,
    ]);
  });

  test("caps the latest list, newest first, and gives dedup markers a TTL", async () => {
    valkey.freshPrefix();
    const random = seededRandom(2);
    const store = open({ latestLength: 30, dedupTtlSeconds: 3600 });
    const events = Array.from({ length: 500 }, () => randomWeatherEvent(random));
    for (const batch of randomBatches(events, 70, random)) await store.applyBatch(batch);
    // A batch made only of redeliveries must not push anything.
    await store.applyBatch(events.slice(0, 40));

    const { latest } = await store.readDashboard();
    expect(latest).toEqual(events.slice(-30).reverse());
    expect(await valkey.raw.llen(`${valkey.prefix}weather_latest`)).toBe(30);

    const ttl = await valkey.raw.ttl(`${valkey.prefix}weather_seen:${events[0]?.id}`);
    expect(ttl).toBeGreaterThan(3500);
    expect(ttl).toBeLessThanOrEqual(3600);
  });

  test("two windows: a client key's marker lives clientKeyTtlSeconds, a broker id's dedupTtlSeconds", async () => {
    valkey.freshPrefix();
    const random = seededRandom(4);
    const store = open({ dedupTtlSeconds: 3600, clientKeyTtlSeconds: 120 });
    const keyed = { ...randomWeatherEvent(random), id: "key:client-order-17" };
    const plain = randomWeatherEvent(random);
    expect(await store.applyBatch([keyed, plain])).toMatchObject({ applied: 2 });
    // The retry of the keyed request, within its window, counts once.
    expect(await store.applyBatch([keyed])).toMatchObject({ applied: 0, duplicates: 1 });
    const keyTtl = await valkey.raw.ttl(`${valkey.prefix}weather_seen:${keyed.id}`);
    const plainTtl = await valkey.raw.ttl(`${valkey.prefix}weather_seen:${plain.id}`);
    expect(keyTtl).toBeGreaterThan(100);
    expect(keyTtl).toBeLessThanOrEqual(120);
    expect(plainTtl).toBeGreaterThan(3500);
  });

  test("an event the script cannot parse fails the whole batch before anything is written", async () => {
    valkey.freshPrefix();
    const random = seededRandom(3);
    const store = open();
    const good = randomWeatherEvent(random);
    // Decoded events never look like this (decodeWeatherTweet names only catalog values).
    const bad = { ...randomWeatherEvent(random), municipality: "antigua" as "mixco" };
    const error = await store.applyBatch([good, bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RafagaError);
    expect((error as RafagaError).message).toContain("malformed report");
    expect(await valkey.raw.keys(`${valkey.prefix}*`)).toEqual([]);
  });

  test("the script itself refuses malformed input without a partial write", async () => {
    valkey.freshPrefix();
    const ok = `id-1\tmixco\tsunny\t20\t50\t1`;
    const broken = `id-2\tmixco\tsunny\tnot-a-number\t50\t1`;
    const reply = valkey.raw.eval(
      LUA_SOURCES["weather-apply.lua"],
      0,
      valkey.prefix,
      60,
      10,
      ok,
      broken,
    );
    await expect(reply).rejects.toThrow(/malformed report/);
    expect(await valkey.raw.keys(`${valkey.prefix}*`)).toEqual([]);
  });

  test("reads zeros from an empty prefix; an empty batch needs no round trip", async () => {
    valkey.freshPrefix();
    const store = open({ url: "redis://127.0.0.1:1" });
    expect(await store.applyBatch([])).toEqual({ applied: 0, duplicates: 0 });
    const empty = open();
    const counts = await empty.readCounts();
    for (const m of MUNICIPALITIES) for (const w of WEATHERS) expect(counts[m][w]).toBe(0);
    const dashboard = await empty.readDashboard();
    expect(dashboard.totals.total).toBe(0);
    expect(dashboard.latest).toEqual([]);
  });
});
