/*
 * The programmatic face of infra, for other packages' integration tests. Only node: modules
 * in the import graph, so it also runs under Node 20 when bundled.
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
