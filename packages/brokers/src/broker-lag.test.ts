import { afterAll, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { deleteKafkaTopics, deleteRabbitQueues } from "./broker-admin.ts";
import { KafkaLagReader, RabbitDepthReader } from "./broker-lag.ts";
import { KafkaJsConsumer } from "./kafka-js-consumer.ts";
import { KafkaJsProducer } from "./kafka-js-producer.ts";
import { RabbitProducer } from "./rabbitmq-producer.ts";

const id = randomUUID().slice(0, 8);
const topic = `lag-${id}`;
const queue = `depth-${id}`;
const group = `lag-group-${id}`;
const record = (i: number) => ({ value: new TextEncoder().encode(`m${i}`) });
afterAll(async () => {
  await deleteKafkaTopics(endpoints.kafkaBrokers, [topic]);
  await deleteRabbitQueues(endpoints.amqpUrl, [queue]);
}, 60_000);

test("Kafka lag: end offsets minus the group's commits, over every partition", async () => {
  await ensureUp(["kafka"]);
  await createTopic(topic, 3);
  const producer = new KafkaJsProducer({ brokers: endpoints.kafkaBrokers });
  const lag = new KafkaLagReader(endpoints.kafkaBrokers);
  try {
    await producer.writeBatch(
      topic,
      Array.from({ length: 30 }, (_, i) => record(i)),
    );
    expect(await lag.read([{ topic, group }])).toEqual([{ topic, group, lag: 30 }]);

    const consumer = new KafkaJsConsumer({ brokers: endpoints.kafkaBrokers });
    let seen = 0;
    await consumer.start({
      source: topic,
      group,
      handler: async (messages) => {
        seen += messages.length;
      },
    });
    const deadline = performance.now() + 30_000;
    while (seen < 30 && performance.now() < deadline) await Bun.sleep(50);
    await consumer.close();
    expect(await lag.read([{ topic, group }])).toEqual([{ topic, group, lag: 0 }]);

    await producer.writeBatch(
      topic,
      Array.from({ length: 5 }, (_, i) => record(i)),
    );
    expect((await lag.read([{ topic, group }]))[0]?.lag).toBe(5);
  } finally {
    await Promise.allSettled([producer.close(), lag.close()]);
  }
}, 90_000);

test("RabbitMQ depth: ready messages of each queue; one that does not exist is left out", async () => {
  await ensureUp(["rabbitmq"]);
  const producer = new RabbitProducer({ url: endpoints.amqpUrl });
  const depth = new RabbitDepthReader(endpoints.amqpUrl);
  try {
    await producer.writeBatch(
      queue,
      Array.from({ length: 7 }, (_, i) => record(i)),
    );
    expect(await depth.read([`missing-${id}`, queue])).toEqual([{ queue, messages: 7 }]);
  } finally {
    await Promise.allSettled([producer.close(), depth.close()]);
  }
}, 60_000);

test("RabbitMQ depth: a broker that does not answer fails the read instead of showing no queue", async () => {
  const depth = new RabbitDepthReader("amqp://guest:guest@127.0.0.1:1");
  try {
    await expect(depth.read([queue])).rejects.toThrow();
    // Failed dials are not kept: the next read dials again (and fails again here).
    await expect(depth.read([queue])).rejects.toThrow();
  } finally {
    await depth.close();
  }
});
