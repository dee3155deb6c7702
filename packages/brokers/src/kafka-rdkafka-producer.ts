import { RdKafka } from "@confluentinc/kafka-javascript";
import { createLogger, RafagaError } from "@rafaga/core";
import { KafkaProducerOptions, parseOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { toBuffer } from "./bytes.ts";
import { DownProbe } from "./down-probe.ts";
import { InFlight } from "./in-flight.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";

const PROBE_EVERY_MS = 500;

/**
 * librdkafka's RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN (-187). The binding hands its local
 * errors to event.error with code -1, so its text is what tells them apart.
 */
const isAllBrokersDown = (error: { code?: number; message?: string }): boolean =>
  error.code === -187 || /all broker connections are down/i.test(error.message ?? "");

/** One writeBatch waiting for librdkafka's delivery reports: one counter, not a promise per message. */
interface PendingBatch {
  remaining: number;
  failed: boolean;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Kafka producer on librdkafka's native API. Runs under Node only: the addon uses V8's
 * C++ API, which Bun does not provide. Idempotent producer with acks=all, so a 2xx
 * upstream means the event is on every in-sync replica and retries inside librdkafka
 * cannot duplicate it. The KafkaJS-compatible wrapper made a promise, a metadata object
 * and a header conversion per message; here a batch is one counter that the delivery
 * reports count down (the kafka-writer harness measures the two).
 */
export class RdKafkaProducer implements BrokerProducer {
  readonly kind = "kafka-rdkafka" as const;
  readonly #options: KafkaProducerOptions;
  readonly #producer: RdKafka.Producer;
  readonly #inFlight = new InFlight();
  readonly #logger = createLogger("kafka-rdkafka-producer");
  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  /** Down while librdkafka says every broker is; probed by a metadata request. */
  readonly #brokers = new DownProbe(
    () =>
      new Promise<void>((resolve, reject) =>
        this.#producer.getMetadata({ timeout: PROBE_EVERY_MS }, (error) =>
          error ? reject(error) : resolve(),
        ),
      ),
    PROBE_EVERY_MS,
  );

  constructor(options: Partial<KafkaProducerOptions> = {}) {
    this.#options = parseOptions("RdKafkaProducer", KafkaProducerOptions, options);
    const o = this.#options;
    this.#producer = new RdKafka.Producer({
      "bootstrap.servers": o.brokers,
      "client.id": o.clientId,
      "enable.idempotence": true,
      acks: -1,
      "linger.ms": o.lingerMs,
      "sticky.partitioning.linger.ms": o.stickyPartitionMs,
      "compression.type": o.compression,
      "message.timeout.ms": o.deliveryTimeoutMs,
      "socket.connection.setup.timeout.ms": Math.min(o.deliveryTimeoutMs, 10_000),
      // The writer bounds batches in flight; librdkafka's own 100,000-message queue must
      // not be the first limit a burst hits (produce() throws when it is full).
      "queue.buffering.max.messages": 2_000_000,
      dr_cb: true,
      log_level: 3,
    });
    this.#producer.on("delivery-report", (error, report) => {
      const batch = report.opaque as PendingBatch | undefined;
      if (!batch || batch.failed) return;
      if (error) {
        batch.failed = true;
        batch.reject(kafkaUnavailable(error, "write"));
      } else if (--batch.remaining === 0) batch.resolve();
    });
    // librdkafka reports every failed connect while a broker restarts; failures that
    // matter reach the caller as rejected writes.
    this.#producer.on("event.error", (error) => {
      if (isAllBrokersDown(error)) this.#brokers.markDown();
      this.#logger.warn({ err: error }, "librdkafka");
    });
  }

  /**
   * While librdkafka says every broker is down, a write is refused at once (its events
   * were not produced, so the 503 means "not counted") instead of waiting out the
   * delivery timeout; one metadata request at a time, at most every PROBE_EVERY_MS,
   * finds out when a broker is back. Writes already queued keep waiting: librdkafka may
   * still deliver them.
   */
  #refuseWhileDown(): Promise<void> | undefined {
    if (!this.#brokers.down) return undefined;
    this.#brokers.probeWhenDue();
    return Promise.reject(
      new RafagaError(
        "BROKER_UNAVAILABLE",
        "every Kafka broker is unreachable; nothing was written",
        { retryAfter: 1, notWritten: true },
      ),
    );
  }

  writable(): boolean {
    return !this.#closing && this.#brokers.writable();
  }

  connect(): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    this.#connecting ??= new Promise<void>((resolve, reject) => {
      const timeout = Math.min(this.#options.deliveryTimeoutMs, 10_000);
      this.#producer.connect({ timeout }, (error) => {
        if (error) {
          this.#connecting = undefined;
          reject(kafkaUnavailable(error, "connect"));
          return;
        }
        // Delivery reports are polled on librdkafka's thread, not on a JS timer.
        this.#producer.setPollInBackground(true);
        resolve();
      });
    });
    return this.#connecting;
  }

  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    if (messages.length === 0) return Promise.resolve();
    const refused = this.#refuseWhileDown();
    if (refused) return refused;
    return this.#inFlight.track(this.#send(destination, messages));
  }

  async #send(topic: string, messages: OutboundMessage[]): Promise<void> {
    await this.connect();
    await new Promise<void>((resolve, reject) => {
      const batch: PendingBatch = { remaining: messages.length, failed: false, resolve, reject };
      try {
        for (const m of messages) {
          this.#producer.produce(
            topic,
            null,
            toBuffer(m.value),
            m.key ?? null,
            null,
            batch,
            m.headers ? headerList(m.headers) : undefined,
          );
        }
      } catch (error) {
        // The messages queued before the throw are still delivered: the batch fails, and
        // a retry upstream can duplicate them, which the idempotent apply absorbs.
        batch.failed = true;
        reject(kafkaUnavailable(error, "write"));
      }
    });
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#inFlight.drain(this.#options.closeTimeoutMs);
      if (!this.#connecting) return;
      const connected = await this.#connecting.then(
        () => true,
        () => false,
      );
      if (!connected) return;
      await new Promise<void>((resolve) => this.#producer.disconnect(() => resolve()));
    })();
    return this.#closing;
  }
}

/** librdkafka's binding reads only the first property of each header object. */
const headerList = (headers: Record<string, string>) =>
  Object.entries(headers).map(([name, value]) => ({ [name]: value }));
