import type { Admin } from "@platformatic/kafka";
import type { BatchHandler, InboundMessage } from "./broker.ts";
import { kafkaUnavailable } from "./kafka-errors.ts";
import { platformatic } from "./platformatic-loader.ts";

/**
 * How long a topic id is trusted before it is looked up again. A deleted and recreated
 * topic keeps its name but gets a new id and offsets that start over; a consumer that
 * took the new topic's records for the old one's would skip them as already applied.
 * The group's rebalance around a deletion takes seconds, far longer than this.
 */
const ID_MAX_AGE_MS = 1000;

/** Reads a topic's id; one per client library, so each runtime keeps its own. */
export interface TopicIdReader {
  /** The id as a UUID string; rejects when the topic or the broker is unknown. */
  read(topic: string): Promise<string>;
  close(): Promise<void>;
}

/** On @platformatic/kafka's Admin (Bun; it needs Node 22 or later). */
export function platformaticTopicIds(brokers: string, clientId: string): TopicIdReader {
  let admin: Admin | undefined;
  return {
    async read(topic) {
      const { Admin: AdminClient } = await platformatic();
      admin ??= new AdminClient({ clientId, bootstrapBrokers: brokers.split(",") });
      const metadata = await admin.metadata({ topics: [topic], forceUpdate: true });
      const id = metadata.topics.get(topic)?.id;
      if (!id) throw new Error(`no metadata for topic ${topic}`);
      return id;
    },
    close: async () => {
      await admin?.close().catch(() => {});
    },
  };
}

/** librdkafka's base64 topic id in the UUID form @platformatic/kafka gives. */
export function uuidOfBase64(base64: string): string {
  const hex = Buffer.from(base64, "base64").toString("hex");
  if (hex.length !== 32) throw new Error(`not a topic id: ${base64}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Names the ordered logs a Kafka consumer reads as `<topic>:<topic id>:<partition>`, the
 * identity the store's offset fence needs (see @rafaga/store offset-fence.ts).
 */
export class KafkaTopicLogs {
  readonly #reader: TopicIdReader;
  readonly #ids = new Map<string, { id: string; at: number }>();
  #closed = false;

  constructor(reader: TopicIdReader) {
    this.#reader = reader;
  }

  /**
   * The handler, with each message's `log` set first. A topic id that cannot be read
   * fails the batch (BROKER_UNAVAILABLE), which is retried: applying it by id markers
   * instead would let a later redelivery pass the offset fence and count twice.
   */
  naming(handler: BatchHandler): BatchHandler {
    return async (messages, turn) => {
      // A partition's records come in runs: its name is built once per run, not per record.
      let previous: InboundMessage | undefined;
      for (const m of messages) {
        if (previous?.partition === m.partition && previous.source === m.source) {
          m.log = previous.log;
        } else {
          m.log = `${m.source}:${await this.#idOf(m.source)}:${m.partition}`;
          previous = m;
        }
      }
      await handler(messages, turn);
    };
  }

  async #idOf(topic: string): Promise<string> {
    const known = this.#ids.get(topic);
    const now = performance.now();
    if (known && now - known.at < ID_MAX_AGE_MS) return known.id;
    try {
      const id = await this.#reader.read(topic);
      this.#ids.set(topic, { id, at: now });
      return id;
    } catch (error) {
      throw kafkaUnavailable(error, `read the id of topic ${topic}`);
    }
  }

  /** Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#reader.close();
  }
}
