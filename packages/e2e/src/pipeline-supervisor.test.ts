import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { endpoints } from "@rafaga/infra";
import { LAYOUT_KINDS, settle } from "@rafaga/runner";
import { auditWeather } from "./pipeline-audit.ts";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";
import { startWeatherFaultLoad, type WeatherFaultLoad } from "./weather-fault-load.ts";

/** The first 2xx answered after `t` (sent before or after it). */
const firstAcceptedAfter = (load: WeatherFaultLoad, t: number) =>
  load.acceptedTimes.find(([, answered]) => answered > t)?.[1];

for (const kind of LAYOUT_KINDS)
  describe(`the supervisor of npm run serve (${kind} layout)`, () => {
    let t: TestPipeline;
    beforeAll(async () => {
      t = await startTestPipeline({ kind, routingWeather: "both", supervise: true });
    }, 120_000);
    afterAll(() => t?.stop(), 60_000);

    test("each tier SIGKILLed under load is restarted without help: 2xx again within 2 s, nothing lost or counted twice", async () => {
      const load = startWeatherFaultLoad(`${t.pipeline.ingestUrl}/api/tweets`, {
        clients: 10,
        seed: 23,
      });
      const recovery: Record<string, number> = {};
      try {
        const names = t.pipeline.tiers.map((tier) => tier.spec.name);
        for (const name of names) {
          await Bun.sleep(500);
          const victim = t.pipeline.tiers.find((tier) => tier.spec.name === name);
          if (!victim) throw new Error(`no tier ${name}`);
          process.kill(victim.pid, "SIGKILL");
          await victim.exited;
          const killedAt = performance.now();
          const back = async () => {
            const now = t.pipeline.tiers.find((tier) => tier.spec.name === name);
            const restarted = now !== victim && now?.running && t.pipeline.restarts()[name] === 1;
            return restarted ? firstAcceptedAfter(load, killedAt) !== undefined : false;
          };
          expect(await settle(back, true, 10_000)).toBe(true);
          recovery[name] = Math.round((firstAcceptedAfter(load, killedAt) as number) - killedAt);
          // The next kill only once this tier is ready again: one outage at a time.
          const readyAgain = async () => t.output.some((l) => l.includes(`${name} ready again`));
          expect(await settle(readyAgain, true, 10_000)).toBe(true);
        }
        console.log(`${kind} layout, ms from SIGKILL to the next 2xx: ${JSON.stringify(recovery)}`);
        const slow = Object.entries(recovery).filter(([, ms]) => ms > 2000);
        expect(slow).toEqual([]);
        expect(t.output.filter((line) => line.includes("killed by SIGKILL"))).toHaveLength(
          names.length,
        );
      } finally {
        await load.stop();
      }
      const audit = () => auditWeather(endpoints.valkeyUrl, t.layout.keyPrefix, load.accepted);
      expect(await settle(async () => (await audit()).missing.length, 0, 60_000)).toBe(0);
      const { counted, markers } = await audit();
      expect(counted).toBe(markers);
      expect(counted).toBeGreaterThanOrEqual(load.accepted.size);
      expect(counted).toBeLessThanOrEqual(load.sent());
    }, 180_000);
  });
