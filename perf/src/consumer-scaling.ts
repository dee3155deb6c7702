/**
 * Consumer apply rate against the number of Kafka consumer processes (issue 4): the sales
 * are produced first with the consumers stopped, then the consumers start and drain the
 * backlog; the rate is timed from the moment every consumer is applying to the last sale,
 * so process start-up and the group's rebalances do not count. The clients alternate per
 * consumer count, so a noisy machine hurts both alike.
 * Run: `bun perf/src/consumer-scaling.ts [events] [1,2,4] [js,rdkafka] [sales|weather]`.
 */

import { counterSum, scrape } from "@rafaga/core";
import { salesWorkload } from "@rafaga/domains";
import { startTestPipeline, type TestPipeline } from "@rafaga/e2e-kit";
import { status } from "@rafaga/infra";
import { cpuSecondsMeter } from "@rafaga/runner";
import { ndjsonBatch } from "./tiers/http-bodies.ts";

const total = Number(process.argv[2] ?? 50_000);
const counts = (process.argv[3] ?? "1,2").split(",").map(Number);
const clients = (process.argv[4] ?? "js").split(",") as ("js" | "rdkafka")[];
const domain = process.argv[5] === "weather" ? "weather" : "sales";
const perRequest = 1000;

/** Posts `total` events of the domain as NDJSON batches of `perRequest`. */
async function produceBacklog(t: TestPipeline): Promise<void> {
  const nextSale = salesWorkload(5);
  for (let sent = 0; sent < total; sent += perRequest) {
    const size = Math.min(perRequest, total - sent);
    const body =
      domain === "sales"
        ? Array.from({ length: size }, (_, i) => JSON.stringify(nextSale(sent + i).body)).join("\n")
        : ndjsonBatch(size);
    const path = domain === "weather" ? "/api/tweets" : "/purchase";
    const response = await t.post(path, body, { "content-type": "application/x-ndjson" });
    if (response.status !== 202) throw new Error(`batch refused: ${response.status}`);
  }
}

async function drainRate(
  consumers: number,
  kafkaConsumerClient: "js" | "rdkafka",
): Promise<{
  perSecond: number;
  seconds: number;
  cpuUsPerEvent: number;
  valkeyUsPerEvent: number;
  kafkaUsPerEvent: number;
}> {
  const t = await startTestPipeline({
    routingSales: "kafka",
    routingWeather: "kafka",
    kafkaConsumers: consumers,
    kafkaConsumerClient,
  });
  try {
    const names = t.pipeline.tiers
      .map((x) => x.spec.name)
      .filter((n) => n.startsWith("consumer-kafka"));
    for (const name of names) await t.pipeline.kill(name);
    await produceBacklog(t);
    await Promise.all(names.map((name) => t.pipeline.restart(name)));
    // Timed from the moment every consumer applies (the group has settled: a rebalance while
    // the second process joins is start-up, not apply rate) to the last sale.
    const ports = t.layout.ports.kafkaConsumerMetrics;
    const perConsumer = () =>
      Promise.all(
        ports.map(async (p) =>
          counterSum(
            await scrape(`http://127.0.0.1:${p}/metrics`),
            "rafaga_consumer_applied_events_total",
          ),
        ),
      );
    // Summed over the consumers, which restarted from zero; read every 250 ms, because
    // rendering /metrics costs the consumer CPU that this harness measures.
    const applied = async () => (await perConsumer()).reduce((sum, n) => sum + n, 0);
    while ((await perConsumer()).some((n) => n === 0)) await Bun.sleep(5);
    const startedAt = await applied();
    const consumerPids = t.pipeline.tiers
      .filter((x) => names.includes(x.spec.name))
      .map((x) => [x.spec.name, x.pid] as const);
    const services = (await status(["valkey", "kafka"])).flatMap((s) =>
      s.pid === undefined ? [] : [[s.name, s.pid] as const],
    );
    const meter = cpuSecondsMeter(Object.fromEntries([...consumerPids, ...services]));
    while ((await applied()) < total) await Bun.sleep(250);
    const { wall: seconds, cpu } = meter();
    const cpuSeconds = consumerPids.reduce((sum, [name]) => sum + (cpu[name] ?? 0), 0);
    if (startedAt > total / 2)
      throw new Error(
        `the group settled only after ${startedAt} of ${total} events: use more events`,
      );
    const drained = total - startedAt;
    const perEvent = (seconds: number) => (seconds * 1e6) / drained;
    return {
      perSecond: drained / seconds,
      seconds,
      cpuUsPerEvent: perEvent(cpuSeconds),
      valkeyUsPerEvent: perEvent(cpu.valkey ?? 0),
      kafkaUsPerEvent: perEvent(cpu.kafka ?? 0),
    };
  } finally {
    await t.stop();
  }
}

console.log(`${domain} drained from Kafka into Valkey (${total} events, backlog produced first)`);
console.log("client   consumers  seconds  events/s  CPU us/event: consumers valkey  kafka");
for (const n of counts) {
  for (const client of clients) {
    const r = await drainRate(n, client);
    console.log(
      `${client.padEnd(8)}${String(n).padStart(10)}${r.seconds.toFixed(2).padStart(9)}${Math.round(r.perSecond).toString().padStart(10)}${r.cpuUsPerEvent.toFixed(1).padStart(24)}${r.valkeyUsPerEvent.toFixed(1).padStart(8)}${r.kafkaUsPerEvent.toFixed(1).padStart(7)}`,
    );
  }
}
