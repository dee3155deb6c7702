#!/usr/bin/env bun
// Entry of the router tier: gRPC batches in from ingest, fanned out to the writers per routing mode.
import {
  createLogger,
  createMetrics,
  createShutdown,
  isRafagaError,
  serveMetrics,
} from "@rafaga/core";
import { PipelineClient, startPipelineServer } from "@rafaga/pipeline-grpc";
import { loadRouterConfig } from "./router-config.ts";
import { createRouterHandler, routingModes, writersReady } from "./router-service.ts";

const logger = createLogger("router");
let config: ReturnType<typeof loadRouterConfig>;
try {
  config = loadRouterConfig();
} catch (error) {
  logger.fatal(
    isRafagaError(error) ? { field: error.field } : { err: error },
    String((error as Error).message),
  );
  process.exit(2);
}

const shutdown = createShutdown({ timeoutMs: 15_000, logger });
const client = (targets: readonly string[]) =>
  new PipelineClient({
    targets: [...targets],
    streamsPerTarget: config.GRPC_STREAMS_PER_TARGET,
    maxBatch: config.BATCH_MAX_EVENTS,
    lingerMs: config.BATCH_LINGER_MS,
    ackTimeoutMs: config.ACK_TIMEOUT_MS,
  });
const writers = {
  kafka: client(config.KAFKA_WRITER_TARGETS),
  rabbitmq: client(config.RABBITMQ_WRITER_TARGETS),
};
shutdown.add("kafka writer client", () => writers.kafka.close());
shutdown.add("rabbitmq writer client", () => writers.rabbitmq.close());

const modes = routingModes(config);
const server = await startPipelineServer({
  host: config.HOST,
  port: config.PORT,
  maxConcurrentBatches: config.MAX_CONCURRENT_BATCHES,
  handler: createRouterHandler(writers, modes),
});
shutdown.add("grpc server", () => server.close());
const metricsServer = await serveMetrics(
  createMetrics("router"),
  config.METRICS_PORT,
  config.HOST,
  writersReady(writers, modes),
);
shutdown.add("metrics server", () => metricsServer.close());
logger.info(
  { port: server.port, weather: config.ROUTING_WEATHER, sales: config.ROUTING_SALES },
  "router listening",
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    const { failed } = await shutdown.run(signal);
    process.exit(failed.length > 0 ? 1 : 0);
  });
}
