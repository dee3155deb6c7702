import { KafkaJS } from "@confluentinc/kafka-javascript";
import { createLogger, RafagaError } from "@rafaga/core";
import { KafkaConsumerOptions, parseOptions } from "./adapter-options.ts";
import { applyWithRetry } from "./apply-with-retry.ts";
import type { BrokerConsumer, ConsumeOptions, InboundMessage } from "./broker.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { rdkafkaClientConfig } from "./rdkafka-logger.ts";

/**
 * Kafka consumer-group member on librdkafka (Node only). A batch's offsets are stored
 * only once the handler applied it (the client stores them when eachBatch returns, and
 * seeks back when it throws); librdkafka commits stored offsets on a timer, on rebalance
 * and on close. So a batch that failed to reach Valkey is fetched again, never marked
 * consumed, and no partition waits for a commit round trip between batches.
 */
export class RdKafkaConsumer implements BrokerConsumer {
  readonly kind = "kafka-rdkafka" as const;
  readonly #options: KafkaConsumerOptions;
  readonly #logger = createLogger("kafka-rdkafka-consumer");
  #consumer: KafkaJS.Consumer | undefined;
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<KafkaConsumerOptions> = {}) {
    this.#options = parseOptions("RdKafkaConsumer", KafkaConsumerOptions, options);
  }

  async start({ source, group, handler }: ConsumeOptions): Promise<void> {
    if (this.#closing || this.#consumer) throw new RafagaError("CLOSED", "consumer already used");
    const o = this.#options;
    const consumer = new KafkaJS.Kafka(rdkafkaClientConfig("kafka-rdkafka-consumer")).consumer({
      "bootstrap.servers": o.brokers,
      "client.id": o.clientId,
      "group.id": group,
      "enable.auto.commit": true,
      "auto.commit.interval.ms": o.commitIntervalMs,
      "auto.offset.reset": "earliest",
      "session.timeout.ms": o.sessionTimeoutMs,
      "js.consumer.max.batch.size": o.maxBatch,
      "fetch.min.bytes": o.fetchMinBytes,
      "fetch.wait.max.ms": o.fetchWaitMs,
      log_level: 3,
    });
    this.#consumer = consumer;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [source] });
    } catch (error) {
      throw kafkaUnavailable(error, "subscribe");
    }
    const policy = { initialDelayMs: o.retryInitialDelayMs, maxDelayMs: o.retryMaxDelayMs };
    await consumer.run({
      partitionsConsumedConcurrently: o.partitionConcurrency,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return;
        const messages: InboundMessage[] = batch.messages.map((m) => ({
          key: m.key?.toString(),
          value: m.value ?? new Uint8Array(0),
          headers: headersOf(m.headers),
          source: batch.topic,
          partition: batch.partition,
          position: m.offset,
        }));
        const ok = await applyWithRetry(
          handler,
          messages,
          () => this.#stopped,
          policy,
          this.#logger,
        );
        // Stopped mid-retry: throw so that the client neither stores these offsets nor
        // moves past them.
        if (!ok) throw new RafagaError("CLOSED", "consumer stopped before the batch was applied");
      },
    });
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopped = true;
      await this.#consumer?.disconnect().catch(() => {});
    })();
    return this.#closing;
  }
}

function headersOf(headers: KafkaJS.IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = String(Array.isArray(value) ? value[0] : value);
  }
  return out;
}
