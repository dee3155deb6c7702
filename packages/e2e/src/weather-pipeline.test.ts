import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { countMatrix, weatherWorkload } from "@rafaga/domains";
import { runClosedLoop } from "@rafaga/loadgen";
import { LAYOUT_KINDS, type RoutingMode, settle } from "@rafaga/runner";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

const MODES: RoutingMode[] = ["both", "kafka", "rabbitmq", "split"];

for (const kind of LAYOUT_KINDS)
  for (const mode of MODES) {
    describe(`weather pipeline, ${kind} layout, routing ${mode}`, () => {
      let t: TestPipeline;
      beforeAll(async () => {
        t = await startTestPipeline({ kind, routingWeather: mode });
      }, 120_000);
      afterAll(async () => {
        await t?.stop();
      }, 60_000);

      test("10,000 reports from 10 concurrent clients: Valkey equals the independent tally, exactly", async () => {
        const load = await runClosedLoop({
          url: `${t.pipeline.ingestUrl}/api/tweets`,
          total: 10_000,
          concurrency: 10,
          next: weatherWorkload(7),
        });
        expect(load.sent).toBe(10_000);
        expect(Object.fromEntries(load.statuses)).toEqual({ 202: 10_000 });
        const expected = countMatrix(load.accepted);
        expect(await settle(() => t.weather.readCounts(), expected)).toEqual(expected);
        // Nothing arrives late to overcount: a redelivery or the second broker's copy.
        await Bun.sleep(1500);
        expect(await t.weather.readCounts()).toEqual(expected);
        const dashboard = await t.weather.readDashboard();
        expect(dashboard.totals.total).toBe(10_000);
      }, 240_000);
    });
  }
