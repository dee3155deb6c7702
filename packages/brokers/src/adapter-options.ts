import { type Static, Type } from "@sinclair/typebox";

export { parseOptions } from "@rafaga/core";

/**
 * Defaults of the Kafka consumers' fetch bounds (see KafkaConsumerOptions): librdkafka's
 * and the Java client's 1 MiB per partition, and 8 MiB over all.
 */
export const FETCH_MAX_BYTES = 8 * 1024 * 1024;
export const FETCH_MAX_PARTITION_BYTES = 1024 * 1024;

const common = {
  /** How long close() waits for in-flight work before it disconnects anyway. */
  closeTimeoutMs: Type.Integer({ minimum: 0, default: 10_000 }),
};

export const KafkaProducerOptions = Type.Object(
  {
    brokers: Type.String({ default: "127.0.0.1:9092" }),
    clientId: Type.String({ default: "rafaga" }),
    lingerMs: Type.Integer({ minimum: 0, default: 2 }),
    compression: Type.Union(
      [Type.Literal("none"), Type.Literal("lz4"), Type.Literal("zstd"), Type.Literal("gzip")],
      { default: "lz4" },
    ),
    /** Upper bound for one writeBatch, retries included; past it the caller answers 503. */
    deliveryTimeoutMs: Type.Integer({ minimum: 1000, default: 10_000 }),
    /**
     * Keyless messages go to one partition for this long before the next one takes over
     * (librdkafka's sticky.partitioning.linger.ms, whose default this is; the pure-JS adapter
     * does the same itself). Each consumer batch then holds more events: at a steady 3,000
     * events/s (Black Friday workload), Valkey 66 -> 43-44 and the consumer 121-122 ->
     * 99-104 us CPU per event against a new partition per write (at 6,000/s: Valkey 35 ->
     * 28-29).
     */
    stickyPartitionMs: Type.Integer({ minimum: 0, default: 10 }),
    ...common,
  },
  { additionalProperties: false },
);
export type KafkaProducerOptions = Static<typeof KafkaProducerOptions>;

export const KafkaConsumerOptions = Type.Object(
  {
    brokers: Type.String({ default: "127.0.0.1:9092" }),
    clientId: Type.String({ default: "rafaga" }),
    maxBatch: Type.Integer({ minimum: 1, default: 1000 }),
    retryInitialDelayMs: Type.Integer({ minimum: 1, default: 100 }),
    retryMaxDelayMs: Type.Integer({ minimum: 1, default: 5000 }),
    sessionTimeoutMs: Type.Integer({ minimum: 1000, default: 10_000 }),
    /**
     * How often offsets of applied batches are committed. Only offsets of batches that were
     * applied are committed, so a crash replays at most this window, which the idempotent
     * apply absorbs.
     */
    commitIntervalMs: Type.Integer({ minimum: 10, default: 1000 }),
    /**
     * A fetch waits for this many bytes or fetchWaitMs, whichever comes first. Kafka's
     * default (1 byte) answers a fetch per produce: at a steady 3,000-6,000 events/s that
     * cost the broker 25 % more CPU per event and let the consumer fall behind (p99
     * accepted -> applied 227-317 ms, against 25-57 ms with 64 KiB / 5 ms). The price: an
     * idle group costs the broker about 0.1 core more in fetches.
     */
    fetchMinBytes: Type.Integer({ minimum: 1, default: 65_536 }),
    fetchWaitMs: Type.Integer({ minimum: 1, default: 5 }),
    /**
     * Most bytes one fetch brings, over all partitions and per partition (Kafka answers at
     * least one record batch even when it is larger). A consumer holds what a fetch brought,
     * decoded, until it is applied: under @platformatic/kafka's own bounds (50 MB, and 50 MB
     * per partition) one fetch brought a whole backlog of 300,000 reports (heap 238 MB, RSS
     * 563 MiB), and a backlog of 1,000,000 got the consumer OOM-killed in a 512 MiB cgroup.
     * With these bounds and a heap sized by the container's limit (k8s: BUN_JSC_forceRAMSize)
     * it drained in 3 runs of 3, peak 378-418 MiB; the bounds alone were OOM-killed, the
     * heap setting alone in 1 run of 3 (k8s/README.md).
     */
    fetchMaxBytes: Type.Integer({ minimum: 1024, default: FETCH_MAX_BYTES }),
    fetchMaxPartitionBytes: Type.Integer({ minimum: 1024, default: FETCH_MAX_PARTITION_BYTES }),
    /**
     * @platformatic/kafka adapter: after a fetch that brought nothing, the next one waits
     * for any byte, up to this long (adaptFetchWait), instead of polling every fetchWaitMs.
     */
    idleFetchWaitMs: Type.Integer({ minimum: 1, default: 250 }),
    ...common,
  },
  { additionalProperties: false },
);
export type KafkaConsumerOptions = Static<typeof KafkaConsumerOptions>;

export const RabbitProducerOptions = Type.Object(
  {
    url: Type.String({ default: "amqp://guest:guest@127.0.0.1:5672" }),
    queueType: Type.Union([Type.Literal("classic"), Type.Literal("quorum")], { default: "quorum" }),
    deliveryTimeoutMs: Type.Integer({ minimum: 100, default: 10_000 }),
    ...common,
  },
  { additionalProperties: false },
);
export type RabbitProducerOptions = Static<typeof RabbitProducerOptions>;

export const RabbitConsumerOptions = Type.Object(
  {
    url: Type.String({ default: "amqp://guest:guest@127.0.0.1:5672" }),
    queueType: Type.Union([Type.Literal("classic"), Type.Literal("quorum")], { default: "quorum" }),
    /** Unacknowledged messages the broker may push ahead; also the largest batch. */
    prefetch: Type.Integer({ minimum: 1, maximum: 65535, default: 1000 }),
    /** How long a partial batch waits for more messages before it is applied. */
    batchWaitMs: Type.Integer({ minimum: 0, default: 5 }),
    reconnectDelayMs: Type.Integer({ minimum: 10, default: 500 }),
    retryInitialDelayMs: Type.Integer({ minimum: 1, default: 100 }),
    retryMaxDelayMs: Type.Integer({ minimum: 1, default: 5000 }),
    ...common,
  },
  { additionalProperties: false },
);
export type RabbitConsumerOptions = Static<typeof RabbitConsumerOptions>;
