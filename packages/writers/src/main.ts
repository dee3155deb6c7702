#!/usr/bin/env bun
// Entry of a writer tier (BROKER=kafka|rabbitmq): gRPC batches in, durable broker writes out.
// The librdkafka writer runs this same file bundled for Node.
import {
  configOrExit,
  createLogger,
  createMetrics,
  createShutdown,
  exitAfterShutdown,
  failStartup,
  serveMetrics,
} from "@rafaga/core";
import { startPipelineServer } from "@rafaga/pipeline-grpc";
import { createProducer } from "./producer-factory.ts";
import { loadWriterConfig } from "./writer-config.ts";
import { createWriterHandler, destinationsOf } from "./writer-service.ts";

const logger = createLogger("writer");
const config = configOrExit(logger, loadWriterConfig);
const shutdown = createShutdown({ timeoutMs: 15_000, logger });
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => exitAfterShutdown(shutdown, signal));

try {
  const metrics = createMetrics(`writer-${config.BROKER}`);
  const producer = await createProducer(config);
  shutdown.add("producer", () => producer.close());
  await producer.connect();
  const server = await startPipelineServer({
    host: config.HOST,
    port: config.PORT,
    maxConcurrentBatches: config.MAX_CONCURRENT_BATCHES,
    handler: createWriterHandler(producer, destinationsOf(config), metrics),
    // Health says NOT_SERVING while the broker is known down (a write would be refused).
    ready: () => producer.writable(),
  });
  shutdown.add("grpc server", () => server.close());
  const metricsServer = await serveMetrics(metrics, config.METRICS_PORT, config.HOST);
  shutdown.add("metrics server", () => metricsServer.close());
  logger.info(
    { port: server.port, broker: config.BROKER, client: producer.kind },
    "writer listening",
  );
} catch (error) {
  await failStartup(logger, shutdown, error);
}
