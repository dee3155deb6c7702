import { describe, expect, test } from "bun:test";
import type { BrokerProducer, OutboundMessage } from "@rafaga/brokers";
import {
  createMetrics,
  type Domain,
  type Envelope,
  fromBrokerRecord,
  RafagaError,
} from "@rafaga/core";
import { salesDomain, weatherDomain } from "@rafaga/domains";
import { createWriterHandler } from "./writer-service.ts";

/** Records each write; refuses writes to the destinations in `down`. */
function memoryProducer(down: string[] = []) {
  const writes: { destination: string; ids: string[] }[] = [];
  const held: (() => void)[] = [];
  let holding = false;
  const producer: BrokerProducer = {
    kind: "kafka-js",
    connect: async () => {},
    close: async () => {},
    writable: () => true,
    writeBatch: async (destination: string, messages: OutboundMessage[]) => {
      if (down.includes(destination)) {
        throw new RafagaError("BROKER_UNAVAILABLE", `${destination} down`, { notWritten: true });
      }
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      writes.push({
        destination,
        ids: messages.map((m) => fromBrokerRecord({ value: m.value, headers: m.headers ?? {} }).id),
      });
    },
  };
  return {
    producer,
    writes,
    hold: () => (holding = true),
    /** Confirms every write waiting so far. */
    confirm: () => {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}

let seq = 0;
const event = (domain: Domain): Envelope => ({
  id: `ev-${++seq}`,
  domain,
  ingestTsUs: 1,
  payload: new Uint8Array([1]),
});
const destinations = new Map<Domain, string>([
  [weatherDomain.id, "w"],
  [salesDomain.id, "s"],
]);
const metrics = () => createMetrics("writer-test", { defaultMetrics: false });

test("one write per destination, events in batch order, each as a broker record", async () => {
  const { producer, writes } = memoryProducer();
  const handler = createWriterHandler(producer, destinations, metrics());
  const [w1, s1, w2] = [event(weatherDomain.id), event(salesDomain.id), event(weatherDomain.id)];
  await handler({ batchId: 1, events: [w1, s1, w2] });
  expect(writes.sort((a, b) => a.destination.localeCompare(b.destination))).toEqual([
    { destination: "s", ids: [s1.id] },
    { destination: "w", ids: [w1.id, w2.id] },
  ]);
});

test("the batch resolves only once every destination confirmed, and fails if any refused", async () => {
  const slow = memoryProducer();
  slow.hold();
  const handler = createWriterHandler(slow.producer, destinations, metrics());
  let done = false;
  const running = handler({ batchId: 2, events: [event(weatherDomain.id)] }).then(() => {
    done = true;
  });
  await Bun.sleep(20);
  expect(done).toBe(false);
  slow.confirm();
  await running;
  expect(done).toBe(true);

  const salesDown = memoryProducer(["s"]);
  const m = metrics();
  const failing = createWriterHandler(salesDown.producer, destinations, m);
  await expect(
    failing({ batchId: 3, events: [event(weatherDomain.id), event(salesDomain.id)] }),
  ).rejects.toThrow("s down");
  const { body } = await m.render();
  expect(body).toContain(
    'rafaga_writer_failed_events_total{destination="s",broker="kafka-js",service="writer-test"} 1',
  );
  expect(body).toContain(
    'rafaga_writer_events_total{destination="w",broker="kafka-js",service="writer-test"} 1',
  );
});

test("an event of a domain the writer does not know refuses the whole batch before any write", async () => {
  const { producer, writes } = memoryProducer();
  const handler = createWriterHandler(producer, destinations, metrics());
  const refused = await handler({ batchId: 9, events: [event(weatherDomain.id), event(77)] }).then(
    () => undefined,
    (error: RafagaError) => error,
  );
  expect(refused?.code).toBe("CONFIG");
  expect(refused?.notWritten).toBe(true);
  expect(writes).toEqual([]);
});

describe("merged writes", () => {
  // A linger far beyond the test timeout: a write that waited for it would fail the test.
  const merge = { eagerBatches: 1, lingerMs: 600_000 };
  const idsOf = (writes: { destination: string; ids: string[] }[], destination: string) =>
    writes.filter((w) => w.destination === destination).map((w) => w.ids);

  test("batches that arrive while a write is in flight leave together on its ack", async () => {
    const { producer, writes, hold, confirm } = memoryProducer();
    hold();
    const handler = createWriterHandler(producer, destinations, metrics(), merge);
    const [a, b, c, d] = [
      event(weatherDomain.id),
      event(weatherDomain.id),
      event(salesDomain.id),
      event(weatherDomain.id),
    ];
    const first = handler({ batchId: 1, events: [a] });
    await Bun.sleep(5);
    const later = [handler({ batchId: 2, events: [b, c] }), handler({ batchId: 3, events: [d] })];
    await Bun.sleep(5);
    confirm();
    await first;
    await Bun.sleep(5);
    confirm();
    await Promise.all(later);
    expect(idsOf(writes, "w")).toEqual([[a.id], [b.id, d.id]]);
    expect(idsOf(writes, "s")).toEqual([[c.id]]);
  });

  test("an idle writer writes at once", async () => {
    const { producer, writes } = memoryProducer();
    const handler = createWriterHandler(producer, destinations, metrics(), merge);
    const only = event(salesDomain.id);
    await handler({ batchId: 1, events: [only] });
    expect(writes).toEqual([{ destination: "s", ids: [only.id] }]);
  });

  test("a batch the writer cannot route is refused alone; the batch beside it is written", async () => {
    const { producer, writes } = memoryProducer();
    const handler = createWriterHandler(producer, destinations, metrics(), merge);
    const good = event(weatherDomain.id);
    const [refused, written] = await Promise.allSettled([
      handler({ batchId: 1, events: [event(weatherDomain.id), event(77)] }),
      handler({ batchId: 2, events: [good] }),
    ]);
    expect(refused.status === "rejected" && (refused.reason as RafagaError).code).toBe("CONFIG");
    expect(written.status).toBe("fulfilled");
    expect(writes).toEqual([{ destination: "w", ids: [good.id] }]);
  });

  test("a merged write that fails fails every batch in it", async () => {
    const { producer } = memoryProducer(["s"]);
    const handler = createWriterHandler(producer, destinations, metrics(), merge);
    const outcomes = await Promise.allSettled([
      handler({ batchId: 1, events: [event(weatherDomain.id)] }),
      handler({ batchId: 2, events: [event(salesDomain.id)] }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });
});
