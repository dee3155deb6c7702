import { loadConfig } from "@rafaga/core";
import { domainConfig } from "@rafaga/domains";
import { pipelineClientEnv } from "@rafaga/pipeline-grpc";
import { type Static, Type } from "@sinclair/typebox";

export const IngestConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: "HTTP port" }),
  HOST: Type.String({ default: "0.0.0.0", description: "HTTP listen address" }),
  // Off by default, so that a second ingest or edge on one machine does not collide with
  // the first (or, per tier, with the router's 50051); npm start and the manifests set it.
  GRPC_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 0,
    description:
      "port of the reference gRPC services (weathertweet.WeatherTweetService/SendTweet, blackfriday.ProductSaleService/ProcesarVenta) on HOST; 0 = none",
  }),
  ROUTER_TARGETS: Type.Array(Type.String(), {
    default: ["127.0.0.1:50051"],
    description: "router gRPC addresses (comma-separated host:port, or one dns:///name:port)",
  }),
  MAX_BODY_BYTES: Type.Integer({
    minimum: 256,
    default: 4 * 1024 * 1024,
    description: "largest request body; larger gets 413",
  }),
  MAX_BATCH_ITEMS: Type.Integer({
    minimum: 1,
    default: 10_000,
    description: "most events in one batch request",
  }),
  MAX_QUEUE_DELAY_MS: Type.Integer({
    minimum: 0,
    // 50 refused events (Black Friday workload) in an ordinary run routed to both brokers: under load, a quorum
    // queue's confirms alone take that long.
    default: 250,
    description:
      "when broker acks took longer than this for 100 ms, not one quicker, new requests get 429 (0 = off)",
  }),
  QUEUE_DELAY_MIN_EVENTS: Type.Integer({
    minimum: 0,
    // 100 events are about 12 ms of the edge's work (8,400 events/s measured on 2 cores): a
    // queue that makes events wait 250 ms holds far more. With 10 clients, a Kafka cluster
    // electing new leaders after a broker died held acks for seconds and then answered a
    // few slowly; the gate took that for a queue and refused 147-3,965 of 6,000 requests.
    default: 100,
    description:
      "the delay gate sheds only with more events than this in flight: fewer cannot form a queue, a slow ack is then the broker's own latency",
  }),
  MAX_IN_FLIGHT_EVENTS: Type.Integer({
    minimum: 1,
    default: 100_000,
    description: "events accepted but not yet acknowledged by the brokers; beyond it, 429",
  }),
  ...pipelineClientEnv({
    name: "the router",
    maxBatch: 1000,
    ackWait: "longest wait for the brokers' ack before 503",
    // A SIGKILLed router is back, restarted by the supervisor and reconnected, in 0.3-0.6 s
    // (npm run chaos): a second bridges that, and still answers within about a second
    // when the router stays away.
    holdMs: 1000,
  }),
});
export type IngestConfig = Static<typeof IngestConfigSchema>;

export const loadIngestConfig = (env = process.env): IngestConfig =>
  loadConfig(IngestConfigSchema, env);

const ingestConfig = domainConfig(IngestConfigSchema.properties, ["grpcServices"]);

/** The ingest tier's variables with each domain's gRPC service name. */
export const ingestConfigSchema = ingestConfig.schema;
export const loadIngestTierConfig = ingestConfig.load;
