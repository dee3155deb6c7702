/*
 * The programmatic face of infra, for other packages' integration tests. Pure JavaScript in
 * the import graph (node: modules and @platformatic/kafka), so it also runs under Node when
 * bundled.
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
