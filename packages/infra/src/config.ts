import { RafagaError } from "@rafaga/core";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { rememberedKafkaBrokers } from "./kafka-cluster-size.ts";
import { dataDir } from "./layout.ts";

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

/** One KRaft node: a combined broker and controller. */
export interface KafkaNodePorts {
  nodeId: number;
  port: number;
  controllerPort: number;
}

/** Broker i's ports are 100 above broker i-1's: 9092/9093, 9192/9193, 9292/9293 by default. */
export const kafkaPortStep = 100;

export function kafkaNodePorts(
  brokers: number,
  base: { kafka: number; kafkaController: number } = ports,
): KafkaNodePorts[] {
  return Array.from({ length: brokers }, (_, i) => {
    const node = {
      nodeId: i + 1,
      port: base.kafka + i * kafkaPortStep,
      controllerPort: base.kafkaController + i * kafkaPortStep,
    };
    if (node.port > 65535 || node.controllerPort > 65535) {
      throw new RafagaError(
        "INFRA",
        `kafka broker ${node.nodeId} would listen above port 65535; lower KAFKA_PORT / KAFKA_CONTROLLER_PORT`,
      );
    }
    return node;
  });
}

/** The size `up --kafka-brokers` remembered in .data/kafka (1 when never chosen). */
export const kafkaBrokers = rememberedKafkaBrokers(dataDir("kafka"));

export const endpoints = {
  /** Every broker, so that a client still bootstraps with any one of them down. */
  kafkaBrokers: kafkaNodePorts(kafkaBrokers)
    .map((node) => `${host}:${node.port}`)
    .join(","),
  amqpUrl: `amqp://guest:guest@${host}:${ports.rabbitmq}`,
  valkeyUrl: `redis://${host}:${ports.valkey}`,
} as const;

/**
 * The topics the pipeline expects with the domains' default destinations; dead-letter
 * topics keep one partition so order is global.
 */
export const defaultTopics: ReadonlyArray<{ name: string; partitions: number }> = [
  ...BUILT_IN_DOMAINS.map((d) => ({
    name: d.defaults.destination,
    partitions: d.defaults.partitions,
  })),
  ...BUILT_IN_DOMAINS.map((d) => ({ name: `${d.defaults.destination}.dlq`, partitions: 1 })),
];
