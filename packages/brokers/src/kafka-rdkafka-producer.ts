import { KafkaJS } from "@confluentinc/kafka-javascript";
import { RafagaError } from "@rafaga/core";
import { KafkaProducerOptions, parseOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { toBuffer } from "./bytes.ts";
import { InFlight } from "./in-flight.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { rdkafkaClientConfig } from "./rdkafka-logger.ts";

/**
 * Kafka producer on librdkafka. Runs under Node only: the addon uses V8's C++ API, which
 * Bun does not provide. Idempotent producer with acks=all, so a 2xx upstream means the
 * event is on every in-sync replica and retries inside librdkafka cannot duplicate it.
 */
export class RdKafkaProducer implements BrokerProducer {
  readonly kind = "kafka-rdkafka" as const;
  readonly #options: KafkaProducerOptions;
  readonly #producer: KafkaJS.Producer;
  readonly #inFlight = new InFlight();
  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<KafkaProducerOptions> = {}) {
    this.#options = parseOptions("RdKafkaProducer", KafkaProducerOptions, options);
    const o = this.#options;
    this.#producer = new KafkaJS.Kafka(rdkafkaClientConfig("kafka-rdkafka-producer")).producer({
      "bootstrap.servers": o.brokers,
      "client.id": o.clientId,
      "enable.idempotence": true,
      acks: -1,
      "linger.ms": o.lingerMs,
      "compression.type": o.compression,
      "message.timeout.ms": o.deliveryTimeoutMs,
      "socket.connection.setup.timeout.ms": Math.min(o.deliveryTimeoutMs, 10_000),
      log_level: 3,
    });
  }

  connect(): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    this.#connecting ??= this.#producer.connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw kafkaUnavailable(error, "connect");
    });
    return this.#connecting;
  }

  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    if (messages.length === 0) return Promise.resolve();
    return this.#inFlight.track(this.#send(destination, messages));
  }

  async #send(topic: string, messages: OutboundMessage[]): Promise<void> {
    await this.connect();
    try {
      await this.#producer.send({
        topic,
        messages: messages.map((m) => ({
          key: m.key ?? null,
          value: toBuffer(m.value),
          headers: m.headers,
        })),
      });
    } catch (error) {
      throw kafkaUnavailable(error, "write");
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#inFlight.drain(this.#options.closeTimeoutMs);
      if (this.#connecting) {
        await this.#connecting.catch(() => {});
        await this.#producer.disconnect().catch(() => {});
      }
    })();
    return this.#closing;
  }
}
