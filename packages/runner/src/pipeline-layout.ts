import { join } from "node:path";
import type { RoutingMode } from "@rafaga/core";
import { destinationVar, groupVar, routingVar } from "@rafaga/domains";
import { SUPERVISOR_METRICS_PORT } from "./supervisor-metrics.ts";
import type { TierSpec } from "./tier-process.ts";

export type { RoutingMode };

/**
 * `single`: ingest, router and writers in one process (the `edge` tier) calling each other
 * in memory, for one machine; `tiers`: every tier its own process with gRPC between them,
 * as on Kubernetes. Consumers are their own processes in both.
 */
export const LAYOUT_KINDS = ["single", "tiers"] as const;
export type LayoutKind = (typeof LAYOUT_KINDS)[number];

export interface PipelinePorts {
  ingest: number;
  router: number;
  routerMetrics: number;
  kafkaWriter: number;
  kafkaWriterMetrics: number;
  rabbitWriter: number;
  rabbitWriterMetrics: number;
  /** One metrics port per Kafka consumer process: their number is the replica count. */
  kafkaConsumerMetrics: number[];
  rabbitConsumerMetrics: number[];
  /** The reference gRPC services on ingest / the edge (GRPC_PORT); none without a port. */
  grpc?: number;
  /** The dashboard page (its own process, reading Valkey); none without a port. */
  dashboard?: number;
  /** Where the supervisor of `npm start` / `serve` counts restarts, for the dashboard. */
  supervisorMetrics?: number;
}

export interface PipelineLayout {
  kind: LayoutKind;
  ports: PipelinePorts;
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
  /**
   * The Kafka consumers' client: `js` (@platformatic/kafka under Bun, the default: about a
   * third of librdkafka's CPU per event here, see README) or `rdkafka` (librdkafka under Node).
   */
  kafkaConsumerClient?: "js" | "rdkafka";
  /**
   * The Kafka writer's client: `js` (@platformatic/kafka under Bun, the default: faster and
   * lower latency than librdkafka here, see README) or `rdkafka` (librdkafka under Node).
   */
  kafkaWriterClient?: "js" | "rdkafka";
  /**
   * Domains beyond the built-in ones, loaded by every tier from DOMAIN_MODULES. Their
   * modules are TypeScript, so every tier must run under Bun: `js` Kafka clients only.
   */
  extraDomains?: readonly ExtraDomainLayout[];
  /** The consumers' DEDUP_TTL_SECONDS (default theirs, 7 days). */
  dedupTtlSeconds?: number;
  /** The consumers' PAIRED_MARKER_TTL_SECONDS (default theirs, 60 s). */
  pairedMarkerTtlSeconds?: number;
}

export interface ExtraDomainLayout {
  /** Module path (relative to the repository root) with the DomainModule as default export. */
  module: string;
  /** The module's `name` (it names the variables below). */
  name: string;
  routing: RoutingMode;
  destination: string;
  group: string;
}

/** The variables that tell every tier about the extra domains. */
function extraDomainEnv(layout: PipelineLayout): Record<string, string> {
  const extra = layout.extraDomains ?? [];
  if (extra.length === 0) return {};
  const env: Record<string, string> = {
    DOMAIN_MODULES: extra.map((d) => d.module).join(","),
  };
  for (const d of extra) {
    env[routingVar(d)] = d.routing;
    env[destinationVar(d)] = d.destination;
    env[groupVar(d)] = d.group;
  }
  return env;
}

export const defaultPorts: PipelinePorts = {
  ingest: 8080,
  router: 50051,
  routerMetrics: 9451,
  kafkaWriter: 50061,
  kafkaWriterMetrics: 9461,
  rabbitWriter: 50062,
  rabbitWriterMetrics: 9462,
  kafkaConsumerMetrics: [9471],
  rabbitConsumerMetrics: [9481],
  // Grafana's port in the reference systems: the page people open after a run.
  dashboard: 3000,
  supervisorMetrics: SUPERVISOR_METRICS_PORT,
};

