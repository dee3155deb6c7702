#!/usr/bin/env bun
// Entry of a writer tier (BROKER=kafka|rabbitmq): gRPC batches in, durable broker writes out.
// With KAFKA_CLIENT=rdkafka the writer runs this same file bundled for Node.
import { createMetrics, defineService, serveMetrics } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { startPipelineServer } from "@rafaga/pipeline-grpc";
import { createProducer } from "./producer-factory.ts";
import { brokerWriteBatchingOptions, loadWriterConfig } from "./writer-config.ts";
import { createWriterHandler } from "./writer-service.ts";

await defineService({
  name: "writer",
  config: async () => loadWriterConfig(await loadDomains()),
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const metrics = createMetrics(`writer-${config.BROKER}`);
    const producer = await createProducer(config);
    shutdown.add("producer", () => producer.close());
    await producer.connect();
    const server = await startPipelineServer({
      host: config.HOST,
      port: config.PORT,
      maxConcurrentBatches: config.MAX_CONCURRENT_BATCHES,
      handler: createWriterHandler(
        producer,
        config.destinations,
        metrics,
        brokerWriteBatchingOptions(config),
      ),
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
  },
});
