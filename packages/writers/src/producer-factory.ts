import { type BrokerProducer, KafkaJsProducer, loadRdKafka, RabbitProducer } from "@rafaga/brokers";
import type { WriterConfig } from "./writer-config.ts";

/** Picks the broker adapter; librdkafka through loadRdKafka (Node only). */
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
  const { RdKafkaProducer } = await loadRdKafka();
  return new RdKafkaProducer(kafka);
}
