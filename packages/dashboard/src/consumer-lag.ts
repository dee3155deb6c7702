import { KafkaLagReader, RabbitDepthReader } from "@rafaga/brokers";
import { createLogger } from "@rafaga/core";
import { countText, type Panel } from "@rafaga/domains";
import { failureLog } from "./failure-log.ts";

export interface LagInput {
  kafkaBrokers: string;
  amqpUrl: string;
  /** Each domain's topic / queue and Kafka consumer group. */
  streams: readonly { destination: string; group: string }[];
}

// A broker that does not answer must not hold up the panels of the others.
const READ_TIMEOUT_MS = 2000;
const logger = createLogger("dashboard");

const within = <T>(promise: Promise<T>): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("no answer in time")), READ_TIMEOUT_MS),
    ),
  ]);

/**
 * What the consumers have yet to apply: each Kafka group's lag behind its topic, and the
 * messages waiting in each RabbitMQ queue. A broker that does not answer is shown as such.
 */
export function consumerLag(input: LagInput) {
  const kafka = input.kafkaBrokers ? new KafkaLagReader(input.kafkaBrokers) : undefined;
  const rabbit = input.amqpUrl ? new RabbitDepthReader(input.amqpUrl) : undefined;
  const pairs = input.streams.map((s) => ({ topic: s.destination, group: s.group }));
  const queues = input.streams.map((s) => s.destination);
  const note = {
    kafka: failureLog(logger, "kafka: lag unknown, it does not answer", "kafka: lag known again"),
    rabbitmq: failureLog(
      logger,
      "rabbitmq: queue depths unknown, it does not answer",
      "rabbitmq: queue depths known again",
    ),
  };
  return {
    read: async (): Promise<Panel> => {
      const rows: string[][] = [];
      const [lags, depths] = await Promise.allSettled([
        kafka ? within(kafka.read(pairs)) : Promise.resolve([]),
        rabbit ? within(rabbit.read(queues)) : Promise.resolve([]),
      ]);
      note.kafka(lags.status === "rejected" ? lags.reason : undefined);
      note.rabbitmq(depths.status === "rejected" ? depths.reason : undefined);
      if (lags.status === "fulfilled") {
        for (const l of lags.value) rows.push([`${l.topic} (Kafka)`, l.group, countText(l.lag)]);
      } else rows.push(["Kafka", "-", "unknown: no answer"]);
      if (depths.status === "fulfilled") {
        for (const d of depths.value)
          rows.push([`${d.queue} (RabbitMQ)`, "-", countText(d.messages)]);
      } else rows.push(["RabbitMQ", "-", "unknown: no answer"]);
      return {
        id: "pipeline-lag",
        title: "Consumer lag: events not yet applied",
        kind: "table",
        columns: ["Topic / queue", "Group", "Waiting"],
        rows,
      };
    },
    close: async () => {
      await Promise.allSettled([kafka?.close(), rabbit?.close()]);
    },
  };
}

export type ConsumerLag = ReturnType<typeof consumerLag>;
