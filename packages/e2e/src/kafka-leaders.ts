import type { KafkaServer } from "@rafaga/infra";

/** The broker that leads most of the topic's partitions: its death moves the most leaders. */
export async function busiestLeader(
  kafka: Pick<KafkaServer, "metadata">,
  topic: string,
): Promise<{ nodeId: number; partitions: number; of: number }> {
  const [meta] = (await kafka.metadata([topic])).topics;
  const led = new Map<number, number>();
  for (const p of meta?.partitions ?? []) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
  const [nodeId, partitions] = [...led].sort((a, b) => b[1] - a[1])[0] ?? [-1, 0];
  return { nodeId, partitions, of: meta?.partitions.length ?? 0 };
}
