import { expect, test } from "bun:test";
import { serveHttp } from "./http-server.ts";

const app = {
  routes: { "/events": async () => Response.json({ ok: true }, { status: 202 }) },
  fetch: async () => Response.json({ error: "not found" }, { status: 404 }),
};

const post = (port: number, path = "/events") =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body: "{}" });

test("stop answers with Connection: close for drainMs, then refuses connections", async () => {
  const server = serveHttp(app, {
    port: 0,
    hostname: "127.0.0.1",
    maxRequestBodySize: 1024,
    drainMs: 300,
  });
  const before = await post(server.port);
  expect(before.status).toBe(202);
  expect(before.headers.get("connection")).not.toBe("close");

  const started = performance.now();
  const stopped = server.stop();
  for (const path of ["/events", "/elsewhere"]) {
    const draining = await post(server.port, path);
    expect(draining.status).toBe(path === "/events" ? 202 : 404);
    expect(draining.headers.get("connection")).toBe("close");
  }
  await stopped;
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  const after = await post(server.port).then(
    () => "answered",
    (error: { code?: string }) => error.code,
  );
  expect(after).toBe("ECONNREFUSED");
  await server.stop(); // idempotent
});
