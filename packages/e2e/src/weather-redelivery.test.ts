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

async function messagesOn(
  consumer: BrokerConsumer,
  source: string,
  count: number,
): Promise<InboundMessage[]> {
  const seen: InboundMessage[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${seen.length} on ${source}`)), 30_000);
    consumer
      .start({
        source,
        group: `dlq-reader-${source}`,
        handler: async (messages) => {
          seen.push(...messages);
          if (seen.length < count) return;
          clearTimeout(timer);
          resolve(seen);
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
    test(`${broker}: undecodable messages go to the dead-letter destination, one by one, and block nothing`, async () => {
      const dest = t.layout.weatherDestination;
      const producer = broker === "kafka" ? kafka : rabbit;
      const good = report("mixco");
      const [id, ...rest] = (good.headers[HEADER_EVENT] ?? "").split(" ");
      const poisons = {
        bytes: { ...report("mixco"), value: new Uint8Array([0xff, 0xff, 0xff, 0x07]) },
        // A tab in the id would shift the fields the store packs for its script.
        "event id": { ...good, headers: { [HEADER_EVENT]: [`${id}\tx`, ...rest].join(" ") } },
        // 0 is the proto3 "unknown" municipality: no key to count it under.
        municipality: { ...report("mixco"), value: new Uint8Array([0x08, 0, 0x10, 19, 0x20, 4]) },
      };
      const before = (await t.weather.readCounts()).mixco.foggy;
      // In one batch with a good report, which must still count.
      await producer.writeBatch(dest, [...Object.values(poisons), good]);
      const count = async () => (await t.weather.readCounts()).mixco.foggy;
      expect(await settle(count, before + 1, 30_000)).toBe(before + 1);

      const reader =
        broker === "kafka"
          ? new KafkaJsConsumer({ brokers: endpoints.kafkaBrokers })
          : new RabbitConsumer({ url: endpoints.amqpUrl });
      try {
        const dead = await messagesOn(reader, `${dest}.dlq`, 3);
        expect(dead.map((m) => m.headers[HEADER_EVENT])).toEqual(
          Object.values(poisons).map((p) => p.headers[HEADER_EVENT]),
        );
        const reasons = dead.map((m) => m.headers["rafaga-dlq-reason"] ?? "");
        expect(reasons[0]).toBeString();
        expect(reasons[1]).toContain("event id");
        expect(reasons[2]).toContain("municipality");
        for (const m of dead) expect(m.headers["rafaga-dlq-source"]).toBe(dest);
      } finally {
        await reader.close();
      }
      await Bun.sleep(1000);
      expect(await count()).toBe(before + 1);
    }, 90_000);
  }
});
