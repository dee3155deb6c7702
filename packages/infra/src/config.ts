import { RafagaError } from "@rafaga/core";

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new RafagaError("INFRA", `${variable} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

export interface Ports {
  kafka: number;
  kafkaController: number;
  rabbitmq: number;
  valkey: number;
}

/** Read once, at import: a bad value should fail before anything is installed or started. */
export const ports: Ports = (() => {
  const kafka = port("KAFKA_PORT", 9092);
  return {
    kafka,
    // The controller endpoint is written into the KRaft log at format time, so it must not
    // drift with KAFKA_PORT afterwards; it has its own variable.
    kafkaController: port("KAFKA_CONTROLLER_PORT", 9093),
    rabbitmq: port("RABBITMQ_PORT", 5672),
    valkey: port("VALKEY_PORT", 6379),
  };
})();

export const host = "127.0.0.1";

export const endpoints = {
  kafkaBrokers: `${host}:${ports.kafka}`,
  amqpUrl: `amqp://guest:guest@${host}:${ports.rabbitmq}`,
  valkeyUrl: `redis://${host}:${ports.valkey}`,
} as const;

/** The topics the pipeline expects; dead-letter topics keep one partition so order is global. */
export const defaultTopics: ReadonlyArray<{ name: string; partitions: number }> = [
  { name: "weather-tweets", partitions: 6 },
  { name: "sales-topic", partitions: 6 },
  { name: "weather-tweets.dlq", partitions: 1 },
  { name: "sales-topic.dlq", partitions: 1 },
];
