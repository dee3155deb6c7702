import { expect, test } from "bun:test";
import type { BrokerProducer, OutboundMessage } from "@rafaga/brokers";
import { createMetrics, Domain, type Envelope, fromBrokerRecord, RafagaError } from "@rafaga/core";
import { createWriterHandler, destinationsOf } from "./writer-service.ts";

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
const destinations = destinationsOf({ WEATHER_DESTINATION: "w", SALES_DESTINATION: "s" });
const metrics = () => createMetrics("writer-test", { defaultMetrics: false });

test("one write per destination, events in batch order, each as a broker record", async () => {
  const { producer, writes } = memoryProducer();
  const handler = createWriterHandler(producer, destinations, metrics());
  const [w1, s1, w2] = [event(Domain.WEATHER), event(Domain.SALES), event(Domain.WEATHER)];
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
  const running = handler({ batchId: 2, events: [event(Domain.WEATHER)] }).then(() => {
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
    failing({ batchId: 3, events: [event(Domain.WEATHER), event(Domain.SALES)] }),
  ).rejects.toThrow("s down");
  const { body } = await m.render();
  expect(body).toContain(
    'rafaga_writer_failed_events_total{destination="s",broker="kafka-js",service="writer-test"} 1',
  );
  expect(body).toContain(
    'rafaga_writer_events_total{destination="w",broker="kafka-js",service="writer-test"} 1',
  );
});
