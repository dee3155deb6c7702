/**
 * What one write request costs a broker client on Bun, as the edge uses it: four writers
 * awaiting batches of 1, 4, 16 and 64 records, each size for a few seconds, printing the
 * client's CPU (user and system) per batch and per record. The edge's CPU per event at low
 * concurrency is mostly this cost divided by the events per batch.
 *
 *   bun perf/src/broker-request-cost.ts [kafka|rabbitmq=kafka] [seconds-per-size=3] [sizes=1,4,16,64]
 */
import {
  type BrokerProducer,
  deleteKafkaTopics,
  deleteRabbitQueues,
  KafkaJsProducer,
  RabbitProducer,
} from "@rafaga/brokers";
import { createTopic, endpoints, ensureUp } from "@rafaga/infra";
import { sampleMessages } from "./tiers/broker-messages.ts";

const broker = process.argv[2] ?? "kafka";
if (broker !== "kafka" && broker !== "rabbitmq") {
  console.error(`unknown broker "${broker}": kafka or rabbitmq`);
  process.exit(2);
}
const seconds = Number(process.argv[3] ?? 3);
const sizes = (process.argv[4] ?? "1,4,16,64").split(",").map(Number);

await ensureUp([broker]);
const destination = `request-cost-${Math.random().toString(36).slice(2, 8)}`;
let producer: BrokerProducer;
if (broker === "kafka") {
  await createTopic(destination, 6);
  producer = new KafkaJsProducer({ brokers: endpoints.kafkaBrokers });
} else {
  producer = new RabbitProducer({ url: endpoints.amqpUrl });
}
await producer.connect();
const messages = sampleMessages(Math.max(...sizes));
// Warm the JIT first: its compile threads count as client CPU for seconds after start.
await producer.writeBatch(destination, messages);
for (const size of [...sizes, ...sizes]) {
  const batch = messages.slice(0, size);
  let batches = 0;
  const end = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < end) {
        await producer.writeBatch(destination, batch);
        batches++;
      }
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  const rate = batches / ((performance.now() - started) / 1000);
  console.log(
    `${broker} batch ${String(size).padStart(3)}: ${Math.round(rate)} batches/s; client CPU per batch ${Math.round((user + system) / batches)} us (user ${Math.round(user / batches)}, system ${Math.round(system / batches)}), per record ${((user + system) / batches / size).toFixed(1)} us`,
  );
}
await producer.close();
if (broker === "kafka") await deleteKafkaTopics(endpoints.kafkaBrokers, [destination]);
else await deleteRabbitQueues(endpoints.amqpUrl, [destination]);
