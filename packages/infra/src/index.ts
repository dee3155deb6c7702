/*
 * The programmatic face of infra, for other packages' integration tests. Pure JavaScript in
 * the import graph, so it bundles for Node too; but its Kafka probes go through
 * @platformatic/kafka, which needs Node 22 or later (Promise.withResolvers): under the
 * system's Node 20, use only what does not probe Kafka (`endpoints`, as the librdkafka
 * smoke test does).
 */
export { defaultTopics, endpoints, kafkaNodePorts } from "./config.ts";
export type { ServiceStatus } from "./infra.ts";
export {
  down,
  ensureUp,
  isHealthy,
  killService,
  logTails,
  startService,
  status,
  stopAll,
  up,
} from "./infra.ts";
export {
  createKafkaServer,
  createTopic,
  type KafkaServer,
  killKafkaBroker,
  startKafkaBroker,
} from "./kafka-server.ts";
export { dataDir } from "./layout.ts";
export { type ServiceName, serviceNames } from "./service-name.ts";
