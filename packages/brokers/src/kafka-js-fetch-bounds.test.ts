import { afterAll, beforeAll, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import type { BrokerConsumer } from "./broker.ts";
import { deleteKafkaTopics } from "./broker-admin.ts";
import { KafkaJsConsumer } from "./kafka-js-consumer.ts";
import { KafkaJsProducer } from "./kafka-js-producer.ts";

const MESSAGES = 3000;
const VALUE_BYTES = 1000;
const topic = `fetch-bounds-${randomUUID()}`;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  await ensureUp(["kafka"]);
  await createTopic(topic, 1);
  const producer = new KafkaJsProducer({ brokers: endpoints.kafkaBrokers, compression: "none" });
  open.push(producer);
  // 150 writes of 20: record batches of about 20 KB, as a steady stream of small writes leaves.
  for (let sent = 0; sent < MESSAGES; sent += 20) {
    const batch = Array.from({ length: 20 }, () => ({
      value: crypto.getRandomValues(new Uint8Array(VALUE_BYTES)),
    }));
    await producer.writeBatch(topic, batch);
  }
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(open.map((x) => x.close()));
  await deleteKafkaTopics(endpoints.kafkaBrokers, [topic]);
}, 60_000);

/** The sizes of the batches a consumer in a fresh group hands over while it drains the topic. */
async function drainBatchSizes(consumer: BrokerConsumer): Promise<number[]> {
  open.push(consumer);
  const sizes: number[] = [];
  let total = 0;
  const { promise: drained, resolve } = Promise.withResolvers<void>();
  await consumer.start({
    source: topic,
    group: `g-${randomUUID()}`,
    handler: async (messages) => {
      sizes.push(messages.length);
      total += messages.length;
      if (total >= MESSAGES) resolve();
    },
  });
  await drained;
  await consumer.close();
  return sizes;
}

// A consumer holds what one fetch brought, decoded, until it is applied: a backlog must
// come in pieces of about the fetch bound, not all at once.
test("a backlog arrives in pieces no larger than the fetch bound allows", async () => {
  const bounded = await drainBatchSizes(
    new KafkaJsConsumer({
      brokers: endpoints.kafkaBrokers,
      maxBatch: 100_000,
      fetchMaxBytes: 65_536,
      fetchMaxPartitionBytes: 65_536,
    }),
  );
  // 64 KiB is 65 values of 1,000 bytes, or a little more: Kafka adds the record batch that
  // crosses the bound.
  expect(Math.max(...bounded)).toBeLessThanOrEqual(100);
  expect(bounded.reduce((a, b) => a + b, 0)).toBe(MESSAGES);

  // The same backlog under the client's own bounds (50 MB) comes in far bigger pieces.
  const unbounded = await drainBatchSizes(
    new KafkaJsConsumer({
      brokers: endpoints.kafkaBrokers,
      maxBatch: 100_000,
      fetchMaxBytes: 52_428_800,
      fetchMaxPartitionBytes: 52_428_800,
    }),
  );
  expect(Math.max(...unbounded)).toBeGreaterThan(1000);
}, 120_000);
