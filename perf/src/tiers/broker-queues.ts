import amqp from "amqplib";

/** A queue name no earlier run used; the producer declares it with the row's queue type. */
export function freshQueueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Deletes benchmark queues: a quorum queue keeps its messages on disk until deleted. */
export async function deleteQueues(url: string, names: string[]): Promise<void> {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const name of names) await channel.deleteQueue(name);
  } finally {
    await connection.close().catch(() => {});
  }
}
