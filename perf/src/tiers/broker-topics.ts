import { deleteKafkaTopics } from "@rafaga/brokers";
import { createTopic, endpoints } from "@rafaga/infra";

/** A topic no earlier run wrote to, so old records never skew a run. */
export async function freshTopic(prefix: string, partitions: number): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await createTopic(name, partitions);
  return name;
}

/** Deletes benchmark topics; a benchmark run can write gigabytes nobody will ever read. */
export const deleteTopics = (names: string[]) => deleteKafkaTopics(endpoints.kafkaBrokers, names);
