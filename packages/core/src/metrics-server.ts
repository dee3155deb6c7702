import { createServer } from "node:http";
import type { ServiceMetrics } from "./metrics.ts";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics, /healthz, /readyz and /readyz/traffic for the tiers that serve no HTTP of
 * their own (router, writers, consumers). node:http rather than Bun.serve: the Kafka tiers run under Node.
 */
export interface ReadinessChecks {
  /** `/readyz`: every event can reach its durable ack. */
  ready?: () => boolean;
  /**
   * `/readyz/traffic`, Kubernetes' readiness probe (default: `ready`): some event can
   * reach its durable ack, so the pod stays in its Service while one route works.
   */
  traffic?: () => boolean;
}

export function serveMetrics(
  metrics: ServiceMetrics,
  port: number,
  host = "0.0.0.0",
  checks: ReadinessChecks = {},
): Promise<MetricsServer> {
  const { ready = () => true, traffic = ready } = checks;
  const answer = (ok: boolean) => JSON.stringify({ ready: ok });
  const server = createServer(async (req, res) => {
    if (req.url === "/metrics") {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { "content-type": contentType }).end(body);
    } else if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    } else if (req.url === "/readyz" || req.url === "/readyz/traffic") {
      const ok = req.url === "/readyz" ? ready() : traffic();
      res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(answer(ok));
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
