export { ackFromError, errorFromAck } from "./ack-error.ts";
export { PipelineClient } from "./client.ts";
export { pipelineClientEnv, pipelineClientOptions } from "./client-env.ts";
export type { PipelineClientStats } from "./client-stats.ts";
export { healthService, isServingResponse } from "./health.ts";
export {
  type PipelineClientInput,
  PipelineClientOptions,
  PipelineServerOptions,
} from "./options.ts";
export { type PipelineServer, type PipelineServerInput, startPipelineServer } from "./server.ts";
export type { BatchHandler } from "./server-stream.ts";
export { PUBLISH_PATH, pipelineService } from "./service-definition.ts";
