#!/usr/bin/env bun
// Entry of a writer tier (BROKER=kafka|rabbitmq): gRPC batches in, durable broker writes out.
// The librdkafka writer runs this same file bundled for Node.
import {
  createLogger,
  createMetrics,
  createShutdown,
  isRafagaError,
  serveMetrics,
} from "@rafaga/core";
import { startPipelineServer } from "@rafaga/pipeline-grpc";
import { createProducer } from "./producer-factory.ts";
import { loadWriterConfig } from "./writer-config.ts";
import { createWriterHandler, destinationsOf } from "./writer-service.ts";

const logger = createLogger("writer");
try {
  const config = loadWriterConfig();
  const metrics = createMetrics(`writer-${config.BROKER}`);
  const shutdown = createShutdown({ timeoutMs: 15_000, logger });
  const producer = await createProducer(config);
  await producer.connect();
  shutdown.add("producer", () => producer.close());
  const server = await startPipelineServer({
    host: config.HOST,
    port: config.PORT,
    maxConcurrentBatches: config.MAX_CONCURRENT_BATCHES,
    handler: createWriterHandler(producer, destinationsOf(config), metrics),
  });
  shutdown.add("grpc server", () => server.close());
  const metricsServer = await serveMetrics(metrics, config.METRICS_PORT, config.HOST);
  shutdown.add("metrics server", () => metricsServer.close());
  logger.info(
    { port: server.port, broker: config.BROKER, client: producer.kind },
    "writer listening",
  );

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      const { failed } = await shutdown.run(signal);
      process.exit(failed.length > 0 ? 1 : 0);
    });
  }
} catch (error) {
  logger.fatal(
    isRafagaError(error) ? { code: error.code, field: error.field } : { err: error },
    String(error),
  );
  process.exit(2);
}
