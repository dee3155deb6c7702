import {
  type KafkaConsumer,
  KafkaJS,
  type Message,
  RdKafka,
  type TopicPartitionOffset,
} from "@confluentinc/kafka-javascript";
import { createLogger, RafagaError } from "@rafaga/core";
import { KafkaConsumerOptions, parseOptions } from "./adapter-options.ts";
import { applyWithRetry } from "./apply-with-retry.ts";
import type { BatchHandler, BrokerConsumer, ConsumeOptions, InboundMessage } from "./broker.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { KafkaTopicLogs, type TopicIdReader, uuidOfBase64 } from "./kafka-topic-logs.ts";
import { rdkafkaClientConfig } from "./rdkafka-logger.ts";

/** How long close() lets the batch in hand finish before it disconnects anyway. */
const CLOSE_WAIT_MS = 10_000;
/** How long one fetch waits for a first record before the loop looks at close() again. */
const FIRST_RECORD_WAIT_MS = 100;
/** After a failed fetch (broker down, say): how long before the next. */
const FETCH_RETRY_MS = 200;

/**
 * Kafka consumer-group member on librdkafka's own consume call (Node only), one batch at a
 * time. A batch's offsets are stored only once the handler applied it; librdkafka commits
 * stored offsets on a timer, on rebalance and on close. So a batch that failed to reach
 * Valkey is retried in place, never marked consumed, and no batch waits for a commit round
 * trip. librdkafka fetches ahead in its own threads, so the next batch is ready when the
 * handler returns. Not the KafkaJS-compatible layer: it built a second object per record
 * and a cache around them, which doubled the CPU per record (13 against 24-30 us measured
 * by consuming 200,000 records both ways).
 */
