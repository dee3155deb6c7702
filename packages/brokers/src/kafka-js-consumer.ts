import type { Consumer, Message, MessagesStream } from "@platformatic/kafka";
import { createLogger, RafagaError } from "@rafaga/core";
import { KafkaConsumerOptions, parseOptions } from "./adapter-options.ts";
import { applyWithRetry } from "./apply-with-retry.ts";
import type { BrokerConsumer, ConsumeOptions, InboundMessage } from "./broker.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { IntervalCommits, type PartitionOffset } from "./kafka-js-commits.ts";
import { adaptFetchWait, type FetchingConsumer } from "./kafka-js-fetch-wait.ts";
import { type FetchRequest, takeFetchedRecords } from "./kafka-js-fetched-records.ts";
import { KafkaTopicLogs, platformaticTopicIds } from "./kafka-topic-logs.ts";
import { platformatic } from "./platformatic-loader.ts";

type KafkaMessage = Message<Buffer, Buffer, string, string>;

/**
 * Kafka consumer-group member on @platformatic/kafka (runs under Bun). The records of each
 * fetch are taken straight from its response (takeFetchedRecords) and applied in batches:
 * pause the message stream, apply, resume. Offsets are committed only after the handler
 * succeeded, every `commitIntervalMs` and on close (IntervalCommits).
 */
