// Node entry: the librdkafka round trip (its addon does not load under Bun). Prints one JSON line.
import { endpoints } from "@rafaga/infra";
import { RdKafkaConsumer } from "../../brokers/src/kafka-rdkafka-consumer.ts";
import { RdKafkaProducer } from "../../brokers/src/kafka-rdkafka-producer.ts";
import { roundTrip } from "./round-trip.ts";

const topic = process.argv[2] ?? "rafaga-smoke";
const result = await roundTrip(
  new RdKafkaProducer({ brokers: endpoints.kafkaBrokers }),
  new RdKafkaConsumer({ brokers: endpoints.kafkaBrokers }),
  topic,
);
console.log(JSON.stringify(result));
