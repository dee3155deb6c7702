/**
 * The router-grpc harness's server (perf/src/tiers/grpc-batching.ts), in its own process
 * so that the client does not share its event loop (as in production, where router and
 * writers are separate pods).
 * Prints "port <n>" once listening; exits on SIGTERM after a graceful close.
 */
import { startPipelineServer } from "../src/index.ts";

let events = 0;
const server = await startPipelineServer({
  host: "127.0.0.1",
  port: 0,
  maxConcurrentBatches: 100_000,
  handler: async (batch) => {
    events += batch.events.length;
  },
});
console.log(`port ${server.port}`);
process.on("SIGTERM", async () => {
  await server.close();
  console.error(`server handled ${events} events`);
  process.exit(0);
});
