#!/usr/bin/env bun
// Entry of the router tier: gRPC batches in from ingest, fanned out to the writers per routing mode.
import { createMetrics, defineService, serveMetrics } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { PipelineClient, pipelineClientOptions, startPipelineServer } from "@rafaga/pipeline-grpc";
import { loadRouterConfig } from "./router-config.ts";
import { createRouterHandler, writersAccepting, writersReady } from "./router-service.ts";

await defineService({
  name: "router",
  config: async () => loadRouterConfig(await loadDomains()),
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const client = (targets: readonly string[]) =>
      new PipelineClient({
        targets: [...targets],
        ...pipelineClientOptions(config),
      });
    const writers = {
      kafka: client(config.KAFKA_WRITER_TARGETS),
      rabbitmq: client(config.RABBITMQ_WRITER_TARGETS),
    };
    shutdown.add("kafka writer client", () => writers.kafka.close());
    shutdown.add("rabbitmq writer client", () => writers.rabbitmq.close());
    const { modes } = config;
    const ready = writersReady(writers, modes);
    const accepting = writersAccepting(writers, modes);
    const server = await startPipelineServer({
      host: config.HOST,
      port: config.PORT,
      maxConcurrentBatches: config.MAX_CONCURRENT_BATCHES,
      handler: createRouterHandler(writers, modes),
      ready,
      accepting,
    });
    shutdown.add("grpc server", () => server.close());
    const metrics = await serveMetrics(createMetrics("router"), config.METRICS_PORT, config.HOST, {
      ready,
      traffic: accepting,
    });
    shutdown.add("metrics server", () => metrics.close());
    logger.info(
      {
        port: server.port,
        routing: Object.fromEntries(config.domains.map((d) => [d.name, modes.get(d.id)])),
      },
      "router listening",
    );
  },
});
