import { expect, test } from "bun:test";
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
  let confirm: () => void = () => {};
  let held = false;
  const producer: BrokerProducer = {
    kind: "kafka-js",
    connect: async () => {},
    close: async () => {},
    writable: () => true,
    writeBatch: async (destination: string, messages: OutboundMessage[]) => {
      if (down.includes(destination)) {
        throw new RafagaError("BROKER_UNAVAILABLE", `${destination} down`, { notWritten: true });
      }
      if (held) await new Promise<void>((resolve) => (confirm = resolve));
      writes.push({
        destination,
        ids: messages.map((m) => fromBrokerRecord({ value: m.value, headers: m.headers ?? {} }).id),
      });
    },
  };
  return { producer, writes, hold: () => (held = true), confirm: () => confirm() };
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
