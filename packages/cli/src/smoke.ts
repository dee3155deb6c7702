import { join } from "node:path";
import { KafkaJsConsumer, KafkaJsProducer, RabbitConsumer, RabbitProducer } from "@rafaga/brokers";
import { RafagaError } from "@rafaga/core";
import { createTopic, endpoints } from "@rafaga/infra";
import { bundleForNode, repoRoot } from "@rafaga/runner";
import { type RoundTripResult, roundTrip } from "./round-trip.ts";

export const SMOKE_DESTINATION = "rafaga-smoke";

/** One event through each broker adapter and back: librdkafka (Node), pure-JS Kafka (Bun), RabbitMQ (Bun). */
export async function smokeAllBrokers(): Promise<RoundTripResult[]> {
  await createTopic(SMOKE_DESTINATION, 1);
  const results = [
    await roundTrip(
      new KafkaJsProducer({ brokers: endpoints.kafkaBrokers }),
      new KafkaJsConsumer({ brokers: endpoints.kafkaBrokers }),
      SMOKE_DESTINATION,
    ),
    await roundTrip(
      new RabbitProducer({ url: endpoints.amqpUrl }),
      new RabbitConsumer({ url: endpoints.amqpUrl }),
      SMOKE_DESTINATION,
    ),
  ];
  results.push(await rdkafkaRoundTrip());
  return results;
}

async function rdkafkaRoundTrip(): Promise<RoundTripResult> {
  const [entry] = await bundleForNode(
    [join(import.meta.dir, "rdkafka-round-trip.node.ts")],
    join(repoRoot, "dist", "node-smoke"),
  );
  if (!entry) throw new RafagaError("INFRA", "the Node round-trip bundle produced no file");
  const proc = Bun.spawn(["node", entry, SMOKE_DESTINATION], { stdout: "pipe", stderr: "inherit" });
  const out = await new Response(proc.stdout).text();
  if ((await proc.exited) !== 0) throw new RafagaError("INFRA", "the librdkafka round trip failed");
  const line = out.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as RoundTripResult;
}
