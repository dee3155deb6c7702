export * from "./adapter-options.ts";
export * from "./broker.ts";
export { deleteKafkaTopics, deleteRabbitQueues } from "./broker-admin.ts";
export * from "./broker-env.ts";
export { KafkaJsConsumer } from "./kafka-js-consumer.ts";
export { KafkaJsProducer } from "./kafka-js-producer.ts";
export { RabbitConsumer } from "./rabbitmq-consumer.ts";
export { RabbitProducer } from "./rabbitmq-producer.ts";
export { loadRdKafka } from "./rdkafka-loader.ts";
