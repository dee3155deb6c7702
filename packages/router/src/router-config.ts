import { loadConfig } from "@rafaga/core";
import { pipelineClientEnv } from "@rafaga/pipeline-grpc";
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
  MAX_CONCURRENT_BATCHES: Type.Integer({
    minimum: 1,
    default: 256,
    description: "ingest batches handled at once; beyond, OVERLOADED",
  }),
  ...pipelineClientEnv({
    name: "a writer",
    maxBatch: 2000,
    ackWait: "longest wait for a writer's ack",
  }),
});
export type RouterConfig = Static<typeof RouterConfigSchema>;

export const loadRouterConfig = (env = process.env): RouterConfig =>
  loadConfig(RouterConfigSchema, env);
