import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { SalesOracle } from "@rafaga/domains";
import { createKafkaServer, dataDir, type KafkaServer } from "@rafaga/infra";
import { freePorts, LAYOUT_KINDS } from "@rafaga/runner";
import { runChaosScenario } from "./chaos.ts";
import { busiestLeader } from "./kafka-leaders.ts";
import { expectSalesExact, progressGate, sendSales } from "./sales-test-kit.ts";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

/*
 * A three-broker Kafka of the test's own (its own ports and data dir, never the shared
 * broker on 9092), one broker SIGKILLed under load. Replication factor 3 with
 * min.insync.replicas 2: the two survivors still make a quorum for every write, so no
 * client may see an error, and nothing acknowledged may be lost or counted twice.
 */

const TOTAL = 6000;
const dir = dataDir("kafka-cluster-test");
let cluster: KafkaServer;
const progress = (message: string) => console.log(`test cluster: ${message}`);

beforeAll(async () => {
  const ports = await freePorts(6);
  cluster = createKafkaServer({
    dir,
    nodes: [0, 1, 2].map((i) => ({
      nodeId: i + 1,
      port: ports[2 * i] as number,
      controllerPort: ports[2 * i + 1] as number,
    })),
  });
  // A crashed run's brokers use the same config paths, so they are recognised as ours.
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
  await cluster.install(progress);
  await cluster.start(progress);
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface Answer {
  status: number;
  sentAt: number;
  answeredAt: number;
}

/** What the answers say about the kill at `at`: errors on each side, and when 2xx resumed. */
function aroundKill(answers: Answer[], at: number) {
  const byStatus = (list: Answer[]) => {
    const counts: Record<number, number> = {};
    for (const a of list) counts[a.status] = (counts[a.status] ?? 0) + 1;
    return counts;
  };
  const ok = (a: Answer) => a.status >= 200 && a.status < 300;
  const before = answers.filter((a) => a.answeredAt < at);
  const after = answers.filter((a) => a.answeredAt >= at);
  // Recovered: the first request sent after the kill that got its 2xx.
  const firstAfter = after
    .filter((a) => a.sentAt >= at && ok(a))
    .sort((a, b) => a.answeredAt - b.answeredAt)[0];
  return {
    errorsBefore: byStatus(before.filter((a) => !ok(a))),
    errorsAfter: byStatus(after.filter((a) => !ok(a))),
    acceptedAfter: after.filter(ok).length,
    slowestMs: Math.round(Math.max(...answers.map((a) => a.answeredAt - a.sentAt))),
    recoveredMs: firstAfter === undefined ? undefined : Math.round(firstAfter.answeredAt - at),
  };
}

for (const kind of LAYOUT_KINDS)
  describe(`a three-broker Kafka (${kind} layout)`, () => {
    let t: TestPipeline;
    beforeAll(async () => {
      // The previous layout's victim comes back first: each scenario starts with three.
      await cluster.startMissing?.(progress);
      t = await startTestPipeline({ kind, kafka: cluster, routingSales: "kafka" });
    }, 180_000);
    afterAll(() => t?.stop(), 60_000);

    test("one broker SIGKILLed under load: every answer 2xx, nothing lost, nothing counted twice", async () => {
      try {
        await killOneUnderLoad(t, kind);
      } catch (error) {
        console.error(t.output.slice(-40).join("\n"));
        throw error;
      }
    }, 120_000);
  });

describe("npm run chaos on a three-broker Kafka", () => {
  beforeAll(() => cluster.startMissing?.(progress), 180_000);

  test("the busiest leader SIGKILLed under load, weather routed to both brokers: every answer 2xx, each report counted once", async () => {
    const row = await runChaosScenario(
      { kafkaBroker: "leader" },
      { layout: "single", kafka: cluster },
    );
    console.log(JSON.stringify(row));
    expect(row.scenario).toMatch(/^SIGKILL Kafka broker \d of 3 \(leader of [1-9]\d*\/\d+\)/);
    expect(row.accepted).toBeGreaterThan(0);
    expect(row.rejected).toEqual({});
    expect({
      lost: row.lost,
      duplicated: row.duplicated,
      countedThoughRejected: row.countedThoughRejected,
    }).toEqual({
      lost: 0,
      duplicated: 0,
      countedThoughRejected: 0,
    });
  }, 120_000);
});

async function killOneUnderLoad(t: TestPipeline, kind: string): Promise<void> {
  const topic = t.layout.salesDestination;
  const oracle = new SalesOracle();
  const gate = progressGate();
  const answers: Answer[] = [];
  let killed: { nodeId: number; partitions: number; at: number } | undefined;
  const chaos = (async () => {
    await gate.at(TOTAL / 3);
    const victim = await busiestLeader(cluster, topic);
    const at = performance.now();
    await cluster.killBroker(victim.nodeId);
    killed = { ...victim, at };
  })();
  const [load] = await Promise.all([
    sendSales(t, oracle, {
      total: TOTAL,
      seed: 71,
      onProgress: gate.onProgress,
      onAnswer: (status, sentAt, answeredAt) => answers.push({ status, sentAt, answeredAt }),
    }),
    chaos,
  ]);
  const victim = killed;
  if (victim === undefined) throw new Error("the broker was not killed");
  const around = aroundKill(answers, victim.at);
  console.log(
    `${kind} layout: broker ${victim.nodeId} (leader of ${victim.partitions}/6 partitions) SIGKILLed after ${TOTAL / 3} answers; ` +
      `answers ${JSON.stringify(Object.fromEntries(load.statuses))} in ${(load.elapsedMs / 1000).toFixed(1)} s; ` +
      `${JSON.stringify(around)}`,
  );
  const [after] = (await cluster.metadata([topic])).topics;
  // Every partition on all three brokers, and the kill did move leadership: the survivors
  // lead every partition.
  expect(after?.partitions.map((p) => p.replicas.length)).toEqual([3, 3, 3, 3, 3, 3]);
  expect(after?.partitions.filter((p) => p.leader === victim.nodeId)).toEqual([]);
  expect(around.acceptedAfter).toBeGreaterThan(0);
  await expectSalesExact(t, oracle, { timeoutMs: 60_000 });
  expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
}
