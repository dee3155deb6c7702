import { describeConformance } from "./conformance.ts";
import { kafkaTarget } from "./conformance-targets.ts";
import { KafkaJsConsumer } from "./kafka-js-consumer.ts";
import { KafkaJsProducer } from "./kafka-js-producer.ts";

describeConformance(
  kafkaTarget(
    "kafka-js (@platformatic/kafka, Bun)",
    (brokers) => new KafkaJsProducer({ brokers, deliveryTimeoutMs: 5000 }),
    (brokers) => new KafkaJsConsumer({ brokers, sessionTimeoutMs: 6000 }),
  ),
);
