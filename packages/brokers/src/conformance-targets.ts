import { randomUUID } from "node:crypto";
import { createTopic, endpoints, ensureUp, killService, startService } from "@rafaga/infra";
import type { BrokerConsumer, BrokerProducer } from "./broker.ts";
import type { AdapterUnderTest } from "./conformance.ts";

type Make<T> = (endpoint: string) => T;

/** The infrastructure side of a conformance target: real brokers, fresh names per test. */
export function kafkaTarget(
  name: string,
  producer: Make<BrokerProducer>,
  consumer: Make<BrokerConsumer>,
): AdapterUnderTest {
  return {
    name,
    service: "kafka",
    producer: () => producer(endpoints.kafkaBrokers),
    consumer: () => consumer(endpoints.kafkaBrokers),
    freshDestination: async () => {
      const topic = `conformance-${randomUUID()}`;
      await createTopic(topic, 3);
      return topic;
    },
    ensureUp: () => ensureUp(["kafka"]),
    kill: () => killService("kafka"),
    restart: () => startService("kafka"),
  };
}

export function rabbitTarget(
  name: string,
  producer: Make<BrokerProducer>,
  consumer: Make<BrokerConsumer>,
): AdapterUnderTest {
  return {
    name,
    service: "rabbitmq",
    producer: () => producer(endpoints.amqpUrl),
    consumer: () => consumer(endpoints.amqpUrl),
    freshDestination: async () => `conformance-${randomUUID()}`,
    ensureUp: () => ensureUp(["rabbitmq"]),
    kill: () => killService("rabbitmq"),
    restart: () => startService("rabbitmq"),
  };
}
