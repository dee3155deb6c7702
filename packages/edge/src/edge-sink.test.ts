import { expect, test } from "bun:test";
import type { BrokerProducer, OutboundMessage } from "@rafaga/brokers";
import {
  createMetrics,
  type Domain,
  type Envelope,
  fromBrokerRecord,
  RafagaError,
  type RoutingMode,
} from "@rafaga/core";
import { salesDomain, weatherDomain } from "@rafaga/domains";
import { createEdgeSink } from "./edge-sink.ts";

/** Records what it was asked to write; fails, and says it cannot write, while `down` is set. */
function recordingProducer(kind: BrokerProducer["kind"]) {
  const writes: { destination: string; ids: string[] }[] = [];
  let down = false;
  const producer: BrokerProducer = {
    kind,
    connect: async () => {},
    close: async () => {},
    writable: () => !down,
    writeBatch: async (destination: string, messages: OutboundMessage[]) => {
      if (down) throw new RafagaError("BROKER_UNAVAILABLE", `${kind} down`, { retryAfter: 1 });
      writes.push({
        destination,
        ids: messages.map((m) => fromBrokerRecord({ value: m.value, headers: m.headers ?? {} }).id),
      });
    },
  };
  return { producer, writes, setDown: (value: boolean) => (down = value) };
}

let seq = 0;
const event = (domain: Domain): Envelope => ({
  id: `ev-${++seq}`,
  domain,
  ingestTsUs: Date.now() * 1000,
  payload: new Uint8Array([8, 1]),
});

const destinations = new Map<Domain, string>([
  [weatherDomain.id, "weather-t"],
  [salesDomain.id, "sales-t"],
]);

/** Weather to both brokers, sales to Kafka only (the references' routing). */
function sinkOver(batching: { eagerBatches?: number } = {}) {
  const kafka = recordingProducer("kafka-js");
  const rabbit = recordingProducer("rabbitmq");
  const sink = createEdgeSink({
    producers: { kafka: kafka.producer, rabbitmq: rabbit.producer },
    modes: new Map<Domain, RoutingMode>([
      [weatherDomain.id, "both"],
      [salesDomain.id, "kafka"],
    ]),
    destinations,
    metrics: createMetrics("edge-test", { defaultMetrics: false }),
    batching,
  });
  return { kafka, rabbit, sink };
}

test("routes each event per domain mode to the brokers' destinations, one write per tick", async () => {
  const { kafka, rabbit, sink } = sinkOver({ eagerBatches: 1 });
  const weather = event(weatherDomain.id);
  const sale = event(salesDomain.id);
  await Promise.all([sink.submitMany([weather]), sink.submitMany([sale])]);
  expect(kafka.writes).toEqual(
    expect.arrayContaining([
      { destination: "weather-t", ids: [weather.id] },
      { destination: "sales-t", ids: [sale.id] },
    ]),
  );
  expect(kafka.writes).toHaveLength(2);
  expect(rabbit.writes).toEqual([{ destination: "weather-t", ids: [weather.id] }]);
  await sink.close();
});

test("a submit succeeds when each event reached one of its brokers, fails otherwise, and is refused after close", async () => {
  const { kafka, rabbit, sink } = sinkOver();
  rabbit.setDown(true);
  // Weather is routed to both: Kafka alone takes it, and the edge can still take every event.
  const weather = event(weatherDomain.id);
  await sink.submitMany([weather]);
  expect(kafka.writes).toContainEqual({ destination: "weather-t", ids: [weather.id] });
  expect(sink.isReady()).toBe(true);
  // Sales go to Kafka only: with Kafka down nothing can take them, nor weather either.
  kafka.setDown(true);
  await expect(sink.submitMany([event(salesDomain.id)])).rejects.toThrow("kafka-js down");
  await expect(sink.submitMany([event(weatherDomain.id)])).rejects.toThrow("down");
  expect(sink.isReady()).toBe(false);
  // RabbitMQ back: weather goes through it, sales still cannot, so not ready.
  rabbit.setDown(false);
  await sink.submitMany([event(weatherDomain.id)]);
  expect(sink.isReady()).toBe(false);
  kafka.setDown(false);
  expect(sink.isReady()).toBe(true);
  await sink.close();
  expect(sink.isReady()).toBe(false);
  await expect(sink.submitMany([event(salesDomain.id)])).rejects.toThrow("closing");
});
