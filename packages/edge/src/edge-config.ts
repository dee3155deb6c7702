import { BrokerEnv } from "@rafaga/brokers";
import { domainConfig } from "@rafaga/domains";
import { IngestConfigSchema } from "@rafaga/ingest";
import { brokerWriteBatching, WriterEnv } from "@rafaga/writers";

const { KAFKA_CLIENT: _rdkafkaNeedsNode, ...brokerEnv } = BrokerEnv;
const ingest = IngestConfigSchema.properties;
const writer = WriterEnv;

/**
 * The single-machine hot path: ingest's HTTP limits, the router's routing modes and the
 * writers' broker settings, read by one process. Kafka goes through the pure-JS client
 * because Bun.serve and librdkafka cannot share a runtime (the addon needs Node).
 */
export const EdgeEnv = {
  PORT: ingest.PORT,
  HOST: ingest.HOST,
  GRPC_PORT: ingest.GRPC_PORT,
  MAX_BODY_BYTES: ingest.MAX_BODY_BYTES,
  MAX_BATCH_ITEMS: ingest.MAX_BATCH_ITEMS,
  MAX_IN_FLIGHT_EVENTS: ingest.MAX_IN_FLIGHT_EVENTS,
  MAX_QUEUE_DELAY_MS: ingest.MAX_QUEUE_DELAY_MS,
  QUEUE_DELAY_MIN_EVENTS: ingest.QUEUE_DELAY_MIN_EVENTS,
  ...brokerEnv,
  KAFKA_COMPRESSION: writer.KAFKA_COMPRESSION,
  DELIVERY_TIMEOUT_MS: writer.DELIVERY_TIMEOUT_MS,
  ...brokerWriteBatching,
};
const edgeConfig = domainConfig(EdgeEnv, ["modes", "destinations", "grpcServices"]);

/** The edge's variables, with each domain's routing mode and destination. */
export const edgeConfigSchema = edgeConfig.schema;
export const loadEdgeConfig = edgeConfig.load;
export type EdgeConfig = ReturnType<typeof loadEdgeConfig>;
