import { type BrokerProducer, KafkaJsProducer, RabbitProducer } from "@rafaga/brokers";
import { RafagaError } from "@rafaga/core";
import type { WriterConfig } from "./writer-config.ts";

/**
 * Picks the broker adapter. librdkafka is loaded lazily and only under Node: under Bun
 * its addon aborts the process at the first connect, so we refuse early with a message.
 */
export async function createProducer(config: WriterConfig): Promise<BrokerProducer> {
  if (config.BROKER === "rabbitmq") {
    return new RabbitProducer({
      url: config.AMQP_URL,
      queueType: config.RABBITMQ_QUEUE_TYPE,
      deliveryTimeoutMs: config.DELIVERY_TIMEOUT_MS,
    });
  }
  const kafka = {
    brokers: config.KAFKA_BROKERS,
    clientId: "rafaga-writer",
    lingerMs: config.KAFKA_LINGER_MS,
    compression: config.KAFKA_COMPRESSION,
    deliveryTimeoutMs: config.DELIVERY_TIMEOUT_MS,
  };
  if (config.KAFKA_CLIENT === "js") return new KafkaJsProducer(kafka);
  if (process.versions.bun) {
    throw new RafagaError(
      "CONFIG",
      "KAFKA_CLIENT=rdkafka needs Node (librdkafka's addon does not load in Bun): run the Node build, or set KAFKA_CLIENT=js",
      { field: "KAFKA_CLIENT" },
    );
  }
  const { RdKafkaProducer } = await import("@rafaga/brokers/node");
  return new RdKafkaProducer(kafka);
}
