import type { ServiceMetrics } from "@rafaga/core";
import { PAGE } from "./page.ts";
import type { PanelFeed } from "./panel-feed.ts";

// A comment line now and then keeps proxies from closing a quiet stream.
const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

/** The dashboard's routes for Bun.serve: the page, its script, the snapshot, the stream. */
export function createDashboardApp(opts: {
  feed: PanelFeed;
  script: string;
  metrics: ServiceMetrics;
}) {
  const { feed, script, metrics } = opts;
  const viewers = metrics.gauge("dashboard_viewers", "browsers following the event stream");
  const pushes = metrics.counter("dashboard_pushes", "snapshots pushed to a browser");

  function events(request: Request): Response {
    let unsubscribe = () => {};
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      unsubscribe();
      clearInterval(heartbeat);
      viewers.set(feed.viewers);
    };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stop();
          }
        };
        unsubscribe = feed.subscribe((snapshot) => {
          pushes.inc();
          send(`data: ${snapshot}\n\n`);
        });
        viewers.set(feed.viewers);
        heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
        request.signal.addEventListener("abort", stop);
      },
      cancel: stop,
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  return {
    "/": () => new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }),
    "/app.js": () =>
      new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8" } }),
    "/events": events,
    "/api/panels": async () =>
      new Response((await feed.current()) ?? "null", {
        headers: { "content-type": "application/json" },
      }),
    "/healthz": () => Response.json({ status: "ok" }),
    "/readyz": async () =>
      (await feed.ready())
        ? Response.json({ status: "ready" })
        : Response.json(
            { status: "valkey unreachable" },
            { status: 503, headers: { "retry-after": "1" } },
          ),
    "/metrics": async () => {
      const { contentType, body } = await metrics.render();
      return new Response(body, { headers: { "content-type": contentType } });
    },
  };
}
