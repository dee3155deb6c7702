import { afterEach, describe, expect, test } from "bun:test";
import { SalesStore, salesWorkload, weatherWorkload } from "@rafaga/domains";
import { endpoints, ensureUp, killService, startService } from "@rafaga/infra";
import { runClosedLoop } from "@rafaga/loadgen";
import { LAYOUT_KINDS, type RoutingMode, settle } from "@rafaga/runner";
import { auditWeather } from "./pipeline-audit.ts";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";
import { tallyWeatherTopic } from "./topic-audit.ts";

/** 100 sales from 5 clients; each answer as `<status> <counted>`. */
async function sendSales(url: string): Promise<string[]> {
  const next = salesWorkload(5);
  const answers: string[] = [];
  let n = 0;
  const client = async () => {
    while (n < 100) {
      const body = JSON.stringify(next(n++).body);
      const r = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const answer = (await r.json()) as { counted?: string };
      answers.push(`${r.status} ${JSON.stringify(answer.counted)}`);
    }
  };
  await Promise.all(Array.from({ length: 5 }, client));
  return answers;
}

const cases: { broker: "rabbitmq" | "kafka"; routing: RoutingMode }[] = [
  { broker: "rabbitmq", routing: "both" },
  { broker: "kafka", routing: "both" },
  { broker: "kafka", routing: "kafka" },
];

describe("a broker stopped mid-run", () => {
  let t: TestPipeline | undefined;
  afterEach(async () => {
    await ensureUp();
    await t?.stop();
  }, 120_000);

  for (const kind of LAYOUT_KINDS)
    for (const { broker, routing } of cases) {
      // Routed to both, the other broker takes the reports: 2xx throughout. Sales stay
      // routed to Kafka alone, so the whole path is ready only while Kafka is up.
      const oneOfTwo = routing === "both";
      const readyWhileDown = broker === "rabbitmq";
      const whileDown = oneOfTwo
        ? `2xx while down, ${readyWhileDown ? "ready" : "not ready (sales need Kafka)"}`
        : "503 while down";
      test(`${broker} down (${kind} layout, routing ${routing}): ${whileDown}, no 2xx lost, nothing counted twice`, async () => {
        t = await startTestPipeline({ kind, routingWeather: routing });
        const url = `${t.pipeline.ingestUrl}/api/tweets`;
        const next = weatherWorkload(11);
        const accepted = new Set<string>();
        const onAccepted = (_: unknown, body: unknown) => accepted.add((body as { id: string }).id);
        let sent = 0;
        const load = async (total: number, signal?: AbortSignal) => {
          const result = await runClosedLoop({
            url,
            total,
            concurrency: 10,
            next,
            onAccepted,
            signal,
          });
          sent += result.sent;
          return result;
        };

        // Until the kill; then only the requests already in flight finish. With Kafka down,
        // librdkafka holds each write until its delivery timeout (10 s) before the 503, so
        // a fixed count of requests would take minutes.
        const stopBefore = new AbortController();
        const before = load(1_000_000, stopBefore.signal);
        await Bun.sleep(700);
        await killService(broker);
        stopBefore.abort();
        const duringCrash = await before;
        // Ready means the whole path can take an event: the edge asks its producers; in the
        // per-tier layout the writer's health says it, and router and ingest follow it.
        const readyz = async () => (await fetch(`${t?.pipeline.ingestUrl}/readyz`)).status;
        // Kubernetes' probe: in the Service while some route works.
        const traffic = async () => (await fetch(`${t?.pipeline.ingestUrl}/readyz/traffic`)).status;
        if (oneOfTwo) {
          // Once the dead broker's writer knows it is down, every report goes to the other.
          const writerKnows = async () => (await load(20)).statuses.get(202) ?? 0;
          expect(await settle(writerKnows, 20, 15_000)).toBe(20);
          // Judged once every tier's health (polled each 0.5 s) has heard of the outage.
          if (readyWhileDown) await Bun.sleep(1500);
          else expect(await settle(readyz, 503, 10_000)).toBe(503);
          // Sales (Kafka alone) at the same time share batches with the weather reports:
          // each sale is refused as not written, and no report in its batch with it.
          const [down, salesAnswers] = await Promise.all([
            load(200),
            readyWhileDown ? Promise.resolve([]) : sendSales(`${t.pipeline.ingestUrl}/purchase`),
          ]);
          expect(Object.fromEntries(down.statuses)).toEqual({ 202: 200 });
          if (!readyWhileDown) expect(new Set(salesAnswers)).toEqual(new Set(['503 "no"']));
          expect(await readyz()).toBe(readyWhileDown ? 200 : 503);
          expect(await traffic()).toBe(200);
        } else {
          const down = await load(10);
          expect(Object.fromEntries(down.statuses)).toEqual({ 503: 10 });
          expect(await settle(readyz, 503, 10_000)).toBe(503);
          // Each tier hears "accepting" one health call after "ready": it follows within a poll.
          expect(await settle(traffic, 503, 10_000)).toBe(503);
        }
        await startService(broker);
        expect(await settle(readyz, 200, 30_000)).toBe(200);
        // The writers reconnect on their own; the first requests after the restart may still see 503.
        const after = await load(2000);

        expect(duringCrash.statuses.get(202) ?? 0).toBeGreaterThan(0);
        expect(after.statuses.get(202) ?? 0).toBeGreaterThan(1000);
        // 429: the ack delay passed MAX_QUEUE_DELAY_MS while a writer reconnected; like a
        // 503, refused and not counted.
        for (const status of [...duringCrash.statuses.keys(), ...after.statuses.keys()]) {
          expect([202, 429, 503]).toContain(status);
        }
        if (routing === "both" && broker === "kafka") {
          // The sales answered "no" were never counted (Kafka was their only broker).
          const sales = new SalesStore({ url: endpoints.valkeyUrl, keyPrefix: t.layout.keyPrefix });
          const untouched = new SalesStore({
            url: endpoints.valkeyUrl,
            keyPrefix: `never-${sent}-`,
          });
          try {
            expect(await sales.readAggregates()).toEqual(await untouched.readAggregates());
          } finally {
            await Promise.all([sales.close(), untouched.close()]);
          }
        }
        if (routing === "kafka") {
          // Deduplicated by offset, no markers: every record in the topic counted once.
          const topic = await tallyWeatherTopic(
            endpoints.kafkaBrokers,
            t.layout.weatherDestination,
            accepted.size,
          );
          expect([...accepted].filter((id) => !topic.ids.has(id))).toEqual([]);
          expect([...topic.ids.values()].filter((n) => n !== 1)).toEqual([]);
          expect(topic.ids.size).toBeLessThanOrEqual(sent);
          const read = () => (t as TestPipeline).weather.readCounts();
          expect(await settle(read, topic.counts, 90_000)).toEqual(topic.counts);
          await Bun.sleep(1500);
          expect(await read()).toEqual(topic.counts);
          return;
        }
        const audit = () => auditWeather(endpoints.valkeyUrl, t?.layout.keyPrefix ?? "", accepted);
        const settled = await settle(async () => (await audit()).missing.length, 0, 90_000);
        expect(settled).toBe(0);
        const { counted, markers } = await audit();
        expect(counted).toBe(markers);
        expect(counted).toBeGreaterThanOrEqual(accepted.size);
        expect(counted).toBeLessThanOrEqual(sent);
      }, 240_000);
    }
});
