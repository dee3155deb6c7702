import { describe, expect, test } from "bun:test";
import type { LogPosition } from "@rafaga/store";
import { applyInRandomBatches, type Delivery, seededRandom } from "@rafaga/store/testing";
import { valkeyPerTest } from "@rafaga/store/testing/per-test";
import type { SalesEvent } from "./sales/sales-event.ts";
import { SalesOracle } from "./sales/sales-oracle.ts";
import { SalesStore } from "./sales/sales-store.ts";
import { randomSale } from "./sales/sales-test-events.ts";

/**
 * An event routed to both brokers arrives twice, once per broker (offset-fence.lua's
 * pairs): counted once, its marker shortened to pairedMarkerTtlSeconds once both copies
 * came, and each copy's own redeliveries caught by its Kafka offset or RabbitMQ sequence
 * after the marker is gone.
 */
const valkey = valkeyPerTest();
const open = (pairedMarkerTtlSeconds: number) =>
  valkey.track(
    new SalesStore({
      keyPrefix: valkey.prefix,
      dedupTtlSeconds: 3600,
      pairedMarkerTtlSeconds,
    }),
  );

const kafkaCopy = (offset: number): LogPosition => ({ log: "sales:t1:0", offset, paired: true });
const rabbitCopy = (offset: number): LogPosition => ({
  log: "sales:w1",
  offset,
  windowed: true,
  paired: true,
});

describe("an event sent to both brokers", () => {
  test("counts once whichever copy comes first, and each copy's redeliveries stay out after its marker expired", async () => {
    valkey.freshPrefix();
    const seed = Date.now();
    const random = seededRandom(seed);
    const sales = Array.from({ length: 600 }, () => randomSale(random));
    const kafka = sales.map((event, i) => ({ event, at: kafkaCopy(i) }));
    const rabbit = sales.map((event, i) => ({ event, at: rabbitCopy(i) }));
    const store = open(1);

    // The two consumers apply their copies interleaved; each broker's copies in its order.
    const deliver = (deliveries: Delivery<SalesEvent>[]) =>
      applyInRandomBatches(store, deliveries, random, 120);
    const first = await deliver([...kafka.slice(0, 300), ...rabbit.slice(0, 450)]);
    expect({ seed, ...first }).toEqual({ seed, applied: 450, duplicates: 300, stale: 0 });
    const second = await deliver([...rabbit.slice(450), ...kafka.slice(300)]);
    expect({ seed, ...second }).toEqual({ seed, applied: 150, duplicates: 300, stale: 0 });

    // Every pair is complete: its marker lives a second, not dedupTtlSeconds.
    const ttl = await valkey.raw.ttl(`${valkey.prefix}sales_seen:${sales[0]?.id}`);
    expect(ttl).toBeLessThanOrEqual(1);
    await Bun.sleep(2100);
    expect(await valkey.raw.keys(`${valkey.prefix}sales_seen:*`)).toEqual([]);

    // A rebalance replays Kafka from an old offset; RabbitMQ requeues a few: nothing counts.
    const again = [...kafka.slice(100), ...rabbit.filter(() => random() < 0.2)];
    expect(await deliver(again)).toEqual({ applied: 0, duplicates: again.length, stale: 0 });
    const oracle = SalesOracle.ofEvents(sales);
    const aggregates = await store.readAggregates();
    expect(aggregates.totalSales).toBe(oracle.sales.size);
    expect(aggregates.totalSales).toBe(600);
  });

  test("a copy whose twin never came keeps its marker for dedupTtlSeconds", async () => {
    valkey.freshPrefix();
    const random = seededRandom(8);
    const store = open(1);
    const sale = randomSale(random);
    expect(await store.applyBatch([sale], [kafkaCopy(0)])).toMatchObject({ applied: 1 });
    expect(await valkey.raw.ttl(`${valkey.prefix}sales_seen:${sale.id}`)).toBeGreaterThan(3500);
    // Its twin, late but within dedupTtlSeconds, is still recognised.
    expect(await store.applyBatch([sale], [rabbitCopy(0)])).toMatchObject({
      applied: 0,
      duplicates: 1,
    });
  });
});
