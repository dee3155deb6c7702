import { expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { Admin } from "@platformatic/kafka";
import { RabbitProducer } from "@rafaga/brokers";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { defaultLayout } from "@rafaga/runner";
import amqp from "amqplib";
import Valkey from "iovalkey";
import { dropTestResources } from "./test-resources.ts";

async function kafkaTopics(): Promise<string[]> {
  const admin = new Admin({ clientId: "rafaga-test", bootstrapBrokers: [endpoints.kafkaBrokers] });
  try {
    return await admin.listTopics();
  } finally {
    await admin.close();
  }
}

async function queueExists(name: string): Promise<boolean> {
  const connection = await amqp.connect(endpoints.amqpUrl);
  try {
    // A failed passive declare closes the channel, so each check gets its own.
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    return await channel.checkQueue(name).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => {});
  }
}

test("a test pipeline's topics, queues and keys are deleted, and nothing else", async () => {
  await ensureUp();
  const id = randomUUID().slice(0, 8);
  const layout = {
    ...defaultLayout(endpoints),
    weatherDestination: `weather-${id}`,
    salesDestination: `sales-${id}`,
    keyPrefix: `t-${id}:`,
  };
  const bystander = `weather-bystander-${id}`;
  for (const topic of [layout.weatherDestination, `${layout.salesDestination}.dlq`, bystander])
    await createTopic(topic, 1);
  const rabbit = new RabbitProducer({ url: endpoints.amqpUrl });
  await rabbit.writeBatch(layout.weatherDestination, [{ value: new Uint8Array([1]) }]);
  await rabbit.close();
  const valkey = new Valkey(endpoints.valkeyUrl);
  await valkey.set(`${layout.keyPrefix}weather:x`, "1");
  await valkey.set(`t-other-${id}:weather:x`, "1");

  expect(await queueExists(layout.weatherDestination)).toBe(true);
  await dropTestResources(layout);

  const topics = await kafkaTopics();
  expect(topics).not.toContain(layout.weatherDestination);
  expect(topics).not.toContain(`${layout.salesDestination}.dlq`);
  expect(topics).toContain(bystander);
  expect(await queueExists(layout.weatherDestination)).toBe(false);
  expect(await valkey.exists(`${layout.keyPrefix}weather:x`)).toBe(0);
  expect(await valkey.get(`t-other-${id}:weather:x`)).toBe("1");

  await valkey.del(`t-other-${id}:weather:x`);
  valkey.disconnect();
  await dropTestResources({ ...layout, weatherDestination: bystander });
});
