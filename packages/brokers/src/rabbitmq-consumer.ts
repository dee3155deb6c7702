import { createLogger, RafagaError } from "@rafaga/core";
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import { parseOptions, RabbitConsumerOptions } from "./adapter-options.ts";
import { applyWithRetry } from "./apply-with-retry.ts";
import type { BrokerConsumer, ConsumeOptions, InboundMessage } from "./broker.ts";
import {
  HEADER_SEQUENCE,
  openConnection,
  queueArguments,
  rabbitUnavailable,
} from "./rabbitmq-connection.ts";

const START_ATTEMPTS = 3;

/**
 * RabbitMQ consumer with manual acks. Deliveries are gathered into batches (up to the
 * prefetch, or what arrived within batchWaitMs), applied, then acknowledged with one
 * multiple-ack. Batches run one at a time per channel, which is what makes the
 * multiple-ack exact. After a connection loss the broker requeues what was unacked and
 * the consumer reconnects on its own.
 */
export class RabbitConsumer implements BrokerConsumer {
  readonly kind = "rabbitmq" as const;
  readonly #options: RabbitConsumerOptions;
  readonly #logger = createLogger("rabbitmq-consumer");
  #model: ChannelModel | undefined;
  #channel: Channel | undefined;
  #buffer: { channel: Channel; message: ConsumeMessage }[] = [];
  #flushing: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #stopped = false;
  #closing: Promise<void> | undefined;

  constructor(options: Partial<RabbitConsumerOptions> = {}) {
    this.#options = parseOptions("RabbitConsumer", RabbitConsumerOptions, options);
  }

  async start(options: ConsumeOptions): Promise<void> {
    if (this.#closing || this.#started) throw new RafagaError("CLOSED", "consumer already used");
    this.#started = true;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#subscribe(options);
        return;
      } catch (error) {
        // RabbitMQ 3.10 can fail the first consume on a quorum queue it has just declared
        // ({badmatch,{error,noproc}} in rabbit_quorum_queue:consume) and close the
        // connection: a consumer starting with a fresh queue tries again before giving up.
        if (attempt >= START_ATTEMPTS || this.#stopped) throw error;
        this.#logger.warn({ err: error, attempt }, "subscribe failed; trying again");
        await new Promise((resolve) => setTimeout(resolve, this.#options.reconnectDelayMs));
      }
    }
  }

  async #subscribe(options: ConsumeOptions): Promise<void> {
    const o = this.#options;
    let model: ChannelModel;
    let channel: Channel;
    try {
      const opened = await openConnection(o.url, 10_000);
      model = opened.model;
      channel = await model.createChannel();
      channel.on("error", () => {});
      await channel.prefetch(o.prefetch);
      await channel.assertQueue(options.source, {
        durable: true,
        arguments: queueArguments(o.queueType),
      });
    } catch (error) {
      throw rabbitUnavailable(error, "subscribe");
    }
    try {
      await channel.consume(
        options.source,
        (message) => {
          if (!message) return;
          this.#buffer.push({ channel, message });
          this.#schedule(options);
        },
        { noAck: false },
      );
    } catch (error) {
      await model.close().catch(() => {});
      throw rabbitUnavailable(error, "consume");
    }
    this.#model = model;
    this.#channel = channel;
    // Watched only once consuming: a failure before that is the caller's to retry.
    model.on("close", () => {
      if (this.#stopped) return;
      this.#logger.warn("connection lost; reconnecting");
      this.#buffer = this.#buffer.filter((d) => d.channel !== channel);
      void this.#reconnect(options);
    });
  }

  async #reconnect(options: ConsumeOptions): Promise<void> {
    while (!this.#stopped) {
      await new Promise((resolve) => setTimeout(resolve, this.#options.reconnectDelayMs));
      if (this.#stopped) return;
      try {
        await this.#subscribe(options);
        this.#logger.info("reconnected");
        return;
      } catch (error) {
        this.#logger.debug({ err: error }, "reconnect failed");
      }
    }
  }

  #schedule(options: ConsumeOptions): void {
    if (this.#flushing) return;
    if (this.#buffer.length >= this.#options.prefetch) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#flushing = this.#flush(options);
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        if (!this.#flushing) this.#flushing = this.#flush(options);
      }, this.#options.batchWaitMs);
    }
  }

  async #flush(options: ConsumeOptions): Promise<void> {
    const o = this.#options;
    const policy = { initialDelayMs: o.retryInitialDelayMs, maxDelayMs: o.retryMaxDelayMs };
    while (this.#buffer.length > 0 && !this.#stopped) {
      const batch = this.#buffer.splice(0, o.prefetch);
      const messages = batch.map(({ message }) => toInbound(options.source, message));
      const ok = await applyWithRetry(
        options.handler,
        messages,
        () => this.#stopped,
        policy,
        this.#logger,
      );
      if (!ok) break;
      const last = batch[batch.length - 1];
      // On a dead channel the ack is lost and the broker redelivers: the apply is idempotent.
      try {
        last?.channel.ack(last.message, true);
      } catch (error) {
        this.#logger.warn({ err: error }, "ack failed; the batch will be redelivered");
      }
    }
    this.#flushing = undefined;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopped = true;
      clearTimeout(this.#timer);
      if (this.#flushing) {
        const timer = new Promise((resolve) => setTimeout(resolve, this.#options.closeTimeoutMs));
        await Promise.race([this.#flushing, timer]);
      }
      // The channel's close handshake makes the broker settle the acks sent before it; closing
      // the connection right away lost them (quorum queue, RabbitMQ 3.10). Whatever is still
      // unacknowledged then returns to the queue.
      await this.#channel?.close().catch(() => {});
      await this.#model?.close().catch(() => {});
    })();
    return this.#closing;
  }
}

/** `<writer>:<sequence>` as RabbitProducer writes it. */
const WRITER_SEQUENCE = /^([0-9a-f]{12}):(\d{1,15})$/;

function toInbound(source: string, m: ConsumeMessage): InboundMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.properties.headers ?? {})) headers[k] = String(v);
  const inbound: InboundMessage = {
    key: m.properties.messageId as string | undefined,
    value: m.content,
    headers,
    source,
    partition: -1,
    position: String(m.fields.deliveryTag),
  };
  const stamp = headers[HEADER_SEQUENCE];
  if (stamp !== undefined) {
    // The transport's numbering, not the event's: handlers and dead letters do not see it.
    delete headers[HEADER_SEQUENCE];
    const match = WRITER_SEQUENCE.exec(stamp);
    if (match) inbound.sequence = { log: `${source}:${match[1]}`, number: Number(match[2]) };
  }
  return inbound;
}
