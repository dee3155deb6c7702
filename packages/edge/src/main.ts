#!/usr/bin/env bun
// Entry of the single-machine hot path: HTTP in, routed and written to the brokers in this
// process (no gRPC hop); consumers still run as their own processes.
import type { BrokerProducer } from "@rafaga/brokers";
import { createMetrics, defineService } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { createIngestApp, serveReferenceGrpcFor } from "@rafaga/ingest";
import { type BrokerName, brokersUsed } from "@rafaga/router";
import { brokerWriteBatchingOptions, createProducer } from "@rafaga/writers";
import { loadEdgeConfig } from "./edge-config.ts";
import { createEdgeSink } from "./edge-sink.ts";
import { writerConfigOf } from "./writer-config-of.ts";

await defineService({
  name: "edge",
  config: async () => loadEdgeConfig(await loadDomains()),
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const metrics = createMetrics("edge");
    const { modes } = config;
    const producers: Partial<Record<BrokerName, BrokerProducer>> = {};
    for (const broker of brokersUsed(modes)) {
      const producer = await createProducer(writerConfigOf(config, broker));
      shutdown.add(`${broker} producer`, () => producer.close());
      await producer.connect();
      producers[broker] = producer;
    }
    const sink = createEdgeSink({
      producers,
      modes,
      destinations: config.destinations,
      metrics,
      batching: brokerWriteBatchingOptions(config),
    });
    // Added after the producers, so it runs before them: queued batches reach the brokers first.
    shutdown.add("batches in flight", () => sink.close());
    const app = createIngestApp({ domains: config.domains, limits: config, sink, metrics });
    const server = Bun.serve({
      port: config.PORT,
      hostname: config.HOST,
      maxRequestBodySize: Math.max(config.MAX_BODY_BYTES * 64, 256 * 1024 * 1024),
      routes: app.routes,
      fetch: app.fetch,
    });
    shutdown.add("http server", () => server.stop(false));
    const grpc = await serveReferenceGrpcFor(config, app);
    if (grpc) shutdown.add("reference gRPC server", () => grpc.close());
    logger.info(
      {
        port: server.port,
        grpc: grpc?.paths,
        brokers: Object.keys(producers),
        routing: Object.fromEntries(config.domains.map((d) => [d.name, modes.get(d.id)])),
      },
      "edge listening (ingest, router and writers in one process)",
    );
  },
});
