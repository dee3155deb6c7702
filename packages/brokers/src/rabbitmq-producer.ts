import { randomBytes } from "node:crypto";
import { RafagaError } from "@rafaga/core";
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { parseOptions, RabbitProducerOptions } from "./adapter-options.ts";
import type { BrokerProducer, OutboundMessage } from "./broker.ts";
import { toBuffer } from "./bytes.ts";
import { DownProbe } from "./down-probe.ts";
import { InFlight } from "./in-flight.ts";
import {
  HEADER_SEQUENCE,
  openConnection,
  queueArguments,
  rabbitUnavailable,
} from "./rabbitmq-connection.ts";

interface Session {
  model: ChannelModel;
  channel: ConfirmChannel;
  alive: () => boolean;
  declared: Set<string>;
}

/** While the broker is unreachable, how often writable() tries to connect again. */
const PROBE_EVERY_MS = 500;

/**
 * RabbitMQ producer on a confirm channel: writeBatch resolves when the broker confirmed
 * every persistent message of the batch (for a quorum queue: written to a majority).
 * After a broker restart the next write opens a new connection.
 */

export class RabbitProducer implements BrokerProducer {
  readonly kind = "rabbitmq" as const;
  readonly #options: RabbitProducerOptions;
  readonly #inFlight = new InFlight();
  #session: Promise<Session> | undefined;
  #closing: Promise<void> | undefined;
  /** Down when the last connection attempt failed and none succeeded since. */
  readonly #broker = new DownProbe(() => this.#open(), PROBE_EVERY_MS);
  /**
   * This producer's sequence per queue, numbered from 0 under a name of its own: the
   * consumers skip a redelivered message by it without an id marker per event.
   */
  readonly #writer = randomBytes(6).toString("hex");
  readonly #sequences = new Map<string, number>();

  constructor(options: Partial<RabbitProducerOptions> = {}) {
    this.#options = parseOptions("RabbitProducer", RabbitProducerOptions, options);
  }

  async connect(): Promise<void> {
    await this.#open();
  }

  #open(): Promise<Session> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    const current = this.#session;
    if (current) {
      return current.then((s) => {
        if (s.alive()) return s;
        if (this.#session === current) this.#session = undefined;
        return this.#open();
      });
    }
    const opening = (async () => {
      const { model, alive } = await openConnection(
        this.#options.url,
        this.#options.deliveryTimeoutMs,
      );
      const channel = await model.createConfirmChannel();
      channel.on("error", () => {});
      this.#broker.markUp();
      return { model, channel, alive, declared: new Set<string>() };
    })().catch((error: unknown) => {
      this.#session = undefined;
      this.#broker.markDown();
      // No connection, no publish: the events are in no queue.
      throw rabbitUnavailable(error, "connect", true);
    });
    this.#session = opening;
    return opening;
  }

  writable(): boolean {
    return !this.#closing && this.#broker.writable();
  }

  writeBatch(destination: string, messages: OutboundMessage[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "producer is closed"));
    if (messages.length === 0) return Promise.resolve();
    return this.#inFlight.track(this.#publish(destination, messages));
  }

  async #publish(queue: string, messages: OutboundMessage[]): Promise<void> {
    const session = await this.#open();
    const { channel } = session;
    try {
      if (!session.declared.has(queue)) {
        await channel.assertQueue(queue, {
          durable: true,
          arguments: queueArguments(this.#options.queueType),
        });
        session.declared.add(queue);
      }
      // Numbered once, before any attempt: a message published again keeps its number.
      let next = this.#sequences.get(queue) ?? 0;
      this.#sequences.set(queue, next + messages.length);
      const publishOne = (m: OutboundMessage, sequence: number) =>
        new Promise<void>((resolve, reject) => {
          const headers = { ...m.headers, [HEADER_SEQUENCE]: `${this.#writer}:${sequence}` };
          channel.publish(
            "",
            queue,
            toBuffer(m.value),
            { persistent: true, headers, ...(m.key ? { messageId: m.key } : {}) },
            (error) => (error ? reject(error) : resolve()),
          );
        });
      // A nack says the broker did not take the message, often for a moment only (a
      // quorum queue electing its leader nacked the first publishes into a fresh queue in
      // CI): publish it again a few times before failing the batch. Again is safe: an
      // event that was stored after all is applied once downstream.
      const confirmed = async (m: OutboundMessage, sequence: number) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await publishOne(m, sequence);
          } catch (error) {
            if (!isNack(error) || attempt >= NACK_ATTEMPTS) throw error;
            await new Promise((resolve) => setTimeout(resolve, NACK_BACKOFF_MS * attempt));
          }
        }
      };
      const confirms = messages.map((m) => confirmed(m, next++));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error("confirm timed out")),
          this.#options.deliveryTimeoutMs,
        );
      });
      try {
        await Promise.race([Promise.all(confirms), timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      // A nack, a timeout or a dead channel: start over on a fresh connection next time.
      if (this.#session) {
        const stale = this.#session;
        this.#session = undefined;
        stale.then((s) => s.model.close()).catch(() => {});
      }
      throw rabbitUnavailable(error, "publish");
    }
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.#inFlight.drain(this.#options.closeTimeoutMs);
      const session = await this.#session?.catch(() => undefined);
      await session?.model.close().catch(() => {});
    })();
    return this.#closing;
  }
}

const NACK_ATTEMPTS = 4;
const NACK_BACKOFF_MS = 50;
/** amqplib rejects a nacked publish with exactly this message; a closed channel differs. */
const isNack = (error: unknown) => error instanceof Error && error.message === "message nacked";
