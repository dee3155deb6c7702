import { join } from "node:path";
import type { TierSpec } from "./tier-process.ts";

export type RoutingMode = "both" | "kafka" | "rabbitmq" | "split";

export interface PipelineLayout {
  ports: {
    ingest: number;
    router: number;
    kafkaWriter: number;
    rabbitWriter: number;
    metrics: number[];
    routerMetrics: number;
  };
  routingWeather: RoutingMode;
  routingSales: RoutingMode;
  weatherDestination: string;
  salesDestination: string;
  keyPrefix: string;
  kafkaBrokers: string;
  amqpUrl: string;
  valkeyUrl: string;
  /** Suffix for the Kafka consumer groups, so a test's group starts from the beginning. */
  groupSuffix: string;
}

export const defaultLayout = (endpoints: {
  kafkaBrokers: string;
  amqpUrl: string;
  valkeyUrl: string;
}): PipelineLayout => ({
  ports: {
    ingest: 8080,
    router: 50051,
    kafkaWriter: 50061,
    rabbitWriter: 50062,
    metrics: [9461, 9462, 9471, 9472],
    routerMetrics: 9451,
  },
  routingWeather: "both",
  routingSales: "kafka",
  weatherDestination: "weather-tweets",
  salesDestination: "sales-topic",
  keyPrefix: "",
  groupSuffix: "",
  ...endpoints,
});

/**
 * The six processes of the pipeline. The librdkafka tiers run the Node bundle of the same
 * source (see node-bundle.ts); everything else runs its TypeScript under Bun.
 */
export function pipelineTiers(
  layout: PipelineLayout,
  nodeEntries: { writer: string; consumer: string },
): TierSpec[] {
  const bun = process.execPath;
  const src = (pkg: string) => join("packages", pkg, "src", "main.ts");
  const p = layout.ports;
  const [writerKafkaMetrics, writerRabbitMetrics, consumerKafkaMetrics, consumerRabbitMetrics] =
    p.metrics;
  const local = "127.0.0.1";
  const destinations = {
    WEATHER_DESTINATION: layout.weatherDestination,
    SALES_DESTINATION: layout.salesDestination,
  };
  const consumer = {
    ...destinations,
    DOMAINS: "weather,sales",
    VALKEY_URL: layout.valkeyUrl,
    KEY_PREFIX: layout.keyPrefix,
    WEATHER_GROUP: `weather-group${layout.groupSuffix}`,
    SALES_GROUP: `black-friday-group${layout.groupSuffix}`,
    HOST: local,
  };
  return [
    {
      name: "consumer-kafka",
      command: ["node", nodeEntries.consumer],
      env: {
        ...consumer,
        BROKER: "kafka",
        KAFKA_BROKERS: layout.kafkaBrokers,
        METRICS_PORT: String(consumerKafkaMetrics),
      },
      readyUrl: `http://${local}:${consumerKafkaMetrics}/readyz`,
    },
    {
      name: "consumer-rabbitmq",
      command: [bun, src("consumers")],
      env: {
        ...consumer,
        BROKER: "rabbitmq",
        AMQP_URL: layout.amqpUrl,
        METRICS_PORT: String(consumerRabbitMetrics),
      },
      readyUrl: `http://${local}:${consumerRabbitMetrics}/readyz`,
    },
    {
      name: "writer-kafka",
      command: ["node", nodeEntries.writer],
      env: {
        ...destinations,
        BROKER: "kafka",
        KAFKA_BROKERS: layout.kafkaBrokers,
        HOST: local,
        PORT: String(p.kafkaWriter),
        METRICS_PORT: String(writerKafkaMetrics),
      },
      readyUrl: `http://${local}:${writerKafkaMetrics}/readyz`,
    },
    {
      name: "writer-rabbitmq",
      command: [bun, src("writers")],
      env: {
        ...destinations,
        BROKER: "rabbitmq",
        AMQP_URL: layout.amqpUrl,
        HOST: local,
        PORT: String(p.rabbitWriter),
        METRICS_PORT: String(writerRabbitMetrics),
      },
      readyUrl: `http://${local}:${writerRabbitMetrics}/readyz`,
    },
    {
      name: "router",
      command: [bun, src("router")],
      env: {
        HOST: local,
        PORT: String(p.router),
        METRICS_PORT: String(p.routerMetrics),
        ROUTING_WEATHER: layout.routingWeather,
        ROUTING_SALES: layout.routingSales,
        KAFKA_WRITER_TARGETS: `${local}:${p.kafkaWriter}`,
        RABBITMQ_WRITER_TARGETS: `${local}:${p.rabbitWriter}`,
      },
      readyUrl: `http://${local}:${p.routerMetrics}/readyz`,
    },
    {
      name: "ingest",
      command: [bun, src("ingest")],
      env: { HOST: local, PORT: String(p.ingest), ROUTER_TARGETS: `${local}:${p.router}` },
      readyUrl: `http://${local}:${p.ingest}/readyz`,
    },
  ];
}
