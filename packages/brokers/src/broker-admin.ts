import amqp from "amqplib";
import { platformatic } from "./platformatic-loader.ts";

/**
 * Deletes Kafka topics that may not exist (a test that failed early never created them).
 * A finished test's topics are deleted: left behind, thousands of partitions make the
 * broker slower for every later test and benchmark on the same machine.
 */
export async function deleteKafkaTopics(brokers: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const { Admin } = await platformatic();
  const admin = new Admin({ clientId: "rafaga-admin", bootstrapBrokers: brokers.split(",") });
  try {
    // Only existing ones: the client retries a missing topic's deletion for seconds.
    const existing = new Set(await admin.listTopics());
    const topics = names.filter((name) => existing.has(name));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.close().catch(() => {});
  }
}

/** Deletes RabbitMQ queues, missing ones included (deleting an absent queue is not an error). */
export async function deleteRabbitQueues(url: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const name of names) await channel.deleteQueue(name);
    await channel.close();
  } finally {
    await connection.close().catch(() => {});
  }
}
