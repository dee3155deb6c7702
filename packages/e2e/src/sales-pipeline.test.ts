import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SalesOracle } from "@rafaga/domains";
import { isHealthy, killService } from "@rafaga/infra";
import { INVALID_CASES, VALID_SALE } from "./sales-invalid-cases.ts";
import { expectSalesExact, progressGate, saleMarkers, sendSales } from "./sales-test-kit.ts";
import { restartValkey } from "./sales-valkey-restart.ts";
import { startTestPipeline, type TestPipeline, type TestPipelineOptions } from "./test-pipeline.ts";

// Sized for a 2-core machine shared with other suites: each scenario a few seconds of load.
const TOTAL = 4000;

/** One pipeline per scenario (fresh topics, groups, key prefix); its output shown on failure. */
function scenario(
  name: string,
  options: TestPipelineOptions,
  body: (t: TestPipeline) => Promise<void>,
  timeoutMs = 150_000,
) {
  describe(name, () => {
    let t: TestPipeline;
    beforeAll(async () => {
      t = await startTestPipeline(options);
    }, 120_000);
    afterAll(async () => {
      await t?.stop();
    }, 60_000);
    test(
      "Valkey equals the oracle of the accepted sales",
      async () => {
        try {
          await body(t);
        } catch (error) {
          console.error(t.output.slice(-30).join("\n"));
          throw error;
        }
      },
      timeoutMs,
    );
  });
}

for (const kafkaConsumers of [1, 2, 4]) {
  scenario(`sales pipeline, ${kafkaConsumers} Kafka consumer(s)`, { kafkaConsumers }, async (t) => {
    const oracle = new SalesOracle();
    const load = await sendSales(t, oracle, { total: TOTAL, seed: kafkaConsumers });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
    await expectSalesExact(t, oracle);
  });
}

// The librdkafka consumers (KAFKA_CLIENT=rdkafka, under Node) keep the same guarantees.
scenario(
  "sales pipeline, the Kafka writer and 2 Kafka consumers on librdkafka (Node)",
  { kafkaConsumers: 2, kafkaConsumerClient: "rdkafka", kafkaWriterClient: "rdkafka" },
  async (t) => {
    const oracle = new SalesOracle();
    const load = await sendSales(t, oracle, { total: TOTAL, seed: 7 });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
    expect(
      t.pipeline.tiers.find((tier) => tier.spec.name === "consumer-kafka-1")?.spec.command[0],
    ).toBe("node");
    await expectSalesExact(t, oracle);
  },
);

// The single-machine layout: ingest, router and writers in one process, same guarantees.
for (const routingSales of ["kafka", "both"] as const) {
  scenario(
    `sales pipeline, single-process edge, routing ${routingSales}`,
    { kind: "single", routingSales, kafkaConsumers: 2 },
    async (t) => {
      const oracle = new SalesOracle();
      const load = await sendSales(t, oracle, { total: TOTAL, seed: 61 });
      expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
      expect(t.pipeline.tiers.map((tier) => tier.spec.name)).toContain("edge");
      await expectSalesExact(t, oracle);
      // Sent to Kafka alone, a sale is deduplicated by its offset; sent to both brokers, or
      // with an Idempotency-Key, by its id marker (it can arrive as another record).
      expect(await saleMarkers(t)).toBe(routingSales === "both" ? TOTAL : 0);
      const keyed = await t.post("/purchase", VALID_SALE, { "idempotency-key": `k-${TOTAL}` });
      expect(keyed.status).toBe(202);
      oracle.accept(VALID_SALE, ((await keyed.json()) as { id: string }).id);
      await expectSalesExact(t, oracle);
      expect(await saleMarkers(t)).toBe(routingSales === "both" ? TOTAL + 1 : 1);
    },
  );
}

scenario("sales pipeline, first product seen per category", {}, async (t) => {
  // One sale per category, applied before the load: the only candidate to be monitored.
  const oracle = new SalesOracle();
  const first = {
    Electronica: "Laptop-HP",
    Ropa: "Vestido-Gala",
    Hogar: "Sofa",
    Belleza: "Base-Liquida",
  };
  for (const [i, product] of Object.values(first).entries()) {
    const body = { categoria: i + 1, producto_id: product, precio: 100.1, cantidad_vendida: 1 };
    const response = await t.post("/purchase", body);
    expect(response.status).toBe(202);
    oracle.accept(body, ((await response.json()) as { id: string }).id);
  }
  await expectSalesExact(t, oracle, { monitored: first });
  const load = await sendSales(t, oracle, { total: TOTAL, seed: 11 });
  expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
  // One batch request pushes the monitored Sofa past the stream's 1000-entry cap.
  const sofas = Array.from({ length: 1500 }, (_, i) => ({
    categoria: 3,
    producto_id: "Sofa",
    precio: (30_000 + i * 7) / 100,
    cantidad_vendida: 1,
  }));
  const batch = await t.post("/purchase", sofas);
  const summary = (await batch.json()) as { accepted: number; results: { id: string }[] };
  expect({ status: batch.status, accepted: summary.accepted }).toEqual({
    status: 202,
    accepted: 1500,
  });
  for (const [i, body] of sofas.entries())
    oracle.accept(body, (summary.results[i] as { id: string }).id);
  await expectSalesExact(t, oracle, { monitored: first });
});

