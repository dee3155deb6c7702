import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
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
import type { SalesAggregates } from "./sales-aggregates.ts";
import type { SalesEvent } from "./sales-event.ts";
import { SalesOracle } from "./sales-oracle.ts";
import { SalesStore } from "./sales-store.ts";
import { randomSale } from "./sales-test-events.ts";

let raw: Valkey;
const prefixes: string[] = [];
const stores: SalesStore[] = [];

beforeAll(async () => {
  raw = await valkeyForTests();
}, 60_000);
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const p of prefixes.splice(0)) await dropPrefix(raw, p);
}, 60_000);
afterAll(() => raw.disconnect(), 60_000);

function open(): { store: SalesStore; scripts: string[] } {
  const prefix = freshPrefix();
  prefixes.push(prefix);
  const store = new SalesStore({ keyPrefix: prefix });
  stores.push(store);
  return { store, scripts: recordScriptRuns(store["connection"]) };
}

/** The aggregates with stream entry ids left out: they are the time of the write. */
const comparable = (a: SalesAggregates) => ({
  ...a,
  categories: Object.fromEntries(
    Object.entries(a.categories).map(([c, agg]) => [
      c,
      { ...agg, priceStream: agg.priceStream.map((p) => p.precio) },
    ]),
  ),
});

test("combined batches, replayed from older offsets, write what sale-by-sale apply writes", async () => {
  const seed = Date.now();
  const random = seededRandom(seed);
  const sales = Array.from({ length: 3000 }, () => randomSale(random));
  const combined = open();
  const bySale = open();
  const appliedInOrder: SalesEvent[] = [];
  let cursor = 0;
  let fence = -1;
  // A replay overlaps the fence and takes the sale-by-sale script. Left to chance alone,
  // some seeds replayed only twice in the whole run; every fifth batch goes back for sure.
  for (let batch = 0; cursor < sales.length; batch++) {
    if (random() < 0.15 || batch % 5 === 2)
      cursor = Math.max(0, cursor - (random() < 0.5 ? 1 : 1 + Math.floor(random() * 49)));
    const from = cursor;
    const to = Math.min(sales.length, from + 1 + Math.floor(random() * 200));
    const positions: LogPosition[] = [];
    for (let o = from; o < to; o++) positions.push({ log: "s:id:0", offset: o });
    await combined.store.applyBatch(sales.slice(from, to), positions);
    for (let o = Math.max(from, fence + 1); o < to; o++)
      appliedInOrder.push(sales[o] as SalesEvent);
    fence = Math.max(fence, to - 1);
    cursor = to;
  }
  // The same sales once each, in the order they were first applied, the old way.
  for (let i = 0; i < appliedInOrder.length; i += 100) {
    await bySale.store.applyBatch(appliedInOrder.slice(i, i + 100));
  }
  const got = await combined.store.readAggregates();
  expect({ seed, got: comparable(got) }).toEqual({
    seed,
    got: comparable(await bySale.store.readAggregates()),
  });
  expect(got.totalSales).toBe(SalesOracle.ofEvents(sales).sales.size);
  expect(combined.scripts.filter((s) => s === "sales-apply-fenced.lua").length).toBeGreaterThan(5);
  expect(combined.scripts.filter((s) => s === "sales-apply.lua").length).toBeGreaterThan(2);
});

test("the script refuses malformed input before any write, and a fence overlap writes nothing", async () => {
  const prefix = freshPrefix();
  prefixes.push(prefix);
  const run = (args: (string | number)[]) =>
    raw.eval(LUA_SOURCES["sales-apply-fenced.lua"], 0, ...args).then(
      (reply) => reply,
      (e: Error) => e.message,
    );
  const head = [prefix, "3600", 100, "s:a:0\t0\t1", 2];
  const good = [
    "Ropa\t2\t3\t500\tCamisa",
    "Camisa\t3",
    "Ropa\tCamisa\t3",
    "300\t200",
    "Ropa\tCamisa\t300,200",
  ];
  for (const [i, bad] of [
    [0, "Ropa\t1\t3\t500\tCamisa"],
    [0, "Zapatos\t2\t3\t500\tCamisa"],
    [1, "Camisa\tmany"],
    [2, "Hogar\tCamisa\t3"],
    [3, "200\t300"],
    [4, "Hogar\tCamisa\t300,200"],
  ] as const) {
    const args = [...good];
    args[i] = bad;
    expect({ bad, reply: typeof (await run([...head, ...args])) }).toEqual({
      bad,
      reply: "string",
    });
  }
  expect(await raw.keys(`${prefix}*`)).toEqual([]);
  expect(await run([...head, ...good])).toEqual([2, 0]);
  expect(await raw.xlen(`${prefix}stream_precio_producto_unico:Ropa`)).toBe(2);
  expect(await run([...head, ...good])).toEqual([-1, 0]);
  expect(await raw.get(`${prefix}contador:Ropa`)).toBe("2");
});
