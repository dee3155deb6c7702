import { describe, expect, test } from "bun:test";
import { money, RafagaError } from "@rafaga/core";
import { randomBatches, seededRandom, withRedeliveries } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import type { RankedProduct, SalesAggregates } from "./sales-aggregates.ts";
import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";
import type { SalesEvent } from "./sales-event.ts";
import { SalesOracle, viewOf } from "./sales-oracle.ts";
import { SalesStore } from "./sales-store.ts";
import { randomSale } from "./sales-test-events.ts";

const valkey = valkeyPerTest();
const open = (options: ConstructorParameters<typeof SalesStore>[0] = {}) =>
  valkey.track(new SalesStore({ keyPrefix: valkey.prefix, ...options }));

const _asMap = (ranking: RankedProduct[]) => new Map(ranking.map((r) => [r.product, r.quantity]));
const descending = (ranking: RankedProduct[]) =>
  ranking.every((r, i) => i === 0 || (ranking[i - 1] as RankedProduct).quantity >= r.quantity);

/** Everything but the order-dependent parts (monitored product and its stream). */
function expectTotals(got: SalesAggregates, events: readonly SalesEvent[]): SalesOracle {
  const oracle = SalesOracle.ofEvents(events);
  expect(viewOf(got)).toEqual(oracle.expected());
  for (const c of CATEGORIES) expect(descending(got.categories[c].ranking)).toBe(true);
  expect(descending(got.ranking)).toBe(true);
  return oracle;
}

