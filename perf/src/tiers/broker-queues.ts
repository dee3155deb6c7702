import { deleteRabbitQueues } from "@rafaga/brokers";

/** A queue name no earlier run used; the producer declares it with the row's queue type. */
export function freshQueueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Deletes benchmark queues: a quorum queue keeps its messages on disk until deleted. */
export const deleteQueues = deleteRabbitQueues;
