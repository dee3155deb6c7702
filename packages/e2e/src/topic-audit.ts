import { KafkaJsConsumer } from "@rafaga/brokers";
import { fromBrokerRecord } from "@rafaga/core";
import type { WeatherCounts } from "@rafaga/domains";
import { countMatrix, decodeWeatherTweet } from "@rafaga/domains";

/** What a Kafka topic of weather reports holds, read from its start by a fresh group. */
export interface TopicTally {
  /** Event id -> how many records carry it. */
  ids: Map<string, number>;
  /** The counts Valkey must show if every record was applied exactly once. */
  counts: WeatherCounts;
}

/**
 * The audit for events deduplicated by Kafka offset, which leave no id marker: the topic
 * itself is the list of what must be counted once. Reads until no record arrived for
 * `quietMs` after at least `atLeast` records.
 */
export async function tallyWeatherTopic(
  brokers: string,
  topic: string,
  atLeast: number,
  quietMs = 3000,
): Promise<TopicTally> {
  const ids = new Map<string, number>();
  const cells = new Map<string, number>();
  let records = 0;
  let lastAt = Date.now();
  const consumer = new KafkaJsConsumer({ brokers });
  await consumer.start({
    source: topic,
    group: `topic-audit-${crypto.randomUUID()}`,
    handler: async (messages) => {
      for (const m of messages) {
        const envelope = fromBrokerRecord(m);
        const report = decodeWeatherTweet(envelope.payload);
        ids.set(envelope.id, (ids.get(envelope.id) ?? 0) + 1);
        const cell = `${report.municipality}:${report.weather}`;
        cells.set(cell, (cells.get(cell) ?? 0) + 1);
      }
      records += messages.length;
      lastAt = Date.now();
    },
  });
  try {
    const deadline = Date.now() + 120_000;
    while ((records < atLeast || Date.now() - lastAt < quietMs) && Date.now() < deadline) {
      await Bun.sleep(200);
    }
  } finally {
    await consumer.close();
  }
  return { ids, counts: countMatrix(cells) };
}