export class KafkaJsConsumer implements BrokerConsumer {
  readonly kind = "kafka-js" as const;
  readonly #options: KafkaConsumerOptions;
  readonly #logger = createLogger("kafka-js-consumer");
  #consumer: Consumer<Buffer, Buffer, string, string> | undefined;
  #stream: MessagesStream<Buffer, Buffer, string, string> | undefined;
  #buffer: InboundMessage[] = [];
  /** Each partition's leader epoch as of its last fetched records, for commits. */
  readonly #epochs = new Map<number, number>();
  #flushing: Promise<void> | undefined;
  #logs: KafkaTopicLogs | undefined;
  #commits: IntervalCommits | undefined;
  #started = false;
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<KafkaConsumerOptions> = {}) {
    this.#options = parseOptions("KafkaJsConsumer", KafkaConsumerOptions, options);
  }

  async start(options: ConsumeOptions): Promise<void> {
    if (this.#closing || this.#started) throw new RafagaError("CLOSED", "consumer already used");
    this.#started = true;
    const { brokers, clientId } = this.#options;
    this.#commits = new IntervalCommits(
      this.#options.commitIntervalMs,
      (offsets) => commitThrough(this.#consumer, offsets),
      this.#logger,
    );
    this.#logs = new KafkaTopicLogs(platformaticTopicIds(brokers, `${clientId}-topic-ids`));
    await this.#subscribe({ ...options, handler: this.#logs.naming(options.handler) });
  }

  async #subscribe({ source, group, handler }: ConsumeOptions): Promise<void> {
    const o = this.#options;
    const { Consumer: KafkaConsumer } = await platformatic();
    const consumer = new KafkaConsumer({
      clientId: o.clientId,
      bootstrapBrokers: o.brokers.split(","),
      groupId: group,
      autocommit: false,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: Math.floor(o.sessionTimeoutMs / 4),
      minBytes: o.fetchMinBytes,
      maxWaitTime: o.fetchWaitMs,
      maxBytes: o.fetchMaxBytes,
      maxBytesPerPartition: o.fetchMaxPartitionBytes,
      deserializers: {
        headerKey: (b?: Buffer) => b?.toString() ?? "",
        headerValue: (b?: Buffer) => b?.toString() ?? "",
      },
    });
    adaptFetchWait(
      consumer as unknown as FetchingConsumer,
      { minBytes: o.fetchMinBytes, maxWaitTime: o.fetchWaitMs },
      { minBytes: 1, maxWaitTime: o.idleFetchWaitMs },
    );
    this.#tapRecords(consumer as unknown as FetchingConsumer, source);
    this.#consumer = consumer;
    try {
      await consumer.metadata({ topics: [source] });
    } catch (error) {
      await consumer.close(true).catch(() => {});
      throw kafkaUnavailable(error, "subscribe");
    }
    // Joining waits for the group to rebalance, which after a member was SIGKILLed lasts
    // until its session times out: the consumer is up once Kafka answers, and joins after.
    void this.#join(consumer, { source, group, handler });
  }

  async #join(
    consumer: Consumer<Buffer, Buffer, string, string>,
    { source, group, handler }: ConsumeOptions,
  ): Promise<void> {
    const o = this.#options;
    let stream: MessagesStream<Buffer, Buffer, string, string>;
    try {
      stream = await consumer.consume({
        topics: [source],
        mode: "committed",
        fallbackMode: "earliest",
        autocommit: false,
      });
    } catch (error) {
      if (this.#stopped || this.#consumer !== consumer) return;
      this.#logger.warn({ err: error }, "joining the group failed; resubscribing");
      void this.#resubscribe({ source, group, handler });
      return;
    }
    if (this.#stopped || this.#consumer !== consumer) {
      await stream.close().catch(() => {});
      return;
    }
    this.#stream = stream;
    const policy = { initialDelayMs: o.retryInitialDelayMs, maxDelayMs: o.retryMaxDelayMs };
    // The client gives up on a broker after a few failed fetches and ends the stream;
    // a consumer must outlive a broker restart, so it starts over from the committed offsets.
    stream.on("error", (error) => {
      if (this.#stopped || this.#stream !== stream) return;
      this.#logger.warn({ err: error }, "message stream failed; resubscribing");
      void this.#resubscribe({ source, group, handler });
    });
    this.#apply = (messages) => {
      for (const m of messages) this.#buffer.push(m);
      // Fetching waits while the buffer is applied: the stream is paused before the fetch
      // that brought these records schedules the next one.
      stream.pause();
      // One flush per tick gathers what the fetches delivered in this turn into one batch.
      this.#flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        while (this.#buffer.length > 0 && !this.#stopped && this.#stream === stream) {
          const batch = this.#buffer.splice(0, o.maxBatch);
          const ok = await applyWithRetry(
            handler,
            batch,
            () => this.#stopped,
            policy,
            this.#logger,
          );
          if (!ok) return;
          this.#commits?.applied(batch, (partition) => this.#epochs.get(partition) ?? -1);
        }
        this.#flushing = undefined;
        if (!this.#stopped && this.#stream === stream) stream.resume();
      });
    };
    // Records the tap could not take (none, unless the client's response shape changes)
    // still arrive as the stream's messages.
    stream.on("data", (message: KafkaMessage) => {
      if (this.#stream === stream) this.#apply?.([toInbound(message)]);
    });
  }

  /** Where the current stream's records go; unset while no stream reads. */
  #apply: ((messages: InboundMessage[]) => void) | undefined;

  /** Takes each fetch's records before the client's stream turns them into messages. */
  #tapRecords(consumer: FetchingConsumer, source: string): void {
    const fetch = consumer.fetch.bind(consumer);
    consumer.fetch = (options: FetchRequest, callback) =>
      fetch(options, (error, response) => {
        const apply = this.#apply;
        if (!error && response && apply && this.#consumer === (consumer as unknown)) {
          const messages = takeFetchedRecords(options, response, source, this.#epochs);
          if (messages.length > 0) apply(messages);
        }
        callback(error, response);
      });
  }

  async #resubscribe(options: ConsumeOptions): Promise<void> {
    const old = { stream: this.#stream, consumer: this.#consumer };
    this.#stream = undefined;
    this.#apply = undefined;
    this.#consumer = undefined;
    await this.#flushing?.catch(() => {});
    this.#buffer = [];
    // Committed through the old consumer, which is about to go.
    await this.#commits?.flush((offsets) => commitThrough(old.consumer, offsets));
    await old.stream?.close().catch(() => {});
    await old.consumer?.close(true).catch(() => {});
    while (!this.#stopped) {
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryInitialDelayMs * 5));
      if (this.#stopped) return;
      try {
        await this.#subscribe(options);
        this.#logger.info("resubscribed");
        return;
      } catch (error) {
        this.#logger.debug({ err: error }, "resubscribe failed");
      }
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopped = true;
      this.#stream?.pause();
      if (this.#flushing) {
        const timer = new Promise((resolve) => setTimeout(resolve, this.#options.closeTimeoutMs));
        await Promise.race([this.#flushing.catch(() => {}), timer]);
      }
      await this.#commits?.close();
      await this.#stream?.close().catch(() => {});
      await this.#consumer?.close(true).catch(() => {});
      await this.#logs?.close();
    })();
    return this.#closing;
  }
}

/** One OffsetCommit through this client; nothing to do when there is none. */
function commitThrough(
  consumer: Consumer<Buffer, Buffer, string, string> | undefined,
  offsets: PartitionOffset[],
): Promise<void> {
  return consumer ? consumer.commit({ offsets }) : Promise.resolve();
}

function toInbound(m: KafkaMessage): InboundMessage {
  return {
    key: m.key && m.key.length > 0 ? m.key.toString() : undefined,
    value: m.value ?? new Uint8Array(0),
    headers: Object.fromEntries(m.headers),
    source: m.topic,
    partition: m.partition,
    position: m.offset.toString(),
  };
}
