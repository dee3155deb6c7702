#!/usr/bin/env bun
// Entry of the ingest tier: HTTP in, gRPC batches out to the router.
import {
  configOrExit,
  createLogger,
  createMetrics,
  createShutdown,
  exitAfterShutdown,
} from "@rafaga/core";
import { PipelineClient, pipelineClientOptions } from "@rafaga/pipeline-grpc";
import { createIngestApp } from "./ingest-app.ts";
import { loadIngestConfig } from "./ingest-config.ts";

const logger = createLogger("ingest");
const config = configOrExit(logger, loadIngestConfig);
const shutdown = createShutdown({ timeoutMs: 15_000, logger });
const router = new PipelineClient({
  targets: [...config.ROUTER_TARGETS],
  ...pipelineClientOptions(config),
  maxInFlightEvents: config.MAX_IN_FLIGHT_EVENTS,
});
shutdown.add("router client", () => router.close());

const app = createIngestApp({ limits: config, sink: router, metrics: createMetrics("ingest") });
const server = Bun.serve({
  port: config.PORT,
  hostname: config.HOST,
  // Only a backstop: our handler answers oversized bodies with a JSON 413 naming the field,
  // which Bun's own limit (checked before the handler runs) would not.
  maxRequestBodySize: Math.max(config.MAX_BODY_BYTES * 64, 256 * 1024 * 1024),
  routes: app.routes,
  fetch: app.fetch,
});
// Stop taking requests first, then let the router client flush and collect acks.
shutdown.add("http server", () => server.stop(false));
logger.info({ port: server.port, router: config.ROUTER_TARGETS }, "ingest listening");

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => exitAfterShutdown(shutdown, signal));
