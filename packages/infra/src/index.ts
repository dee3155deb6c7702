export type { ServiceName } from "./config.ts";
export { defaultTopics, endpoints, serviceNames } from "./config.ts";
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
export { createTopic } from "./kafka-server.ts";
