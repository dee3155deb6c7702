import { domainConfig } from "@rafaga/domains";
import { pipelineClientEnv } from "@rafaga/pipeline-grpc";
import { Type } from "@sinclair/typebox";

const Targets = (port: number, description: string) =>
  Type.Array(Type.String(), { default: [`127.0.0.1:${port}`], description });

export const RouterEnv = {
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 50051, description: "gRPC port" }),
  HOST: Type.String({ default: "0.0.0.0", description: "gRPC listen address" }),
  METRICS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 9451,
    description:
      "/metrics, /healthz and /readyz (ready once the writers it routes to are reachable)",
  }),
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
    // The router answers a batch once each of its writers settled: holding what one writer
    // cannot take would delay what the other broker already made durable (routing both).
    holdMs: 0,
  }),
};
const routerConfig = domainConfig(RouterEnv, ["modes"]);

/** The router's variables, with `ROUTING_<DOMAIN>` for each domain. */
export const routerConfigSchema = routerConfig.schema;
export const loadRouterConfig = routerConfig.load;
export type RouterConfig = ReturnType<typeof loadRouterConfig>;
