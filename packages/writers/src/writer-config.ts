import { BrokerEnv } from "@rafaga/brokers";
import { domainConfig } from "@rafaga/domains";
import { Type } from "@sinclair/typebox";

export const WriterEnv = {
  BROKER: Type.Union([Type.Literal("kafka"), Type.Literal("rabbitmq")], {
    description: "which broker this writer feeds (required)",
  }),
  ...BrokerEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 50061, description: "gRPC port" }),
  HOST: Type.String({ default: "0.0.0.0", description: "gRPC listen address" }),
  METRICS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 9461,
    description: "/metrics and /healthz port",
  }),
  KAFKA_LINGER_MS: Type.Integer({ minimum: 0, default: 2, description: "librdkafka linger.ms" }),
  KAFKA_COMPRESSION: Type.Union(
    [Type.Literal("none"), Type.Literal("lz4"), Type.Literal("zstd"), Type.Literal("gzip")],
    { default: "lz4", description: "Kafka compression codec" },
  ),
  DELIVERY_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    default: 10_000,
    description: "longest wait for the broker's ack",
  }),
  MAX_CONCURRENT_BATCHES: Type.Integer({
    minimum: 1,
    default: 128,
    description: "batches written at once; beyond, OVERLOADED",
  }),
};
const writerConfig = domainConfig(WriterEnv, ["destinations"]);

/** The writer's variables, with each domain's topic / queue. */
export const writerConfigSchema = writerConfig.schema;
export const loadWriterConfig = writerConfig.load;
export type WriterConfig = ReturnType<typeof loadWriterConfig>;
