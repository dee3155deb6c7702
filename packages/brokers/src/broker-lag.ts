import amqp from "amqplib";
import { platformatic } from "./platformatic-loader.ts";

export interface KafkaLag {
  topic: string;
  group: string;
  /** Records past the group's committed offset, summed over the partitions. */
  lag: number;
}

type Admin = InstanceType<Awaited<ReturnType<typeof platformatic>>["Admin"]>;

/**
 * How far consumer groups are behind their topics: the log end offset of every partition
 * minus the group's committed offset (a partition it never committed counts from 0).
 * Keeps one admin client between calls; `close()` ends it.
 */
export class KafkaLagReader {
  readonly #brokers: string;
  #admin: Admin | undefined;

  constructor(brokers: string) {
    this.#brokers = brokers;
  }

  async read(pairs: readonly { topic: string; group: string }[]): Promise<KafkaLag[]> {
    if (pairs.length === 0) return [];
    const { Admin } = await platformatic();
    this.#admin ??= new Admin({
      clientId: "rafaga-lag",
      bootstrapBrokers: this.#brokers.split(","),
      retries: 0,
    });
    const admin = this.#admin;
    const topics = [...new Set(pairs.map((p) => p.topic))];
    const metadata = await admin.metadata({ topics });
    const ends = await admin.listOffsets({
      topics: topics.map((name) => ({
        name,
        partitions: Array.from(
          { length: metadata.topics.get(name)?.partitionsCount ?? 0 },
          (_, partitionIndex) => ({ partitionIndex, timestamp: -1n }),
        ),
      })),
    });
    const endsOf = new Map(ends.map((t) => [t.name, t.partitions]));
    const groups = await admin.listConsumerGroupOffsets({
      groups: [...new Set(pairs.map((p) => p.group))],
    });
    return pairs.map(({ topic, group }) => {
      const committed = new Map(
        (
          groups.find((g) => g.groupId === group)?.topics.find((t) => t.name === topic)
            ?.partitions ?? []
        ).map((p) => [p.partitionIndex, p.committedOffset]),
      );
      let lag = 0n;
      for (const { partitionIndex, offset } of endsOf.get(topic) ?? []) {
        const at = committed.get(partitionIndex) ?? -1n;
        lag += offset - (at < 0n ? 0n : at);
      }
      return { topic, group, lag: Number(lag) };
    });
  }

  async close(): Promise<void> {
    await this.#admin?.close().catch(() => {});
    this.#admin = undefined;
  }
}

/**
 * Messages waiting in RabbitMQ queues (ready, not yet delivered), on one connection and one
 * channel kept between calls. A queue that does not exist is left out; checking it closes
 * the channel, and the next check opens another.
 */
export class RabbitDepthReader {
  readonly #url: string;
  #connection: Promise<amqp.ChannelModel> | undefined;
  #channel: Promise<amqp.Channel> | undefined;

  constructor(url: string) {
    this.#url = url;
  }

  async read(queues: readonly string[]): Promise<{ queue: string; messages: number }[]> {
    this.#connection ??= this.#connect();
    const connection = await this.#connection;
    const out: { queue: string; messages: number }[] = [];
    for (const queue of queues) {
      this.#channel ??= openChannel(connection);
      const opened = this.#channel;
      try {
        const channel = await opened;
        out.push({ queue, messages: (await channel.checkQueue(queue)).messageCount });
      } catch (error) {
        // The broker closed the channel (a missing queue does) or the connection is gone.
        if (this.#channel === opened) this.#channel = undefined;
        // Not declared (no routing sends this domain to RabbitMQ): nothing to show.
        if ((error as { code?: unknown }).code !== NOT_FOUND) throw error;
      }
    }
    return out;
  }

  /** A connection that forgets itself when it closes, so that the next read dials again. */
  #connect(): Promise<amqp.ChannelModel> {
    const connecting = amqp.connect(this.#url).then((connection) => {
      connection.on("error", () => {});
      connection.on("close", () => {
        if (this.#connection !== connecting) return;
        this.#connection = undefined;
        this.#channel = undefined;
      });
      return connection;
    });
    connecting.catch(() => {
      if (this.#connection === connecting) this.#connection = undefined;
    });
    return connecting;
  }

  async close(): Promise<void> {
    const connection = await this.#connection?.catch(() => undefined);
    this.#connection = undefined;
    this.#channel = undefined;
    await connection?.close().catch(() => {});
  }
}

// AMQP's reply code for a queue that does not exist.
const NOT_FOUND = 404;

async function openChannel(connection: amqp.ChannelModel): Promise<amqp.Channel> {
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  return channel;
}
