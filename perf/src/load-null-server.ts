/**
 * The limit for the ingest tier: the smallest Bun.serve that does what every ingest must
 * (read the whole body, answer 202 with a small JSON) and nothing else. Run as its own
 * process, like ingest, so it competes for the same cores under the same load tool.
 * Prints its port on stdout once listening.
 */
const accepted = JSON.stringify({ id: "01JNULLSINK0000000000000000" });
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.argv[2] ?? 0),
  async fetch(request) {
    await request.arrayBuffer();
    return new Response(accepted, {
      status: 202,
      headers: { "content-type": "application/json" },
    });
  },
});
console.log(server.port);
process.on("SIGTERM", () => {
  server.stop(true);
  process.exit(0);
});
