type Handler = (request: Request) => Promise<Response>;

/** What the HTTP server serves: an ingest app's routes and its fallback. */
export interface HttpApp {
  routes: Record<string, Handler>;
  fetch: Handler;
}

export interface HttpServerOptions {
  port: number;
  hostname: string;
  maxRequestBodySize: number;
  /** How long stop() answers every request with Connection: close before it stops. */
  drainMs: number;
}

export interface HttpServer {
  readonly port: number;
  /** Drains keep-alive clients, then stops taking requests; those in flight are answered. */
  stop(): Promise<void>;
}

/**
 * Bun.serve with a stop that drains keep-alive clients first. Bun's own stop closes idle
 * keep-alive connections at once, and a client that had just sent its next request on one
 * gets a reset: for a POST it cannot tell whether the event was taken (5 of 10 closed-loop
 * clients when the edge got SIGTERM). Draining answers every request with Connection:
 * close, so that each client sends its next one on a new connection (to another replica,
 * or refused, which is unambiguous). The handlers are swapped only then: until stop(),
 * the hot path carries nothing of it.
 */
export function serveHttp(app: HttpApp, options: HttpServerOptions): HttpServer {
  const { drainMs, ...serveOptions } = options;
  const server = Bun.serve({ ...serveOptions, routes: app.routes, fetch: app.fetch });
  let stopped: Promise<void> | undefined;
  const drainThenStop = async () => {
    if (drainMs > 0) {
      const routes = Object.fromEntries(
        Object.entries(app.routes).map(([path, handler]) => [path, closing(handler)]),
      );
      server.reload({ routes, fetch: closing(app.fetch) });
      await Bun.sleep(drainMs);
    }
    await server.stop(false);
  };
  return {
    port: server.port as number,
    stop: () => {
      stopped ??= drainThenStop();
      return stopped;
    },
  };
}

const closing =
  (handler: Handler): Handler =>
  async (request) => {
    const response = await handler(request);
    response.headers.set("connection", "close");
    return response;
  };
