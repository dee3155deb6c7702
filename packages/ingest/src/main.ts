#!/usr/bin/env bun
// Entry of the ingest tier: HTTP in, gRPC batches out to the router.
import { createMetrics, defineService } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { PipelineClient, pipelineClientOptions } from "@rafaga/pipeline-grpc";
import { createIngestApp } from "./ingest-app.ts";
import { loadIngestTierConfig } from "./ingest-config.ts";
import { serveReferenceGrpcFor } from "./reference-grpc.ts";

await defineService({
  name: "ingest",
  config: async () => loadIngestTierConfig(await loadDomains()),
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const router = new PipelineClient({
      targets: [...config.ROUTER_TARGETS],
      ...pipelineClientOptions(config),
      maxInFlightEvents: config.MAX_IN_FLIGHT_EVENTS,
    });
    shutdown.add("router client", () => router.close());
    const app = createIngestApp({
      domains: config.domains,
      limits: config,
      sink: router,
      metrics: createMetrics("ingest"),
    });
    const server = Bun.serve({
      port: config.PORT,
      hostname: config.HOST,
      // Only a backstop: our handler answers oversized bodies with a JSON 413 naming the
      // field, which Bun's own limit (checked before the handler runs) would not.
      maxRequestBodySize: Math.max(config.MAX_BODY_BYTES * 64, 256 * 1024 * 1024),
      routes: app.routes,
      fetch: app.fetch,
    });
    // Stop taking requests first, then let the router client flush and collect acks.
    shutdown.add("http server", () => server.stop(false));
    const grpc = await serveReferenceGrpcFor(config, app);
    if (grpc) shutdown.add("reference gRPC server", () => grpc.close());
    logger.info(
      { port: server.port, grpc: grpc?.paths, router: config.ROUTER_TARGETS },
      "ingest listening",
    );
  },
});
