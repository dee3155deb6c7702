import { BrokerEnv, FETCH_MAX_BYTES, FETCH_MAX_PARTITION_BYTES } from "@rafaga/brokers";
import { type DomainModule, domainConfig, domainsEnv } from "@rafaga/domains";
import { ValkeyEnv } from "@rafaga/store";
import { Type } from "@sinclair/typebox";

export const ConsumerEnv = {
  BROKER: Type.Union([Type.Literal("kafka"), Type.Literal("rabbitmq")], {
    description: "which broker this consumer reads (required)",
  }),
  ...BrokerEnv,
  KAFKA_CLIENT: Type.Union([Type.Literal("js"), Type.Literal("rdkafka")], {
    default: "js",
    description:
      "js = @platformatic/kafka (runs under Bun; about a third of librdkafka's CPU per event when consuming), rdkafka = librdkafka (runs under Node)",
  }),
  MAX_BATCH: Type.Integer({
    minimum: 1,
    default: 1000,
    description: "events applied to Valkey per round trip",
  }),
  KAFKA_COMMIT_INTERVAL_MS: Type.Integer({
    minimum: 10,
    default: 1000,
    description:
      "how often offsets of applied batches are committed (a crash replays at most this; the apply is idempotent)",
  }),
  KAFKA_FETCH_MIN_BYTES: Type.Integer({
    minimum: 1,
    default: 65_536,
    description:
      "a Kafka fetch waits for this many bytes or KAFKA_FETCH_WAIT_MS (fewer, bigger fetches under load)",
  }),
  KAFKA_FETCH_WAIT_MS: Type.Integer({
    minimum: 1,
    default: 5,
    description:
      "longest wait of a Kafka fetch for KAFKA_FETCH_MIN_BYTES (adds at most this latency)",
  }),
  KAFKA_FETCH_MAX_BYTES: Type.Integer({
    minimum: 1024,
    default: FETCH_MAX_BYTES,
    description:
      "most bytes one Kafka fetch brings over all partitions (bounds the consumer's memory while it drains a backlog)",
  }),
  KAFKA_FETCH_MAX_PARTITION_BYTES: Type.Integer({
    minimum: 1024,
    default: FETCH_MAX_PARTITION_BYTES,
    description: "most bytes one Kafka fetch brings from one partition",
  }),
  RABBITMQ_BATCH_WAIT_MS: Type.Integer({
    minimum: 0,
    default: 5,
    description:
      "how long a partial RabbitMQ batch waits for more messages before it is applied (adds at most this latency; fewer, bigger Valkey calls and acks under light load)",
  }),
  KAFKA_IDLE_FETCH_WAIT_MS: Type.Integer({
    minimum: 1,
    default: 250,
    description:
      "KAFKA_CLIENT=js: after a fetch that brought nothing, the next waits for any byte up to this long (an idle consumer long-polls instead of polling every KAFKA_FETCH_WAIT_MS)",
  }),
  ...ValkeyEnv,
  DEDUP_TTL_SECONDS: Type.Integer({
    minimum: 1,
    default: 7 * 24 * 3600,
    description:
      "how long one copy of an event routed to both brokers waits for its twin by id (a later twin counts again), and how long a Kafka partition's fence or a RabbitMQ writer's window outlives its last use",
  }),
  PAIRED_MARKER_TTL_SECONDS: Type.Integer({
    minimum: 1,
    default: 60,
    description:
      "how long the id marker of an event routed to both brokers stays once both copies were applied (each copy's redeliveries are caught by its own offset or sequence)",
  }),
  CLIENT_KEY_TTL_SECONDS: Type.Integer({
    minimum: 1,
    default: 24 * 3600,
    description:
      "how long an event sent with an Idempotency-Key is remembered by that key (a retry counts again after)",
  }),
  METRICS_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 9471,
    description: "/metrics and /healthz port",
  }),
  HOST: Type.String({ default: "0.0.0.0", description: "metrics listen address" }),
};
const consumerConfig = domainConfig(
  (domains) => ({
    ...ConsumerEnv,
    DOMAINS: domainsEnv(
      domains,
      domains.map((d) => d.name),
    ),
  }),
  ["destinations", "groups"],
);

/** The consumer's variables, with `DOMAINS` and each domain's destination and group. */
export const consumerConfigSchema = consumerConfig.schema;

export type ConsumerConfig = ReturnType<typeof consumerConfig.load> & {
  /** The domains of DOMAINS, once each, in the registry's order. */
  readonly consumed: readonly DomainModule[];
};

export function loadConsumerConfig(
  domains: readonly DomainModule[],
  env = process.env,
): ConsumerConfig {
  const config = consumerConfig.load(domains, env);
  const names = new Set<string>(config.DOMAINS);
  return { ...config, consumed: domains.filter((d) => names.has(d.name)) };
}
