// Runs under Node (see scripts/run-tests.ts): librdkafka's addon does not load in Bun.
import { describeConformance } from "./conformance.ts";
import { kafkaTarget } from "./conformance-targets.ts";
import { RdKafkaConsumer } from "./kafka-rdkafka-consumer.ts";
import { RdKafkaProducer } from "./kafka-rdkafka-producer.ts";

describeConformance(
  kafkaTarget(
    "kafka-rdkafka (librdkafka, Node)",
    (brokers) => new RdKafkaProducer({ brokers, deliveryTimeoutMs: 5000 }),
    (brokers) => new RdKafkaConsumer({ brokers, sessionTimeoutMs: 6000 }),
  ),
);
