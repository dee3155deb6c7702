import { afterAll, beforeAll, expect, test } from "bun:test";
import { deleteRabbitQueues, RabbitProducer } from "@rafaga/brokers";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { endpoints, ensureUp } from "@rafaga/infra";
import { createBrokerClients } from "./broker-clients.ts";
import { loadConsumerConfig } from "./consumer-config.ts";

const queues: string[] = [];
beforeAll(() => ensureUp(["rabbitmq"]), 120_000);
afterAll(() => deleteRabbitQueues(endpoints.amqpUrl, queues), 30_000);

/** Batch sizes a RabbitMQ consumer built from `env` delivers for 3 messages sent 40 ms apart. */
async function batchSizes(env: Record<string, string>): Promise<number[]> {
  const queue = `batch-wait-${Math.random().toString(36).slice(2, 8)}`;
  queues.push(queue);
  const config = loadConsumerConfig(BUILT_IN_DOMAINS, {
    BROKER: "rabbitmq",
    AMQP_URL: endpoints.amqpUrl,
    ...env,
  });
  const { consumer: makeConsumer, deadLetters } = await createBrokerClients(config);
  const producer = new RabbitProducer({ url: endpoints.amqpUrl });
  const consumer = makeConsumer();
  const sizes: number[] = [];
  try {
    await producer.connect();
    // The queue exists before the consumer subscribes to it.
    await producer.writeBatch(queue, []);
    await producer.writeBatch(queue, [{ value: new Uint8Array([0]) }]);
    await consumer.start({
      source: queue,
      group: "unused",
      handler: async (messages) => {
        sizes.push(messages.length);
      },
    });
    for (let n = 1; n <= 2; n++) {
      await Bun.sleep(40);
      await producer.writeBatch(queue, [{ value: new Uint8Array([n]) }]);
    }
    const deadline = performance.now() + 5000;
    while (sizes.reduce((a, b) => a + b, 0) < 3 && performance.now() < deadline)
      await Bun.sleep(20);
    return sizes;
  } finally {
    await consumer.close();
    await producer.close();
    await deadLetters.close();
  }
}

test("RABBITMQ_BATCH_WAIT_MS reaches the RabbitMQ consumer: a longer wait applies what trickles in as one batch", async () => {
  expect(await batchSizes({ RABBITMQ_BATCH_WAIT_MS: "400" })).toEqual([3]);
  expect(await batchSizes({ RABBITMQ_BATCH_WAIT_MS: "0" })).toEqual([1, 1, 1]);
}, 30_000);

test("a negative RABBITMQ_BATCH_WAIT_MS is refused, naming the variable", () => {
  expect(() =>
    loadConsumerConfig(BUILT_IN_DOMAINS, { BROKER: "rabbitmq", RABBITMQ_BATCH_WAIT_MS: "-1" }),
  ).toThrow("RABBITMQ_BATCH_WAIT_MS");
});
