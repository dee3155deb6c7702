/**
 * The contract every broker adapter implements (Kafka through librdkafka, Kafka through
 * the pure-JS client, RabbitMQ), so that tiers and benchmarks swap them freely and one
 * conformance suite holds them all to the same guarantees.
 */
export type BrokerKind = "kafka-rdkafka" | "kafka-js" | "rabbitmq";

export interface OutboundMessage {
  /** Kafka partition key; ignored by RabbitMQ. */
  key?: string;
  value: Uint8Array;
  headers?: Record<string, string>;
}

export interface InboundMessage {
  key: string | undefined;
  value: Uint8Array;
  headers: Record<string, string>;
  /** Topic or queue it came from. */
  source: string;
  /** Kafka partition; -1 for RabbitMQ. */
  partition: number;
  /** Kafka offset or RabbitMQ delivery tag, as a string for logs. */
  position: string;
  /**
   * Kafka only: the ordered log the record sits in, `<topic>:<topic id>:<partition>`; with
   * position, its place in that log, which a consumer may use to skip redeliveries by
   * offset. Set just before the handler runs; absent for RabbitMQ.
   */
  log?: string;
  /**
   * RabbitMQ only: the writer's sequence the message carries, `log` naming the writer and
   * queue. Unlike a Kafka offset it arrives out of order (competing consumers, requeues),
   * so a consumer may skip redeliveries by it only within a window.
   */
  sequence?: { log: string; number: number };
}

export interface BrokerProducer {
  readonly kind: BrokerKind;
  connect(): Promise<void>;
  /**
   * Resolves only once the broker has durably accepted every message (Kafka acks=all,
   * RabbitMQ publisher confirm). Rejects with RafagaError BROKER_UNAVAILABLE (retryable)
   * or CLOSED; on rejection some messages may still have been stored, which is why
   * consumers are idempotent by event id.
   */
  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void>;
  /**
   * False while the adapter knows its broker cannot take a write (it would refuse one at
   * once), or once closing: what readiness reports. While false, asking again also asks
   * the broker again (at most every half second), so a producer that readiness keeps
   * idle still notices the broker coming back.
   */
  writable(): boolean;
  /** Idempotent. Waits for in-flight writes (bounded), then disconnects. */
  close(): Promise<void>;
}

/**
 * Applies one batch. Resolving acknowledges the whole batch to the broker (commit or ack);
 * throwing leaves it unacknowledged and the adapter retries it with backoff, so a batch
 * is never skipped while the consumer runs.
 *
 * `turn`, when given, settles with the batch before this one: the handler may decode and
 * check at once, but writes nothing before `turn` resolves, and throws without writing if
 * it rejects. So an adapter prepares the next batch while the last is being applied, and
 * still applies them in order (the offset fence needs a partition applied in order).
 */
export type BatchHandler = (messages: InboundMessage[], turn?: Promise<void>) => Promise<void>;

export interface ConsumeOptions {
  /** Topic or queue. */
  source: string;
  /** Kafka consumer group; ignored by RabbitMQ (competing consumers on the queue). */
  group: string;
  handler: BatchHandler;
}

export interface BrokerConsumer {
  readonly kind: BrokerKind;
  /** Starts delivering batches to the handler; resolves once subscribed. */
  start(options: ConsumeOptions): Promise<void>;
  /** Idempotent. Stops fetching, lets the batch in hand finish (bounded), acknowledges, disconnects. */
  close(): Promise<void>;
}
