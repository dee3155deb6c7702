/*
 * The programmatic face of infra, for other packages' integration tests. Pure JavaScript in
 * the import graph, so it also runs under Node when bundled (the librdkafka conformance test
 * runs it on Node 20: see the Promise.withResolvers note in kafka-admin.ts).
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
  kafkaServer,
  killKafkaBroker,
  startKafkaBroker,
} from "./kafka-server.ts";
export { dataDir } from "./layout.ts";
export { type ServiceName, serviceNames } from "./service-name.ts";