export class RdKafkaConsumer implements BrokerConsumer {
  readonly kind = "kafka-rdkafka" as const;
  readonly #options: KafkaConsumerOptions;
  readonly #logger = createLogger("kafka-rdkafka-consumer");
  #consumer: KafkaConsumer | undefined;
  #logs: KafkaTopicLogs | undefined;
  #loop: Promise<void> | undefined;
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<KafkaConsumerOptions> = {}) {
    this.#options = parseOptions("RdKafkaConsumer", KafkaConsumerOptions, options);
  }

  async start({ source, group, handler }: ConsumeOptions): Promise<void> {
    if (this.#closing || this.#consumer) throw new RafagaError("CLOSED", "consumer already used");
    const o = this.#options;
    const consumer = new RdKafka.KafkaConsumer(
      {
        "bootstrap.servers": o.brokers,
        "client.id": o.clientId,
        "group.id": group,
        "enable.auto.commit": true,
        "enable.auto.offset.store": false,
        "auto.commit.interval.ms": o.commitIntervalMs,
        "session.timeout.ms": o.sessionTimeoutMs,
        "fetch.min.bytes": o.fetchMinBytes,
        "fetch.wait.max.ms": o.fetchWaitMs,
        "fetch.max.bytes": o.fetchMaxBytes,
        "max.partition.fetch.bytes": o.fetchMaxPartitionBytes,
        rebalance_cb: true,
        log_level: 3,
      },
      { "auto.offset.reset": "earliest" },
    );
    // A fetch waits for its first record only; the rest come if already fetched, so a
    // quiet topic neither holds a batch open nor delays close() by more than this.
    // Untyped, but the binding's own KafkaJS layer sets it the same way.
    (consumer as FirstRecordTimeout).setDefaultIsTimeoutOnlyForFirstMessage(true);
    consumer.setDefaultConsumeTimeout(FIRST_RECORD_WAIT_MS);
    consumer.on("event.error", (error) => this.#logger.warn({ err: error }, "librdkafka error"));
    this.#consumer = consumer;
    try {
      await new Promise<void>((resolve, reject) =>
        consumer.connect({ timeout: o.sessionTimeoutMs }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      consumer.subscribe([source]);
    } catch (error) {
      throw kafkaUnavailable(error, "subscribe");
    }
    const kafka = new KafkaJS.Kafka(rdkafkaClientConfig("kafka-rdkafka-consumer"));
    this.#logs = new KafkaTopicLogs(rdkafkaTopicIds(kafka, o.brokers));
    this.#loop = this.#run(consumer, this.#logs.naming(handler));
  }

  /**
   * Fetches and prepares the next batch while the last one is being applied; the handler
   * writes it only once the last one was (its `turn`), so batches are applied in order.
   */
  async #run(consumer: KafkaConsumer, handler: BatchHandler): Promise<void> {
    let applying: Applying | undefined;
    while (!this.#stopped) {
      const records = await this.#fetch(consumer);
      if (records.length === 0) {
        if (applying && !(await this.#settle(consumer, handler, applying))) return;
        applying = undefined;
        continue;
      }
      const messages = records.map(inboundOf);
      const next = { records, messages, done: handler(messages, applying?.done) };
      // Its failure is handled when it is settled, which may be after it failed.
      next.done.catch(() => {});
      if (applying && !(await this.#settle(consumer, handler, applying))) {
        await next.done.catch(() => {}); // it waited for this one and wrote nothing
        return;
      }
      applying = next;
    }
    if (applying) await this.#settle(consumer, handler, applying);
  }

  /** Waits for a batch to be applied, retrying it if it failed; then stores its offsets. */
  async #settle(consumer: KafkaConsumer, handler: BatchHandler, batch: Applying): Promise<boolean> {
    const o = this.#options;
    const policy = { initialDelayMs: o.retryInitialDelayMs, maxDelayMs: o.retryMaxDelayMs };
    const stopped = () => this.#stopped;
    const ok = await applyWithRetry(
      handler,
      batch.messages,
      stopped,
      policy,
      this.#logger,
      batch.done,
    );
    // Stopped mid-retry: these offsets are not stored, so the group reads them again.
    if (ok) this.#store(consumer, batch.records);
    return ok;
  }

  #fetch(consumer: KafkaConsumer): Promise<Message[]> {
    return new Promise((resolve) =>
      consumer.consume(this.#options.maxBatch, (error, records) => {
        if (!error) return resolve(records);
        this.#logger.warn({ err: error }, "fetch failed; retrying");
        setTimeout(() => resolve([]), FETCH_RETRY_MS);
      }),
    );
  }

  /** The next offset to read of each partition in the batch, now that it is applied. */
  #store(consumer: KafkaConsumer, records: Message[]): void {
    const next = new Map<number, TopicPartitionOffset>();
    for (const r of records) {
      next.set(r.partition, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
    }
    try {
      consumer.offsetsStore([...next.values()]);
    } catch (error) {
      // A partition revoked while its batch was applied: its new owner reads the batch
      // again from the last commit, and the idempotent apply counts it once.
      this.#logger.debug({ err: error }, "offsets of a revoked partition not stored");
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopped = true;
      await Promise.race([this.#loop, sleep(CLOSE_WAIT_MS)]);
      const consumer = this.#consumer;
      // librdkafka commits the stored offsets as it leaves the group.
      if (consumer?.isConnected()) {
        await new Promise<void>((resolve) => consumer.disconnect(() => resolve()));
      }
      await this.#logs?.close();
    })();
    return this.#closing;
  }
}

/** A batch handed to the handler, with the promise of its first attempt. */
interface Applying {
  records: Message[];
  messages: InboundMessage[];
  done: Promise<void>;
}

type FirstRecordTimeout = KafkaConsumer & {
  setDefaultIsTimeoutOnlyForFirstMessage(onlyForFirst: boolean): void;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

function inboundOf(r: Message): InboundMessage {
  const headers: Record<string, string> = {};
  if (r.headers) {
    for (const header of r.headers) {
      for (const name in header) headers[name] = String(header[name]);
    }
  }
  return {
    key: r.key ? String(r.key) : undefined,
    value: r.value ?? new Uint8Array(0),
    headers,
    source: r.topic,
    partition: r.partition,
    position: String(r.offset),
  };
}

/** On librdkafka's admin client (@platformatic/kafka's needs a newer Node than ours). */
function rdkafkaTopicIds(kafka: KafkaJS.Kafka, brokers: string): TopicIdReader {
  let admin: Promise<KafkaJS.Admin> | undefined;
  const connected = () => {
    admin ??= (async () => {
      const client = kafka.admin({
        "bootstrap.servers": brokers,
        // librdkafka sends the topic lookup to the controller its metadata names and waits
        // for that broker; with the default 5-minute refresh, a cluster broker SIGKILLed
        // stalled every lookup (and so the consumer) until it came back. Refreshed every
        // second, the lookup moves to a live broker once the dead one is fenced.
        "topic.metadata.refresh.interval.ms": 1000,
      });
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
      // Not the 5 s default: a lookup stuck on a dead broker fails and is retried sooner.
      const [metadata] = await (await connected()).fetchTopicMetadata({
        topics: [topic],
        timeout: 2000,
      });
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
