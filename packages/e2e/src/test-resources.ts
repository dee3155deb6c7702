import { deleteKafkaTopics, deleteRabbitQueues } from "@rafaga/brokers";
import { endpoints } from "@rafaga/infra";
import type { PipelineLayout } from "@rafaga/runner";
import { dropPrefix } from "@rafaga/store";
import Valkey from "iovalkey";

/**
 * Deletes what a test pipeline created: its topics and queues (with their dead-letter
 * twins) and every key under its prefix. Left behind, each run's partitions, quorum queues
 * and keys make the brokers and Valkey slower for every later test and benchmark.
 */
export async function dropTestResources(layout: PipelineLayout): Promise<void> {
  const names = [
    layout.weatherDestination,
    layout.salesDestination,
    ...(layout.extraDomains ?? []).map((d) => d.destination),
  ].flatMap((n) => [n, `${n}.dlq`]);
  const results = await Promise.allSettled([
    deleteKafkaTopics(layout.kafkaBrokers, names),
    deleteRabbitQueues(endpoints.amqpUrl, names),
    dropKeys(layout.keyPrefix),
  ]);
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length > 0) {
    throw new AggregateError(
      failed.map((r) => (r as PromiseRejectedResult).reason),
      `test resources of ${layout.keyPrefix} not all deleted`,
    );
  }
}

/** dropPrefix refuses the empty prefix (the reference keys), so no test wipes those. */
async function dropKeys(prefix: string): Promise<void> {
  const valkey = new Valkey(endpoints.valkeyUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await valkey.connect();
    await dropPrefix(valkey, prefix);
  } finally {
    valkey.disconnect();
  }
}