/** The layout `npm start` and `npm run serve` run; `dashboardPort` 0 means no dashboard. */
export function defaultLayout(
  endpoints: {
    kafkaBrokers: string;
    amqpUrl: string;
    valkeyUrl: string;
  },
  kind: LayoutKind = "single",
  dashboardPort = defaultPorts.dashboard ?? 0,
): PipelineLayout {
  const { dashboard: _, ...ports } = defaultPorts;
  // The reference clients' 50051 is the router's in the per-tier layout.
  const grpc = kind === "tiers" ? 50052 : 50051;
  return {
    kind,
    ports: dashboardPort === 0 ? { ...ports, grpc } : { ...ports, grpc, dashboard: dashboardPort },
    routingWeather: "both",
    routingSales: "kafka",
    weatherDestination: "weather-tweets",
    salesDestination: "sales-topic",
    keyPrefix: "",
    groupSuffix: "",
    ...endpoints,
  };
}

const local = "127.0.0.1";
const ready = (port: number) => `http://${local}:${port}/readyz`;

/** Every process with a /metrics, as the dashboard's PIPELINE_METRICS (`name=url`). */
function metricsTargets(layout: PipelineLayout): string[] {
  const p = layout.ports;
  const url = (port: number) => `http://${local}:${port}/metrics`;
  const replicas = (name: string, ports: number[]) =>
    ports.map((port, i) => `${name}${ports.length > 1 ? `-${i + 1}` : ""}=${url(port)}`);
  return [
    ...(layout.kind === "single"
      ? [`edge=${url(p.ingest)}`]
      : [
          `ingest=${url(p.ingest)}`,
          `router=${url(p.routerMetrics)}`,
          `writer-kafka=${url(p.kafkaWriterMetrics)}`,
          `writer-rabbitmq=${url(p.rabbitWriterMetrics)}`,
        ]),
    ...replicas("consumer-kafka", p.kafkaConsumerMetrics),
    ...replicas("consumer-rabbitmq", p.rabbitConsumerMetrics),
    ...(p.supervisorMetrics === undefined ? [] : [`supervisor=${url(p.supervisorMetrics)}`]),
  ];
}

/** Off the hot path: it reads Valkey and the tiers' /metrics once per refresh for all viewers. */
function dashboardTier(
  layout: PipelineLayout,
  port: number,
  streams: Record<string, string>,
): TierSpec {
  return {
    name: "dashboard",
    command: [process.execPath, join("packages", "dashboard", "src", "main.ts")],
    env: {
      ...streams,
      ...extraDomainEnv(layout),
      KAFKA_BROKERS: layout.kafkaBrokers,
      AMQP_URL: layout.amqpUrl,
      HOST: local,
      PORT: String(port),
      VALKEY_URL: layout.valkeyUrl,
      KEY_PREFIX: layout.keyPrefix,
      PIPELINE_METRICS: metricsTargets(layout).join(","),
    },
    readyUrl: ready(port),
  };
}

/**
 * The processes of the pipeline: consumers, then writers, router and ingest, or the one
 * edge process in their place (started in that order, stopped in reverse). The librdkafka
 * tiers (the Kafka writer; the Kafka consumers if asked) run the Node bundle of the same
 * source (see node-bundle.ts); everything else runs its TypeScript under Bun.
 */
