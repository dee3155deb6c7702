import { loadConfig } from "@rafaga/core";
import { type Static, Type } from "@sinclair/typebox";
import { ROUTING_MODES } from "./routing.ts";

const Mode = (fallback: string, description: string) =>
  Type.Union(
    ROUTING_MODES.map((m) => Type.Literal(m)),
    { default: fallback, description },
  );
const Targets = (port: number, description: string) =>
  Type.Array(Type.String(), { default: [`127.0.0.1:${port}`], description });

export const RouterConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 50051, description: "gRPC port" }),
  HOST: Type.String({ default: "0.0.0.0", description: "gRPC listen address" }),
  METRICS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 9451,
    description:
      "/metrics, /healthz and /readyz (ready once the writers it routes to are reachable)",
  }),
  ROUTING_WEATHER: Mode(
    "both",
    "weather reports: both | kafka | rabbitmq | split (the reference: both)",
  ),
  ROUTING_SALES: Mode("kafka", "sales: both | kafka | rabbitmq | split (the reference: kafka)"),
  KAFKA_WRITER_TARGETS: Targets(
    50061,
    "Kafka writer gRPC addresses (host:port list, or dns:///name:port)",
  ),
  RABBITMQ_WRITER_TARGETS: Targets(50062, "RabbitMQ writer gRPC addresses"),
  BATCH_MAX_EVENTS: Type.Integer({
    minimum: 1,
    default: 2000,
    description: "events per gRPC batch to a writer",
  }),
  BATCH_LINGER_MS: Type.Number({
    minimum: 0,
    default: 2,
    description: "how long a batch to a writer waits to fill",
  }),
  BATCH_EAGER: Type.Integer({
    minimum: 0,
    default: 4,
    description:
      "batches to a writer in flight below which events leave without lingering (0: always linger)",
  }),
  GRPC_STREAMS_PER_TARGET: Type.Integer({
    minimum: 1,
    default: 2,
    description: "gRPC streams per writer address",
  }),
  MAX_CONCURRENT_BATCHES: Type.Integer({
    minimum: 1,
    default: 256,
    description: "ingest batches handled at once; beyond, OVERLOADED",
  }),
  ACK_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    default: 10_000,
    description: "longest wait for a writer's ack",
  }),
});
export type RouterConfig = Static<typeof RouterConfigSchema>;

export const loadRouterConfig = (env = process.env): RouterConfig =>
  loadConfig(RouterConfigSchema, env);
