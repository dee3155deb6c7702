import type { Producer } from "@platformatic/kafka";
import { RafagaError } from "@rafaga/core";
import { KafkaProducerOptions, parseOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { toBuffer } from "./bytes.ts";
import { InFlight } from "./in-flight.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { platformatic } from "./platformatic-loader.ts";

type KafkaProducer = Producer<Buffer, Buffer, string, string>;

/**
 * Kafka producer on @platformatic/kafka, pure JavaScript, so it runs under Bun; kept
 * beside the librdkafka one so that benchmarks compare the two on the same workload.
 * The client has no linger: each writeBatch is one produce request, which is why the
 * tiers above batch before they write.
 */
export class KafkaJsProducer implements BrokerProducer {
  readonly kind = "kafka-js" as const;
  readonly #options: KafkaProducerOptions;
  #producer: Promise<KafkaProducer> | undefined;
  /** The client once made: the hot path takes it without awaiting. */
  #made: KafkaProducer | undefined;
  readonly #inFlight = new InFlight();
  #closing: Promise<void> | undefined;
  #stickyPartition = 0;
  #stickySince = 0;

  constructor(options: Partial<KafkaProducerOptions> = {}) {
    this.#options = parseOptions("KafkaJsProducer", KafkaProducerOptions, options);
  }

  /** The client, made on first use (the library is loaded then, see platformatic-loader). */
  #client(): Promise<KafkaProducer> {
    const o = this.#options;
    this.#producer ??= platformatic().then(({ Producer: KafkaClient, ProduceAcks }) => {
      this.#made = new KafkaClient({
        clientId: o.clientId,
        bootstrapBrokers: o.brokers.split(","),
        idempotent: true,
        acks: ProduceAcks.ALL,
        ...(o.compression === "none" ? {} : { compression: o.compression }),
        autocreateTopics: false,
        timeout: o.deliveryTimeoutMs,
        retries: 3,
        retryDelay: 250,
        serializers: {
          headerKey: (s?: string) => (s === undefined ? undefined : Buffer.from(s)),
          headerValue: (s?: string) => (s === undefined ? undefined : Buffer.from(s)),
        },
      });
      return this.#made;
    });
    return this.#producer;
  }

  async connect(): Promise<void> {
    if (this.#closing) throw new RafagaError("CLOSED", "producer is closed");
    try {
      await (await this.#client()).metadata({ topics: [] });
    } catch (error) {
      throw kafkaUnavailable(error, "connect");
    }
  }

  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    if (messages.length === 0) return Promise.resolve();
    return this.#inFlight.track(this.#send(destination, messages));
  }

  async #send(topic: string, messages: OutboundMessage[]): Promise<void> {
    const deadline = AbortSignal.timeout(this.#options.deliveryTimeoutMs);
    // Keyless messages share a partition for stickyPartitionMs, then the next one takes over
    // (the client reduces it modulo the partition count): one partition append per batch
    // instead of one per message spread round-robin, and bigger batches for the consumers.
    const now = performance.now();
    if (now - this.#stickySince >= this.#options.stickyPartitionMs) {
      this.#stickyPartition = (this.#stickyPartition + 1) & 0x7fffffff;
      this.#stickySince = now;
    }
    const partition = this.#stickyPartition;
    const producer = this.#made ?? (await this.#client());
    const sent = producer.send({
      messages: messages.map((m) => ({
        topic,
        ...(m.key === undefined ? { partition } : { key: Buffer.from(m.key) }),
        value: toBuffer(m.value),
        headers: m.headers ? new Map(Object.entries(m.headers)) : undefined,
      })),
    });
    const timedOut = new Promise<never>((_, reject) =>
      deadline.addEventListener("abort", () => reject(new Error("delivery timed out"))),
    );
    try {
      await Promise.race([sent, timedOut]);
    } catch (error) {
      sent.catch(() => {});
      throw kafkaUnavailable(error, "write");
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#inFlight.drain(this.#options.closeTimeoutMs);
      const producer = await this.#producer?.catch(() => undefined);
      await producer?.close(true).catch(() => {});
    })();
    return this.#closing;
  }
}