export function pipelineTiers(
  layout: PipelineLayout,
  nodeEntries: { writer: string; consumer: string },
): TierSpec[] {
  const bun = process.execPath;
  const src = (pkg: string) => join("packages", pkg, "src", "main.ts");
  const p = layout.ports;
  const destinations = {
    WEATHER_DESTINATION: layout.weatherDestination,
    SALES_DESTINATION: layout.salesDestination,
    ...extraDomainEnv(layout),
  };
  const groups = {
    WEATHER_GROUP: `weather-group${layout.groupSuffix}`,
    SALES_GROUP: `black-friday-group${layout.groupSuffix}`,
  };
  const consumer = {
    ...destinations,
    ...groups,
    DOMAINS: ["weather", "sales", ...(layout.extraDomains ?? []).map((d) => d.name)].join(","),
    VALKEY_URL: layout.valkeyUrl,
    KEY_PREFIX: layout.keyPrefix,
    HOST: local,
    ...(layout.dedupTtlSeconds ? { DEDUP_TTL_SECONDS: String(layout.dedupTtlSeconds) } : {}),
    ...(layout.pairedMarkerTtlSeconds
      ? { PAIRED_MARKER_TTL_SECONDS: String(layout.pairedMarkerTtlSeconds) }
      : {}),
  };
  const rdkafkaConsumers = layout.kafkaConsumerClient === "rdkafka";
  const consumers = (broker: "kafka" | "rabbitmq", ports: number[]): TierSpec[] =>
    ports.map((port, i) => ({
      name: `consumer-${broker}${ports.length > 1 ? `-${i + 1}` : ""}`,
      command:
        broker === "kafka" && rdkafkaConsumers
          ? ["node", nodeEntries.consumer]
          : [bun, src("consumers")],
      env: {
        ...consumer,
        BROKER: broker,
        KAFKA_CLIENT: rdkafkaConsumers ? "rdkafka" : "js",
        KAFKA_BROKERS: layout.kafkaBrokers,
        AMQP_URL: layout.amqpUrl,
        METRICS_PORT: String(port),
      },
      readyUrl: ready(port),
    }));
  const jsWriter = layout.kafkaWriterClient !== "rdkafka";
  const writer = (broker: "kafka" | "rabbitmq", port: number, metrics: number): TierSpec => ({
    name: `writer-${broker}`,
    command: broker === "kafka" && !jsWriter ? ["node", nodeEntries.writer] : [bun, src("writers")],
    env: {
      ...destinations,
      BROKER: broker,
      ...(broker === "kafka" ? { KAFKA_CLIENT: jsWriter ? "js" : "rdkafka" } : {}),
      KAFKA_BROKERS: layout.kafkaBrokers,
      AMQP_URL: layout.amqpUrl,
      HOST: local,
      PORT: String(port),
      METRICS_PORT: String(metrics),
    },
    readyUrl: ready(metrics),
  });
  const all = [
    ...consumers("kafka", p.kafkaConsumerMetrics),
    ...consumers("rabbitmq", p.rabbitConsumerMetrics),
    ...(p.dashboard === undefined
      ? []
      : [dashboardTier(layout, p.dashboard, { ...destinations, ...groups })]),
  ];
  if (layout.kind === "single") {
    return [
      ...all,
      {
        name: "edge",
        command: [bun, src("edge")],
        env: {
          ...destinations,
          HOST: local,
          PORT: String(p.ingest),
          GRPC_PORT: String(p.grpc ?? 0),
          ROUTING_WEATHER: layout.routingWeather,
          ROUTING_SALES: layout.routingSales,
          KAFKA_BROKERS: layout.kafkaBrokers,
          AMQP_URL: layout.amqpUrl,
        },
        readyUrl: ready(p.ingest),
      },
    ];
  }
  return [
    ...all,
    writer("kafka", p.kafkaWriter, p.kafkaWriterMetrics),
    writer("rabbitmq", p.rabbitWriter, p.rabbitWriterMetrics),
    {
      name: "router",
      command: [bun, src("router")],
      env: {
        ...extraDomainEnv(layout),
        HOST: local,
        PORT: String(p.router),
        METRICS_PORT: String(p.routerMetrics),
        ROUTING_WEATHER: layout.routingWeather,
        ROUTING_SALES: layout.routingSales,
        KAFKA_WRITER_TARGETS: `${local}:${p.kafkaWriter}`,
        RABBITMQ_WRITER_TARGETS: `${local}:${p.rabbitWriter}`,
      },
      readyUrl: ready(p.routerMetrics),
    },
    {
      name: "ingest",
      command: [bun, src("ingest")],
      env: {
        ...extraDomainEnv(layout),
        HOST: local,
        PORT: String(p.ingest),
        GRPC_PORT: String(p.grpc ?? 0),
        ROUTER_TARGETS: `${local}:${p.router}`,
      },
      readyUrl: ready(p.ingest),
    },
  ];
}
