// The librdkafka adapters load a V8 addon: import them only from code that runs under Node.
export { RdKafkaConsumer } from "./kafka-rdkafka-consumer.ts";
export { RdKafkaProducer } from "./kafka-rdkafka-producer.ts";
