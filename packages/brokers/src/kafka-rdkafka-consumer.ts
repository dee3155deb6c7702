import { KafkaJS } from "@confluentinc/kafka-javascript";
import { createLogger, RafagaError } from "@rafaga/core";
import { KafkaConsumerOptions, parseOptions } from "./adapter-options.ts";
import { applyWithRetry } from "./apply-with-retry.ts";
import type { BrokerConsumer, ConsumeOptions, InboundMessage } from "./broker.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { KafkaTopicLogs, type TopicIdReader, uuidOfBase64 } from "./kafka-topic-logs.ts";
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
  #logs: KafkaTopicLogs | undefined;
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<KafkaConsumerOptions> = {}) {
    this.#options = parseOptions("RdKafkaConsumer", KafkaConsumerOptions, options);
  }

  async start({ source, group, handler }: ConsumeOptions): Promise<void> {
    if (this.#closing || this.#consumer) throw new RafagaError("CLOSED", "consumer already used");
    const o = this.#options;
    const kafka = new KafkaJS.Kafka(rdkafkaClientConfig("kafka-rdkafka-consumer"));
    const consumer = kafka.consumer({
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
    this.#logs = new KafkaTopicLogs(rdkafkaTopicIds(kafka, o.brokers));
    const named = this.#logs.naming(handler);
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
        const ok = await applyWithRetry(named, messages, () => this.#stopped, policy, this.#logger);
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
      await this.#logs?.close();
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

/** On librdkafka's admin client (@platformatic/kafka's needs a newer Node than ours). */
function rdkafkaTopicIds(kafka: KafkaJS.Kafka, brokers: string): TopicIdReader {
  let admin: Promise<KafkaJS.Admin> | undefined;
  const connected = () => {
    admin ??= (async () => {
      const client = kafka.admin({ "bootstrap.servers": brokers });
      await client.connect();
      return client;
    })().catch((error: unknown) => {
      admin = undefined; // the next batch's retry connects again
      throw error;
    });
    return admin;
  };
  return {
    async read(topic) {
      const [metadata] = await (await connected()).fetchTopicMetadata({ topics: [topic] });
      // The binding fills `base64`, though its types say `base64str`.
      const topicId = metadata?.topicId as { base64?: string; base64str?: string } | undefined;
      const id = topicId?.base64 ?? topicId?.base64str;
      if (!id) throw new Error(`no metadata for topic ${topic}`);
      return uuidOfBase64(id);
    },
    close: async () => {
      if (admin) await (await admin.catch(() => undefined))?.disconnect().catch(() => {});
    },
  };
}
