import { afterAll, expect, test } from "bun:test";
import { randomUUID } from "node:crypto";
import { endpoints, ensureUp } from "@rafaga/infra";
import type { InboundMessage } from "./broker.ts";
import { deleteRabbitQueues } from "./broker-admin.ts";
import { RabbitConsumer } from "./rabbitmq-consumer.ts";
import { RabbitProducer } from "./rabbitmq-producer.ts";

const queues: string[] = [];
afterAll(() => deleteRabbitQueues(endpoints.amqpUrl, queues), 60_000);

// Several producers declaring the same fresh quorum queue at once get some of their first
// publishes nacked while the queue settles (measured: 1,308 of 8,000 publishes over 40
// queues). Writers start like that after a deploy; it must not turn into 503s.
test("producers racing into a fresh quorum queue: every write is confirmed", async () => {
  await ensureUp(["rabbitmq"]);
  let failed = 0;
  for (let trial = 0; trial < 10; trial++) {
    const queue = `race-${randomUUID()}`;
    queues.push(queue);
    const producers = Array.from(
      { length: 4 },
      () => new RabbitProducer({ url: endpoints.amqpUrl }),
    );
    const messages = Array.from({ length: 50 }, (_, i) => ({ value: new Uint8Array([i]) }));
    await Promise.all(
      producers.map((p) =>
        p.writeBatch(queue, messages).catch(() => {
          failed++;
        }),
      ),
    );
    await Promise.all(producers.map((p) => p.close()));
  }
  expect(failed).toBe(0);
});

test("a write refused for want of a connection says nothing was written", async () => {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true); // a port where nothing listens: connections are refused
  const producer = new RabbitProducer({ url: `amqp://guest:guest@127.0.0.1:${port}` });
  try {
    const error = await producer.writeBatch("q", [{ value: new Uint8Array([1]) }]).then(
      () => undefined,
      (e: unknown) => e as { code?: string; notWritten?: boolean },
    );
    expect({ code: error?.code, notWritten: error?.notWritten }).toEqual({
      code: "BROKER_UNAVAILABLE",
      notWritten: true,
    });
  } finally {
    await producer.close();
  }
});

test("each producer numbers its messages per queue; the consumer reads the number off as the sequence", async () => {
  await ensureUp(["rabbitmq"]);
  const queue = `sequence-${randomUUID()}`;
  queues.push(queue);
  const producers = [0, 1].map(() => new RabbitProducer({ url: endpoints.amqpUrl }));
  const consumer = new RabbitConsumer({ url: endpoints.amqpUrl });
  const received: InboundMessage[] = [];
  try {
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ value: new Uint8Array([i]), headers: { a: "1" } }));
    for (const p of producers) {
      await p.writeBatch(queue, batch(3));
      await p.writeBatch(queue, batch(2));
    }
    await consumer.start({
      source: queue,
      group: "unused",
      handler: async (messages) => {
        received.push(...messages);
      },
    });
    const deadline = Date.now() + 10_000;
    while (received.length < 10 && Date.now() < deadline) await Bun.sleep(50);
  } finally {
    await consumer.close();
    await Promise.all(producers.map((p) => p.close()));
  }
  const logs = [...new Set(received.map((m) => m.sequence?.log))];
  expect(logs).toHaveLength(2);
  for (const log of logs) {
    expect(log).toMatch(new RegExp(`^${queue}:[0-9a-f]{12}$`));
    const numbers = received.filter((m) => m.sequence?.log === log).map((m) => m.sequence?.number);
    expect(numbers).toEqual([0, 1, 2, 3, 4]);
  }
  // The transport's numbering is not one of the message's headers.
  expect(received.every((m) => JSON.stringify(m.headers) === '{"a":"1"}')).toBe(true);
});
