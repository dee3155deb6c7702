import { expect, test } from "bun:test";
import { createMetrics } from "./metrics.ts";
import { serveMetrics } from "./metrics-server.ts";

const metrics = createMetrics("metrics-server-test", { defaultMetrics: false });

test("/readyz answers the whole path and /readyz/traffic whether some event can pass", async () => {
  let wholePath = false;
  const server = await serveMetrics(metrics, 0, "127.0.0.1", {
    ready: () => wholePath,
    traffic: () => true,
  });
  const status = async (path: string) =>
    (await fetch(`http://127.0.0.1:${server.port}${path}`)).status;
  try {
    expect([await status("/readyz"), await status("/readyz/traffic")]).toEqual([503, 200]);
    wholePath = true;
    expect([await status("/readyz"), await status("/readyz/traffic")]).toEqual([200, 200]);
    expect(await status("/readyz/other")).toBe(404);
  } finally {
    await server.close();
  }
});

test("without a traffic check, /readyz/traffic answers as /readyz", async () => {
  const server = await serveMetrics(metrics, 0, "127.0.0.1", { ready: () => false });
  try {
    const res = await fetch(`http://127.0.0.1:${server.port}/readyz/traffic`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false });
  } finally {
    await server.close();
  }
});
