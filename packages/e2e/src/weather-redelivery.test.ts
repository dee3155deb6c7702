import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type BrokerConsumer,
  type BrokerProducer,
  type InboundMessage,
  KafkaJsConsumer,
  KafkaJsProducer,
  RabbitConsumer,
  RabbitProducer,
} from "@rafaga/brokers";
import { eventId, HEADER_EVENT, nowUs, toBrokerRecord } from "@rafaga/core";
import { encodeWeatherTweet, weatherDomain } from "@rafaga/domains";
import { endpoints } from "@rafaga/infra";
import { settle } from "@rafaga/runner";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

const report = (municipality: "amatitlan" | "mixco", copies?: number) =>
  toBrokerRecord({
    id: eventId(),
    domain: weatherDomain.id,
    ingestTsUs: nowUs(),
    payload: encodeWeatherTweet({ municipality, weather: "foggy", temperature: 19, humidity: 80 }),
    ...(copies ? { copies } : {}),
  });

async function firstMessage(consumer: BrokerConsumer, source: string): Promise<InboundMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing on ${source}`)), 30_000);
    consumer
      .start({
        source,
        group: `dlq-reader-${source}`,
        handler: async ([m]) => {
          if (!m) return;
          clearTimeout(timer);
          resolve(m);
        },
      })
      .catch(reject);
  });
}

describe("redeliveries and undecodable messages", () => {
  let t: TestPipeline;
  let kafka: BrokerProducer;
  let rabbit: BrokerProducer;
  beforeAll(async () => {
    t = await startTestPipeline({ routingWeather: "both" });
    kafka = new KafkaJsProducer({ brokers: endpoints.kafkaBrokers });
    rabbit = new RabbitProducer({ url: endpoints.amqpUrl });
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([kafka?.close(), rabbit?.close()]);
    await t?.stop();
  }, 60_000);

  test("the same event twice through each broker counts once", async () => {
    const dest = t.layout.weatherDestination;
    // As routing "both" writes it: marked as one of two copies, so Kafka's consumer checks
    // its id too rather than its offset alone.
    const event = report("amatitlan", 2);
    for (let i = 0; i < 2; i++) {
      await kafka.writeBatch(dest, [event]);
      await rabbit.writeBatch(dest, [event]);
    }
    const count = async () => (await t.weather.readCounts()).amatitlan.foggy;
    expect(await settle(count, 1, 30_000)).toBe(1);
    await Bun.sleep(1500);
    expect(await count()).toBe(1);
  }, 60_000);

  for (const broker of ["kafka", "rabbitmq"] as const) {
    test(`${broker}: an undecodable message goes to the dead-letter destination and blocks nothing`, async () => {
      const dest = t.layout.weatherDestination;
      const producer = broker === "kafka" ? kafka : rabbit;
      const poison = { ...report("mixco"), value: new Uint8Array([0xff, 0xff, 0xff, 0x07]) };
      const before = (await t.weather.readCounts()).mixco.foggy;
      await producer.writeBatch(dest, [poison]);
      await producer.writeBatch(dest, [report("mixco")]);
      const count = async () => (await t.weather.readCounts()).mixco.foggy;
      expect(await settle(count, before + 1, 30_000)).toBe(before + 1);

      const reader =
        broker === "kafka"
          ? new KafkaJsConsumer({ brokers: endpoints.kafkaBrokers })
          : new RabbitConsumer({ url: endpoints.amqpUrl });
      try {
        const dead = await firstMessage(reader, `${dest}.dlq`);
        expect(dead.headers[HEADER_EVENT]).toBe(poison.headers[HEADER_EVENT]);
        expect(dead.headers[HEADER_EVENT]).toBeString();
        expect(dead.headers["rafaga-dlq-reason"]).toBeString();
        expect(dead.headers["rafaga-dlq-source"]).toBe(dest);
      } finally {
        await reader.close();
      }
    }, 90_000);
  }
});
