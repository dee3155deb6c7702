import type { Producer } from "@platformatic/kafka";
import { RafagaError } from "@rafaga/core";
import { KafkaProducerOptions, parseOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { headerNameBytes, toBuffer } from "./bytes.ts";
import { DownProbe } from "./down-probe.ts";
import { InFlight } from "./in-flight.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { platformatic } from "./platformatic-loader.ts";

type KafkaProducer = Producer<Buffer, Buffer, string, string>;

function headerMap(headers: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const name in headers) map.set(name, headers[name] as string);
  return map;
}

/** Pause between the client's own attempts at a produce (and between probes while down). */
const RETRY_DELAY_MS = 250;

/** The client's message when no broker of the bootstrap list or metadata accepts a connection. */
const NO_BROKER = "Cannot connect to any broker";

/** Whether any error in the client's chain (AggregateErrors, causes) says no broker answers. */
function noBrokerAnswers(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 8) return false;
  if (error.message.includes(NO_BROKER)) return true;
  const nested = error instanceof AggregateError ? error.errors : [];
  return [...nested, error.cause].some((e) => noBrokerAnswers(e, depth + 1));
}

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
  /**
   * Whether the client carries our patch (README, "Patched dependencies"): it then takes
   * header strings and any Uint8Array, and needs no Buffer per record from us.
   */
  #encodesInOneBuffer = false;
  readonly #inFlight = new InFlight();
  #closing: Promise<void> | undefined;
  #stickyPartition = 0;
  #stickySince = 0;
  /** Down when the client found no broker at all; probed by a metadata request. */
  readonly #brokers = new DownProbe(
    async () => this.#made?.metadata({ topics: [], forceUpdate: true, retries: 0 }),
    RETRY_DELAY_MS,
  );
  /** Writes waiting for the client, failed at once when every broker turns out to be down. */
  readonly #waiting = new Set<(error: Error) => void>();

  constructor(options: Partial<KafkaProducerOptions> = {}) {
    this.#options = parseOptions("KafkaJsProducer", KafkaProducerOptions, options);
  }

  /** The client, made on first use (the library is loaded then, see platformatic-loader). */
  #client(): Promise<KafkaProducer> {
    const o = this.#options;
    this.#producer ??= platformatic().then((client) => {
      const { Producer: KafkaClient, ProduceAcks } = client;
      this.#encodesInOneBuffer = "encodeRecordsInOneBuffer" in client;
      this.#made = new KafkaClient({
        clientId: o.clientId,
        bootstrapBrokers: o.brokers.split(","),
        idempotent: true,
        acks: ProduceAcks.ALL,
        ...(o.compression === "none" ? {} : { compression: o.compression }),
        autocreateTopics: false,
        timeout: o.deliveryTimeoutMs,
        // A produce retried by the client keeps its producer id and sequence numbers, so
        // the broker drops a copy it already has; a write retried above it would not be
        // deduplicated. So the client retries for the whole delivery timeout: long enough
        // to wait out a dead leader of a cluster (the controller fences it after
        // broker.session.timeout.ms, 4 s), where 3 retries 250 ms apart gave 503s. When no
        // broker answers at all, the writes fail at once instead (see #noteRetry).
        retries: Math.ceil(o.deliveryTimeoutMs / RETRY_DELAY_MS),
        retryDelay: (
          _client: unknown,
          _operation: string,
          _attempt: number,
          _retries: number,
          error: unknown,
        ) => {
          this.#noteRetry(error);
          return RETRY_DELAY_MS;
        },
        serializers: {
          headerKey: (s?: string) => (s === undefined ? undefined : headerNameBytes(s)),
          // Patched, the client writes the string straight into the batch's one buffer.
          headerValue: (s?: string) =>
            (s === undefined || this.#encodesInOneBuffer ? s : Buffer.from(s)) as Buffer,
        },
      });
      return this.#made;
    });
    return this.#producer;
  }

  async connect(): Promise<void> {
    if (this.#closing) throw new RafagaError("CLOSED", "producer is closed");
    try {
      // Not the long produce retries: a writer starting without any broker should hear so soon.
      await (await this.#client()).metadata({ topics: [], retries: 3 });
    } catch (error) {
      throw kafkaUnavailable(error, "connect");
    }
  }

  writable(): boolean {
    return !this.#closing && this.#brokers.writable();
  }

  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    if (messages.length === 0) return Promise.resolve();
    if (this.#brokers.down) return this.#refuseWhileDown();
    return this.#inFlight.track(this.#send(destination, messages));
  }

  /**
   * On each retry of the client: if not even one broker accepted a connection (a single
   * broker down, or the whole cluster), the writes waiting now fail within a retry delay
   * instead of after the delivery timeout; a 503 is worth more to a client than a wait.
   * They may still be written by the client's retries, so their 503 says "maybe".
   */
  #noteRetry(error: unknown): void {
    if (!noBrokerAnswers(error)) return;
    this.#brokers.markDown();
    const down = new RafagaError("BROKER_UNAVAILABLE", "no Kafka broker answers", {
      retryAfter: 1,
    });
    for (const fail of this.#waiting) fail(down);
  }

  /**
   * While no broker answers, a write is refused at once and never reaches the client, so
   * its 503 means "not counted"; one metadata request at a time, at most every retry
   * delay, finds out when a broker is back.
   */
  #refuseWhileDown(): Promise<void> {
    this.#brokers.probeWhenDue();
    return Promise.reject(
      new RafagaError("BROKER_UNAVAILABLE", "no Kafka broker answers; nothing was written", {
        retryAfter: 1,
        notWritten: true,
      }),
    );
  }

  async #send(topic: string, messages: OutboundMessage[]): Promise<void> {
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
        value: this.#encodesInOneBuffer ? (m.value as Buffer) : toBuffer(m.value),
        headers: m.headers ? headerMap(m.headers) : undefined,
      })),
    });
    let fail: ((error: Error) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const onDown = fail as (error: Error) => void;
    this.#waiting.add(onDown);
    // Cleared once the write settles: a pending timer keeps this call's scope, and with it
    // every message of the batch, alive until it fires (AbortSignal.timeout cannot be
    // cleared; with it the edge held 10 s of events, 2 GB at 300,000 events/s).
    const deadline = setTimeout(
      () => onDown(new Error("delivery timed out")),
      this.#options.deliveryTimeoutMs,
    );
    try {
      await Promise.race([sent, failed]);
    } catch (error) {
      sent.catch(() => {});
      throw kafkaUnavailable(error, "write");
    } finally {
      clearTimeout(deadline);
      this.#waiting.delete(onDown);
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
