/**
 * The Bun side of the ingest-http tier, in its own process so that it owns one core and
 * the load tool the other. `ingest`: the real app (createIngestApp, production default
 * limits, metrics) with a sink that acknowledges at once; `minimal`: the limit, a
 * Bun.serve handler that reads the body and answers 202, nothing else.
 * Prints "port <n>"; exits on SIGTERM.
 */
import { createMetrics } from "@rafaga/core";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { createIngestApp, loadIngestConfig } from "@rafaga/ingest";

const mode = process.argv[2];
let server: ReturnType<typeof Bun.serve>;
if (mode === "ingest") {
  const config = loadIngestConfig({});
  const app = createIngestApp({
    domains: BUILT_IN_DOMAINS,
    limits: config,
    sink: { submitMany: async () => {}, isReady: () => true },
    metrics: createMetrics("ingest"),
  });
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    maxRequestBodySize: 256 * 1024 * 1024,
    routes: app.routes,
    fetch: app.fetch,
  });
} else if (mode === "minimal") {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      await request.arrayBuffer();
      return new Response(null, { status: 202 });
    },
  });
} else {
  throw new Error(`usage: http-bun-server.ts ingest|minimal (got ${mode})`);
}
console.log(`port ${server.port}`);
process.on("SIGTERM", () => {
  server.stop(true);
  process.exit(0);
});