describe("SalesStore", () => {
  test(
    "matches an oracle after thousands of random sales with redeliveries",
    async () => {
      valkey.freshPrefix();
      const seed = Date.now();
      const random = seededRandom(seed);
      // Enough Belleza sales that its monitored product outgrows the 1000-entry stream.
      const events = withRedeliveries(
        Array.from({ length: 12_000 }, () => randomSale(random)),
        0.1,
        random,
      );
      const store = open();
      let applied = 0;
      for (const batch of randomBatches(events, 500, random)) {
        applied += (await store.applyBatch(batch)).applied;
      }
      const got = await store.readAggregates();
      const oracle = expectTotals(got, events);
      expect({ seed, applied }).toEqual({ seed, applied: oracle.sales.size });

      for (const c of CATEGORIES) {
        const w = oracle.monitored(c);
        const g = got.categories[c];
        expect({ c, monitored: g.monitoredProduct }).toEqual({ c, monitored: w.product });
        // MAXLEN ~ trims whole stream nodes (100 entries by default): near 1000, not exact.
        const kept = g.priceStream.length;
        expect(kept).toBeGreaterThanOrEqual(Math.min(1000, w.prices.length));
        expect(kept).toBeLessThanOrEqual(1100);
        expect(g.priceStream.map((p) => p.precio)).toEqual(w.prices.slice(-kept));
      }
      expect(oracle.monitored("Belleza").prices.length).toBeGreaterThan(1100);
      // The dashboard's read: the newest entries only, still oldest first, the rest alike.
      const tail = await store.readAggregates({ priceTail: 50 });
      for (const c of CATEGORIES) {
        const whole = got.categories[c];
        expect(tail.categories[c]).toEqual({ ...whole, priceStream: whole.priceStream.slice(-50) });
      }
      expect({ ...tail, categories: {} }).toEqual({ ...got, categories: {} });
      // The reference keys, read as redis-cli would.
      expect(await valkey.raw.get(`${valkey.prefix}contador:Belleza`)).toBe(
        String(oracle.salesOf("Belleza").length),
      );
      expect(await valkey.raw.get(`${valkey.prefix}precio_max_global`)).toBe(
        oracle.expected().maxPrice?.precio ?? null,
      );
    },
    { timeout: 60_000 },
  );

  test("the monitored product is the first NON-duplicate sale in its category", async () => {
    valkey.freshPrefix();
    const random = seededRandom(30);
    const sale = (c: CategoryName, productoId: string, id = randomSale(random).id): SalesEvent => ({
      ...randomSale(random),
      id,
      categoria: (CATEGORIES.indexOf(c) + 1) as SalesEvent["categoria"],
      categoriaNombre: c,
      productoId,
    });
    const store = open();
    const sofa = sale("Hogar", "Sofa");
    const labial = sale("Belleza", "Labial-Matte");
    await store.applyBatch([sofa]);
    const batch = [
      // An id already counted, even one reused with other content, is no sale: it names nothing.
      { ...sale("Ropa", "Camisa-Polo"), id: sofa.id },
      labial,
      labial,
      sale("Belleza", "Base-Liquida", labial.id),
      sale("Ropa", "Jeans-Levis"),
      sale("Electronica", "iPhone-15"),
      sale("Ropa", "Camisa-Polo"),
      sale("Belleza", "Base-Liquida"),
      sale("Hogar", "Microondas"),
    ];
    expect(await store.applyBatch(batch)).toEqual({ applied: 6, duplicates: 3 });
    const got = await store.readAggregates();
    expect(
      Object.fromEntries(CATEGORIES.map((c) => [c, got.categories[c].monitoredProduct])),
    ).toEqual({
      Electronica: "iPhone-15",
      Ropa: "Jeans-Levis",
      Hogar: "Sofa",
      Belleza: "Labial-Matte",
    });
    expect(got.categories.Belleza.priceStream.map((p) => p.precio)).toEqual([
      money(labial.precioCents),
    ]);
    expect(got.categories.Hogar.priceStream).toHaveLength(1);
    expectTotals(got, [sofa, ...batch]);
  });

  test("two stores applying overlapping batches concurrently count each sale once", async () => {
    valkey.freshPrefix();
    const random = seededRandom(31);
    const events = Array.from({ length: 3000 }, () => randomSale(random));
    const [a, b] = [open(), open()];
    const run = async (store: SalesStore, batches: SalesEvent[][]) => {
      for (const batch of batches) await store.applyBatch(batch);
    };
    await Promise.all([
      run(a, randomBatches(events, 200, random)),
      run(b, randomBatches([...events].reverse(), 120, random)),
      run(a, randomBatches(events.slice(1000, 2000), 50, random)),
    ]);
    const got = await a.readAggregates();
    expectTotals(got, events);
    // Which product got monitored depends on the race; its stream must hold every one of its sales.
    for (const c of CATEGORIES) {
      const monitored = got.categories[c].monitoredProduct;
      const prices = events
        .filter((e) => e.categoriaNombre === c && e.productoId === monitored)
        .map((e) => money(e.precioCents));
      expect(got.categories[c].priceStream.map((p) => p.precio).sort()).toEqual(prices.sort());
    }
  });

  test("money strings stay exact at the largest sums (22,523 sales at the highest price)", async () => {
    valkey.freshPrefix();
    const random = seededRandom(33);
    // The smallest such sum found where num * 200 in doubles put suma_precio one cent off.
    const events = Array.from({ length: 22_523 }, () => ({
      ...randomSale(random),
      categoria: 1 as const,
      categoriaNombre: "Electronica" as const,
      precioCents: 99_999_999_999,
    }));
    const store = open();
    for (let i = 0; i < events.length; i += 1000) await store.applyBatch(events.slice(i, i + 1000));
    const got = await store.readAggregates();
    expect(got.categories.Electronica.priceSum).toBe("22522999999774.77");
    expectTotals(got, events);
  });

  test("dedup markers have the configured TTL; a sale the script cannot parse writes nothing", async () => {
    valkey.freshPrefix();
    const random = seededRandom(32);
    const store = open({ dedupTtlSeconds: 120 });
    const sale = randomSale(random);
    await store.applyBatch([sale]);
    const ttl = await valkey.raw.ttl(`${valkey.prefix}sales_seen:${sale.id}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);

    // Decoded sales never carry a tab (decodeProductSale refuses such a product id).
    const tabbed = { ...randomSale(random), productoId: "TV\tSamsung" };
    const error = await store.applyBatch([randomSale(random), tabbed]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RafagaError);
    expect((error as RafagaError).message).toContain("malformed sale");
    expect((await store.readAggregates()).totalSales).toBe(1);
  });
});