scenario("sales pipeline, a Kafka consumer SIGKILLed mid-run", { kafkaConsumers: 2 }, async (t) => {
  const oracle = new SalesOracle();
  const gate = progressGate();
  const chaos = (async () => {
    await gate.at(TOTAL / 4);
    await t.pipeline.kill("consumer-kafka-1");
    await gate.at((TOTAL * 3) / 4);
    await t.pipeline.restart("consumer-kafka-1");
  })();
  const [load] = await Promise.all([
    sendSales(t, oracle, { total: TOTAL, seed: 21, onProgress: gate.onProgress }),
    chaos,
  ]);
  expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
  // The survivor takes the partitions only after the broker's session timeout.
  await expectSalesExact(t, oracle, { timeoutMs: 90_000 });
});

scenario(
  "sales pipeline, Valkey killed and restarted mid-run",
  { kafkaConsumers: 2 },
  async (t) => {
    const oracle = new SalesOracle();
    const gate = progressGate();
    let answeredDuringOutage = 0;
    const chaos = (async () => {
      await gate.at(TOTAL / 3);
      try {
        await killService("valkey");
        expect(await isHealthy("valkey")).toBe(false);
        const before = gate.done();
        await Bun.sleep(1000);
        answeredDuringOutage = gate.done() - before;
      } finally {
        await restartValkey();
      }
    })();
    const [load] = await Promise.all([
      sendSales(t, oracle, { total: TOTAL, seed: 31, onProgress: gate.onProgress }),
      chaos,
    ]);
    // Ingest does not touch Valkey: every sale is acknowledged; the consumers retry.
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
    // Sales acknowledged while Valkey was down could only be applied after it came back.
    expect(answeredDuringOutage).toBeGreaterThan(0);
    await expectSalesExact(t, oracle, { timeoutMs: 90_000 });
  },
);

scenario(
  "sales pipeline, routed to RabbitMQ",
  { routingSales: "rabbitmq", rabbitConsumers: 2 },
  async (t) => {
    const oracle = new SalesOracle();
    const load = await sendSales(t, oracle, { total: TOTAL, seed: 41 });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
    await expectSalesExact(t, oracle);
  },
);

const rejection = (code: string, field?: string) => ({
  estado: expect.any(String),
  exito: false,
  error: expect.any(String),
  code,
  ...(field === undefined ? {} : { field }),
  counted: "no",
});

scenario("sales pipeline, invalid sales", {}, async (t) => {
  for (const c of INVALID_CASES) {
    const response = await t.post("/purchase", c.body, c.headers);
    const got = { case: c.name, status: response.status, body: await response.json() };
    expect(got).toEqual({ case: c.name, status: c.status, body: rejection(c.code, c.field) });
  }
  const get = await fetch(`${t.pipeline.ingestUrl}/purchase`);
  expect(get.status).toBe(405);
  expect(get.headers.get("allow")).toBe("POST");
  expect(await get.json()).toEqual(rejection("METHOD_NOT_ALLOWED"));

  // Valid sales at the edges of each rule, so a validation that is too strict fails here.
  const oracle = new SalesOracle();
  const accept = async (body: Record<string, unknown>, headers?: Record<string, string>) => {
    const response = await t.post("/purchase", body, headers);
    const json = (await response.json()) as Record<string, unknown> & { id: string };
    expect({ status: response.status, json }).toEqual({
      status: 202,
      json: { estado: "Procesado", exito: true, id: expect.any(String) },
    });
    oracle.accept(body, json.id);
    return json.id;
  };
  await accept(VALID_SALE);
  const longId = "Az09._-".repeat(10).slice(0, 64);
  await accept({ categoria: 1, producto_id: longId, precio: 0.01, cantidad_vendida: 10_000 });
  await accept({ categoria: 3, producto_id: "Sofa", precio: 250, cantidad_vendida: 1 });
  await accept({ categoria: 3, producto_id: "Sofa", precio: 12.5, cantidad_vendida: 1 });
  // A client retrying with its Idempotency-Key gets the same id, and the sale counts once.
  const key = { "idempotency-key": `retry-${crypto.randomUUID()}` };
  const retried = { categoria: 2, producto_id: "Jeans-Levis", precio: 399.99, cantidad_vendida: 2 };
  expect(await accept(retried, key)).toBe(await accept(retried, key));

  // A batch keeps its valid items and names the bad ones.
  const batchValid = { categoria: 2, producto_id: "Camisa-Polo", precio: 150, cantidad_vendida: 3 };
  const batch = await t.post("/purchase", [batchValid, { ...batchValid, precio: -1 }]);
  const summary = (await batch.json()) as Record<string, unknown> & {
    results: Record<string, unknown>[];
  };
  expect({ status: batch.status, summary }).toEqual({
    status: 202,
    summary: {
      accepted: 1,
      rejected: 1,
      results: [
        { estado: "Procesado", exito: true, id: expect.any(String) },
        { index: 1, ...rejection("VALIDATION", "precio") },
      ],
    },
  });
  oracle.accept(batchValid, summary.results[0]?.id as string);

  await expectSalesExact(t, oracle);
});

// Every sale arrives twice, once per broker: only the dedup by event id keeps it exact.
scenario(
  "sales pipeline, routed to both brokers",
  { routingSales: "both", kafkaConsumers: 2 },
  async (t) => {
    const oracle = new SalesOracle();
    const load = await sendSales(t, oracle, { total: TOTAL, seed: 51 });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: TOTAL });
    await expectSalesExact(t, oracle);
  },
);
