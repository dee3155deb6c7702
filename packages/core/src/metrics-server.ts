import { createServer } from "node:http";
import type { ServiceMetrics } from "./metrics.ts";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics and /healthz for the tiers that serve no HTTP of their own (writers,
 * consumers). node:http rather than Bun.serve: the Kafka tiers run under Node.
 */
export function serveMetrics(
  metrics: ServiceMetrics,
  port: number,
  host = "0.0.0.0",
  ready: () => boolean = () => true,
): Promise<MetricsServer> {
  const server = createServer(async (req, res) => {
    if (req.url === "/metrics") {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { "content-type": contentType }).end(body);
    } else if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else if (req.url === "/readyz") {
      const ok = ready();
      res
        .writeHead(ok ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify({ ready: ok }));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
