import { afterAll, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import {
  deleteKafkaTopics,
  deleteRabbitQueues,
  KafkaJsProducer,
  RabbitProducer,
} from "@rafaga/brokers";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { consumerLag } from "./consumer-lag.ts";

const id = randomUUID().slice(0, 8);
const destination = `lag-panel-${id}`;
afterAll(async () => {
  await deleteKafkaTopics(endpoints.kafkaBrokers, [destination]);
  await deleteRabbitQueues(endpoints.amqpUrl, [destination]);
}, 60_000);

const rowsOf = async (lag: ReturnType<typeof consumerLag>) => {
  const panel = await lag.read();
  return panel.kind === "table" ? panel.rows : [];
};

test("each stream's Kafka lag and RabbitMQ depth, as rows", async () => {
  await ensureUp(["kafka", "rabbitmq"]);
  await createTopic(destination, 2);
  const kafka = new KafkaJsProducer({ brokers: endpoints.kafkaBrokers });
  const rabbit = new RabbitProducer({ url: endpoints.amqpUrl });
  const record = { value: new Uint8Array([1]) };
  await kafka.writeBatch(destination, [record, record, record, record]);
  await rabbit.writeBatch(destination, [record, record]);
  await Promise.all([kafka.close(), rabbit.close()]);
  const lag = consumerLag({
    kafkaBrokers: endpoints.kafkaBrokers,
    amqpUrl: endpoints.amqpUrl,
    streams: [{ destination, group: `nobody-${id}` }],
  });
  try {
    expect(await rowsOf(lag)).toEqual([
      [`${destination} (Kafka)`, `nobody-${id}`, "4"],
      [`${destination} (RabbitMQ)`, "-", "2"],
    ]);
  } finally {
    await lag.close();
  }
}, 60_000);

test("brokers that do not answer are shown as unknown within seconds", async () => {
  const lag = consumerLag({
    kafkaBrokers: "127.0.0.1:1",
    amqpUrl: "amqp://127.0.0.1:1",
    streams: [{ destination: "x", group: "y" }],
  });
  const started = performance.now();
  try {
    expect(await rowsOf(lag)).toEqual([
      ["Kafka", "-", "unknown: no answer"],
      ["RabbitMQ", "-", "unknown: no answer"],
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  } finally {
    await lag.close();
  }
}, 30_000);
