import {
  type BrokerConsumer,
  type BrokerProducer,
  KafkaJsConsumer,
  KafkaJsProducer,
  loadRdKafka,
  RabbitConsumer,
  RabbitProducer,
} from "@rafaga/brokers";
import type { ConsumerConfig } from "./consumer-config.ts";

/**
 * The consumer and its dead-letter producer for the configured broker: for Kafka,
 * @platformatic/kafka (KAFKA_CLIENT=js) or librdkafka through loadRdKafka (Node only).
 */
export async function createBrokerClients(
  config: ConsumerConfig,
): Promise<{ consumer: () => BrokerConsumer; deadLetters: BrokerProducer }> {
  if (config.BROKER === "rabbitmq") {
    const rabbit = { url: config.AMQP_URL, queueType: config.RABBITMQ_QUEUE_TYPE };
    return {
      consumer: () =>
        new RabbitConsumer({
          ...rabbit,
          prefetch: config.MAX_BATCH,
          batchWaitMs: config.RABBITMQ_BATCH_WAIT_MS,
        }),
      deadLetters: new RabbitProducer(rabbit),
    };
  }
  const kafka = { brokers: config.KAFKA_BROKERS, clientId: "rafaga-consumer" };
  const fetch = {
    commitIntervalMs: config.KAFKA_COMMIT_INTERVAL_MS,
    fetchMinBytes: config.KAFKA_FETCH_MIN_BYTES,
    fetchWaitMs: config.KAFKA_FETCH_WAIT_MS,
    fetchMaxBytes: config.KAFKA_FETCH_MAX_BYTES,
    fetchMaxPartitionBytes: config.KAFKA_FETCH_MAX_PARTITION_BYTES,
  };
  if (config.KAFKA_CLIENT === "js") {
    return {
      consumer: () =>
        new KafkaJsConsumer({
          ...kafka,
          ...fetch,
          idleFetchWaitMs: config.KAFKA_IDLE_FETCH_WAIT_MS,
          maxBatch: config.MAX_BATCH,
        }),
      deadLetters: new KafkaJsProducer(kafka),
    };
  }
  const { RdKafkaConsumer, RdKafkaProducer } = await loadRdKafka();
  return {
    consumer: () =>
      new RdKafkaConsumer({
        ...kafka,
        maxBatch: config.MAX_BATCH,
        ...fetch,
      }),
    deadLetters: new RdKafkaProducer(kafka),
  };
}
