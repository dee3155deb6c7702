import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { weatherWorkload } from "@rafaga/domains";
import { settle } from "@rafaga/runner";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

// Routing split sends each report to one broker by its id, so every report whose broker is
// RabbitMQ needs the RabbitMQ writer. (Routed to both, one writer suffices: the outage test.)
describe("ingest's /readyz means the whole path (tiers layout, routing split)", () => {
  let t: TestPipeline;
  beforeAll(async () => {
    t = await startTestPipeline({ kind: "tiers", routingWeather: "split" });
  }, 120_000);
  afterAll(() => t?.stop(), 60_000);

  test("not ready while the router runs without a writer; requests sent the moment it is ready all get 202", async () => {
    const readyz = `${t.pipeline.ingestUrl}/readyz`;
    const isReady = () => fetch(readyz).then((r) => r.status === 200);
    await t.pipeline.kill("writer-rabbitmq");
    await t.pipeline.kill("router");
    expect(await settle(isReady, false, 5_000)).toBe(false);
    // The router comes back without its RabbitMQ writer: ingest reaches it, but half the
    // weather reports could not get their ack, so ingest is not ready.
    const routerBack = t.pipeline.restart("router");
    const notReadySince = performance.now();
    while (performance.now() - notReadySince < 2000) {
      expect(await isReady()).toBe(false);
      await Bun.sleep(20);
    }
    await t.pipeline.restart("writer-rabbitmq");
    await routerBack;
    while (!(await isReady())) await Bun.sleep(1);
    // In the same millisecond that readiness turned true.
    const next = weatherWorkload(31);
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.post("/api/tweets", next(i).body).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
  }, 120_000);
});
