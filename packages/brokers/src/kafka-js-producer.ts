import { ProduceAcks, Producer } from "@platformatic/kafka";
import { RafagaError } from "@rafaga/core";
import { KafkaProducerOptions, parseOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { toBuffer } from "./bytes.ts";
import { InFlight } from "./in-flight.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";

/**
 * Kafka producer on @platformatic/kafka, pure JavaScript, so it runs under Bun; kept
 * beside the librdkafka one so that benchmarks compare the two on the same workload.
 * The client has no linger: each writeBatch is one produce request, which is why the
 * tiers above batch before they write.
 */
export class KafkaJsProducer implements BrokerProducer {
  readonly kind = "kafka-js" as const;
  readonly #options: KafkaProducerOptions;
  readonly #producer: Producer<Buffer, Buffer, string, string>;
  readonly #inFlight = new InFlight();
  #closing: Promise<void> | undefined;
  #stickyPartition = 0;
  #stickySince = 0;

  constructor(options: Partial<KafkaProducerOptions> = {}) {
    this.#options = parseOptions("KafkaJsProducer", KafkaProducerOptions, options);
    const o = this.#options;
    this.#producer = new Producer({
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
  }

  async connect(): Promise<void> {
    if (this.#closing) throw new RafagaError("CLOSED", "producer is closed");
    try {
      await this.#producer.metadata({ topics: [] });
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
    const sent = this.#producer.send({
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
      await this.#producer.close(true).catch(() => {});
    })();
    return this.#closing;
  }
}
