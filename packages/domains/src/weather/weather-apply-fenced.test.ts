import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { LogPosition } from "@rafaga/store";
import {
  dropPrefix,
  freshPrefix,
  recordScriptRuns,
  seededRandom,
  valkeyForTests,
} from "@rafaga/store/testing";
import type { Valkey } from "iovalkey";
import { LUA_SOURCES } from "./lua-sources.ts";
import type { WeatherEvent } from "./weather-event.ts";
import { WeatherStore } from "./weather-store.ts";
import { randomWeatherEvent, weatherOracle } from "./weather-test-events.ts";

let raw: Valkey;
let prefix: string;
const stores: WeatherStore[] = [];

beforeAll(async () => {
  raw = await valkeyForTests();
}, 60_000);
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await dropPrefix(raw, prefix);
}, 60_000);
afterAll(() => raw.disconnect(), 60_000);

/** A store whose script calls are listed by name, to see which form each batch took. */
function recordingStore(latestLength: number) {
  const store = new WeatherStore({ keyPrefix: prefix, latestLength });
  stores.push(store);
  return { store, scripts: recordScriptRuns(store["connection"]) };
}

const fenced = (args: (string | number)[]) =>
  raw.eval(LUA_SOURCES["weather-apply-fenced.lua"], 0, ...args);

describe("weather-apply-fenced.lua", () => {
  test("combined batches, with consumers restarting from older offsets, count each record once", async () => {
    prefix = freshPrefix();
    const seed = Date.now();
    const random = seededRandom(seed);
    const logs = ["w:id:0", "w:id:1"];
    const records = logs.map(() => Array.from({ length: 1500 }, () => randomWeatherEvent(random)));
    const { store, scripts } = recordingStore(40);
    const cursors = [0, 0];
    const fences = [-1, -1];
    const appliedInOrder: WeatherEvent[] = [];
    while (cursors.some((c, l) => c < (records[l]?.length ?? 0))) {
      // A restart: a log's consumer goes back to an older committed offset, often just
      // the last record applied (the range then starts at its fence).
      for (const l of [0, 1]) {
        const back = random() < 0.5 ? 1 : Math.floor(random() * 60);
        if (random() < 0.15) cursors[l] = Math.max(0, (cursors[l] ?? 0) - back);
      }
      const batch: WeatherEvent[] = [];
      const positions: LogPosition[] = [];
      const size = 1 + Math.floor(random() * 120);
      for (let i = 0; i < size; i++) {
        const l = random() < 0.5 ? 0 : 1;
        const offset = cursors[l] ?? 0;
        const event = records[l]?.[offset];
        if (event === undefined) continue;
        cursors[l] = offset + 1;
        batch.push(event);
        positions.push({ log: logs[l] as string, offset });
        if (offset > (fences[l] ?? -1)) {
          fences[l] = offset;
          appliedInOrder.push(event);
        }
      }
      if (batch.length > 0) await store.applyBatch(batch, positions);
    }
    const oracle = weatherOracle(records.flat());
    expect({ seed, counts: await store.readCounts() }).toEqual({ seed, counts: oracle.counts });
    const dashboard = await store.readDashboard();
    expect(dashboard.totals.total).toBe(3000);
    for (const [m, want] of Object.entries(oracle.stats)) {
      expect(dashboard.stats[m as keyof typeof oracle.stats]).toMatchObject(want);
    }
    expect(dashboard.latest).toEqual(appliedInOrder.slice(-40).reverse());
    expect(await raw.keys(`${prefix}weather_seen:*`)).toEqual([]);
    expect(await raw.get(`${prefix}rafaga_fence:w:id:1`)).toBe("1499");
    // Fresh batches took the combined script; those overlapping a fence fell back.
    const combined = scripts.filter((s) => s === "weather-apply-fenced.lua").length;
    const perReport = scripts.filter((s) => s === "weather-apply.lua").length;
    expect(combined).toBeGreaterThan(10);
    expect(perReport).toBeGreaterThan(2);
  });

  test("a range at or below its fence answers -1 and writes nothing", async () => {
    prefix = freshPrefix();
    await raw.set(`${prefix}rafaga_fence:w:a:0`, "9");
    const report = "r1\tmixco\tsunny\t20\t50\t1700000000000000";
    const args = [prefix, "3600", 10, "w:a:1\t0\t0\tw:a:0\t9\t12", 1, "mixco:sunny\t1"];
    expect(await fenced([...args, "mixco\t1\t20\t50", report])).toEqual([-1, 0]);
    expect((await raw.keys(`${prefix}*`)).sort()).toEqual([`${prefix}rafaga_fence:w:a:0`]);
    args[3] = "w:a:1\t0\t0\tw:a:0\t10\t12";
    expect(await fenced([...args, "mixco\t1\t20\t50", report])).toEqual([1, 0]);
    expect(await raw.get(`${prefix}rafaga_fence:w:a:0`)).toBe("12");
    expect(await raw.get(`${prefix}rafaga_fence:w:a:1`)).toBe("0");
    expect(await raw.get(`${prefix}weather:mixco:sunny`)).toBe("1");
  });

  test("refuses malformed input before any write", async () => {
    prefix = freshPrefix();
    const report = "r1\tmixco\tsunny\t20\t50\t1700000000000000";
    const good = [prefix, "3600", 10, "w:a:0\t0\t1", 2, "mixco:sunny\t2", "mixco\t2\t40\t90"];
    const bad: [string, (string | number)[]][] = [
      ["counts short of N", [...good.slice(0, 5), "mixco:sunny\t1", good[6] as string, report]],
      ["unknown weather", [...good.slice(0, 5), "mixco:snowy\t2", good[6] as string, report]],
      ["sums short of N", [...good.slice(0, 6), "mixco\t1\t40\t90", report]],
      ["a sum not an integer", [...good.slice(0, 6), "mixco\t2\t40.5\t90", report]],
      ["too few latest", [...good]],
      ["a bad latest report", [...good, report, "r1\tmixco\tsunny\thot\t50\t1"]],
      ["a range going back", [...good.slice(0, 3), "w:a:0\t5\t1", ...good.slice(4), report]],
      ["no ranges", [...good.slice(0, 3), "", ...good.slice(4), report]],
      ["no reports", [...good.slice(0, 4), 0, "", "", report]],
    ];
    for (const [name, args] of bad) {
      const error = await fenced(args).then(
        () => undefined,
        (e: Error) => e.message,
      );
      expect({ name, failed: error !== undefined }).toEqual({ name, failed: true });
    }
    expect(await raw.keys(`${prefix}*`)).toEqual([]);
    expect(await fenced([...good, report, report])).toEqual([2, 0]);
  });
});
