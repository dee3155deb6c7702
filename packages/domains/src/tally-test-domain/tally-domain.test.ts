import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { RoutingMode } from "@rafaga/core";
import { startTestPipeline, type TestPipeline } from "@rafaga/e2e-kit";
import { endpoints } from "@rafaga/infra";
import Valkey from "iovalkey";

// The whole domain is this folder; the tiers get it from DOMAIN_MODULES, as a user's own
// domain would be loaded. Tier processes run from the repository root.
const MODULE = "./packages/domains/src/tally-test-domain/tally-domain.ts";
const COUNTERS = ["a", "b", "c"];

/** consumer_applied_events and consumer_duplicate_events of the tally domain, from /metrics. */
async function tallyMetrics(port: number): Promise<{ applied: number; duplicates: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => {
    const line = text
      .split("\n")
      .find((l) => l.startsWith(`rafaga_${name}_total{`) && l.includes('domain="tally"'));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
  };
  return {
    applied: value("consumer_applied_events"),
    duplicates: value("consumer_duplicate_events"),
  };
}

const CASES: [kind: "tiers" | "single", routing: RoutingMode][] = [
  ["tiers", "both"],
  ["single", "split"],
];

for (const [kind, routing] of CASES) {
  describe(`a domain from one folder (tally), ${kind} layout, routing ${routing}`, () => {
    let t: TestPipeline;
    let valkey: Valkey;
    beforeAll(async () => {
      // js Kafka clients: every tier runs under Bun, which loads the module's TypeScript.
      t = await startTestPipeline({
        kind,
        kafkaWriterClient: "js",
        extraDomains: [{ module: MODULE, name: "tally", routing }],
      });
      valkey = new Valkey(endpoints.valkeyUrl, { lazyConnect: true });
      await valkey.connect();
    }, 120_000);
    afterAll(async () => {
      valkey?.disconnect();
      await t?.stop();
    }, 60_000);

    test("flows through every tier and both brokers, counted exactly once", async () => {
      const expected = new Map(COUNTERS.map((c) => [c, 0]));
      const singles = Array.from({ length: 150 }, (_, i) => ({
        counter: COUNTERS[i % 3] as string,
        amount: (i % 7) + 1,
      }));
      for (let i = 0; i < singles.length; i += 10) {
        const answers = await Promise.all(singles.slice(i, i + 10).map((e) => t.post("/tally", e)));
        expect(answers.map((a) => a.status)).toEqual(new Array(answers.length).fill(202));
      }
      const batch = Array.from({ length: 100 }, (_, i) => ({ counter: "b", amount: i + 1 }));
      const batchAnswer = await t.post("/tally", batch);
      expect(batchAnswer.status).toBe(202);
      for (const e of [...singles, ...batch])
        expected.set(e.counter, (expected.get(e.counter) ?? 0) + e.amount);

      // Validated once, at the edge, by the module's schema.
      const bad = await t.post("/tally", { counter: "a", amount: 0 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { field: string }).field).toBe("amount");

      const prefix = t.layout.keyPrefix;
      const read = async () => {
        const values = await valkey.mget(
          ...COUNTERS.map((c) => `${prefix}tally:${c}`),
          `${prefix}tally_events`,
        );
        return values.map(Number);
      };
      const want = [...COUNTERS.map((c) => expected.get(c) ?? 0), 250];
      const deadline = Date.now() + 60_000;
      let got = await read();
      while (!Bun.deepEquals(got, want) && Date.now() < deadline) {
        await Bun.sleep(250);
        got = await read();
      }
      expect(got).toEqual(want);
      // Nothing arrives late to overcount (the second broker's copy, a redelivery).
      await Bun.sleep(1500);
      expect(await read()).toEqual(want);

      const kafka = await tallyMetrics(t.layout.ports.kafkaConsumerMetrics[0] as number);
      const rabbit = await tallyMetrics(t.layout.ports.rabbitConsumerMetrics[0] as number);
      expect(kafka.applied + rabbit.applied).toBe(250);
      // Both brokers carried tally events: every one of them with "both", some each with "split".
      const seen = (m: { applied: number; duplicates: number }) => m.applied + m.duplicates;
      if (routing === "both") {
        expect([seen(kafka), seen(rabbit)]).toEqual([250, 250]);
      } else {
        expect(seen(kafka)).toBeGreaterThan(0);
        expect(seen(rabbit)).toBeGreaterThan(0);
        expect(seen(kafka) + seen(rabbit)).toBe(250);
      }
    }, 180_000);
  });
}
