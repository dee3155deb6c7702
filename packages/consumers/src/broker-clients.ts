import {
  type BrokerConsumer,
  type BrokerProducer,
  KafkaJsConsumer,
  KafkaJsProducer,
  RabbitConsumer,
  RabbitProducer,
} from "@rafaga/brokers";
import { RafagaError } from "@rafaga/core";
import type { ConsumerConfig } from "./consumer-config.ts";

/**
 * The consumer and its dead-letter producer for the configured broker. librdkafka loads
 * only under Node (its addon aborts Bun at the first connect), so it is imported lazily.
 */
export async function createBrokerClients(
  config: ConsumerConfig,
): Promise<{ consumer: () => BrokerConsumer; deadLetters: BrokerProducer }> {
  if (config.BROKER === "rabbitmq") {
    const rabbit = { url: config.AMQP_URL, queueType: config.RABBITMQ_QUEUE_TYPE };
    return {
      consumer: () => new RabbitConsumer({ ...rabbit, prefetch: config.MAX_BATCH }),
      deadLetters: new RabbitProducer(rabbit),
    };
  }
  const kafka = { brokers: config.KAFKA_BROKERS, clientId: "rafaga-consumer" };
  if (config.KAFKA_CLIENT === "js") {
    return {
      consumer: () => new KafkaJsConsumer({ ...kafka, maxBatch: config.MAX_BATCH }),
      deadLetters: new KafkaJsProducer(kafka),
    };
  }
  if (process.versions.bun) {
    throw new RafagaError(
      "CONFIG",
      "KAFKA_CLIENT=rdkafka needs Node (librdkafka's addon does not load in Bun): run the Node build, or set KAFKA_CLIENT=js",
      { field: "KAFKA_CLIENT" },
    );
  }
  const { RdKafkaConsumer, RdKafkaProducer } = await import("@rafaga/brokers/node");
  return {
    consumer: () => new RdKafkaConsumer({ ...kafka, maxBatch: config.MAX_BATCH }),
    deadLetters: new RdKafkaProducer(kafka),
  };
}
