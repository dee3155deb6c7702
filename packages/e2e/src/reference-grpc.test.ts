import { afterEach, describe, expect, test } from "bun:test";
import { status } from "@grpc/grpc-js";
import {
  countMatrix,
  SalesOracle,
  salesWorkload,
  type WorkloadItem,
  weatherWorkload,
} from "@rafaga/domains";
import { ensureUp, killService, startService } from "@rafaga/infra";
import { violatedField } from "@rafaga/ingest";
import { LAYOUT_KINDS, settle } from "@rafaga/runner";
import { referenceClient, runGrpcClosedLoop } from "./reference-grpc-client.ts";
import { referenceGrpcSuite } from "./reference-grpc-suite.ts";
import { expectSalesExact } from "./sales-test-kit.ts";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

/*
 * The reference systems' gRPC services, served by rafaga and called by clients generated
 * from the reference teams' own .proto files (packages weathertweet and blackfriday).
 */

const weatherCalls = { single: 10_000, tiers: 2_000 } as const;

for (const kind of LAYOUT_KINDS)
  describe(`reference gRPC services, ${kind} layout`, () => {
    const { pipeline: served, address } = referenceGrpcSuite(kind);

    test("invalid calls get INVALID_ARGUMENT naming the field, and change nothing", async () => {
      const weather = referenceClient("weather", address());
      const sales = referenceClient("sales", address());
      const good = { municipality: "mixco", temperature: 20, humidity: 50, weather: "sunny" };
      const sale = {
        categoria: "Belleza",
        producto_id: "Labial-Matte",
        precio: 99.5,
        cantidad_vendida: 2,
      };
      const cases = [
        {
          call: () => weather.call({ ...good, municipality: "municipalities_unknown" }),
          field: "municipality",
        },
        { call: () => weather.call({ ...good, humidity: 150 }), field: "humidity" },
        { call: () => weather.call({ ...good, weather: 9 }), field: "weather" },
        { call: () => weather.call(good, { key: "has#hash" }), field: "idempotency-key" },
        { call: () => sales.call({ ...sale, categoria: "UNKNOWN" }), field: "categoria" },
        { call: () => sales.call({ ...sale, precio: 12.345 }), field: "precio" },
        { call: () => sales.call({ ...sale, producto_id: "" }), field: "producto_id" },
        { call: () => sales.call({ ...sale, cantidad_vendida: -1 }), field: "cantidad_vendida" },
      ];
      try {
        for (const c of cases) {
          const answer = await c.call();
          expect({ code: status[answer.code], field: answer.trailers["rafaga-field"] }).toEqual({
            code: "INVALID_ARGUMENT",
            field: c.field,
          });
          expect(violatedField(answer.statusDetails)).toBe(c.field);
          expect(answer.trailers["rafaga-counted"]).toBe("no");
        }
      } finally {
        weather.close();
        sales.close();
      }
      await Bun.sleep(500);
      expect(await served().weather.readCounts()).toEqual(countMatrix(new Map()));
    }, 60_000);

    test(`${weatherCalls[kind].toLocaleString("en")} SendTweet calls from 10 clients: OK for each, Valkey exact`, async () => {
      const total = weatherCalls[kind];
      const load = await runGrpcClosedLoop({
        service: "weather",
        address: address(),
        total,
        clients: 10,
        next: weatherWorkload(21),
      });
      expect(load.codes).toEqual({ OK: total });
      const tally = new Map<string, number>();
      for (const { item } of load.accepted)
        tally.set(item.tallyKey, (tally.get(item.tallyKey) ?? 0) + 1);
      const expected = countMatrix(tally);
      expect(await settle(() => served().weather.readCounts(), expected)).toEqual(expected);
      await Bun.sleep(1500);
      expect(await served().weather.readCounts()).toEqual(expected);
    }, 180_000);

    test("ProcesarVenta from 10 clients answers the reference's body; every sale counted once", async () => {
      const oracle = new SalesOracle();
      const load = await runGrpcClosedLoop({
        service: "sales",
        address: address(),
        total: weatherCalls[kind],
        clients: 10,
        next: salesWorkload(22),
      });
      expect(load.codes).toEqual({ OK: weatherCalls[kind] });
      for (const { item, id } of load.accepted) oracle.accept(item.body, id);
      await expectSalesExact(served(), oracle);
    }, 180_000);

    test("an idempotency-key in the call metadata: the same call twice counts once", async () => {
      const client = referenceClient("sales", address());
      const sale = { categoria: "Hogar", producto_id: "Sofa", precio: 1234.5, cantidad_vendida: 1 };
      const key = `grpc-${kind}-${Date.now()}`;
      try {
        const first = await client.call(sale, { key });
        const again = await client.call(sale, { key });
        expect([status[first.code], status[again.code]]).toEqual(["OK", "OK"]);
        expect(first.response).toEqual({ estado: "Procesado", exito: true });
        expect(again.trailers["rafaga-event-id"]).toBe(first.trailers["rafaga-event-id"]);
        const other = await client.call({ ...sale, cantidad_vendida: 2 }, { key });
        expect(status[other.code]).toBe("INVALID_ARGUMENT");
      } finally {
        client.close();
      }
    }, 60_000);
  });

describe("reference gRPC services while Kafka is down", () => {
  let t: TestPipeline | undefined;
  afterEach(async () => {
    await ensureUp();
    await t?.stop();
  }, 120_000);

  test("SIGKILLed Kafka: UNAVAILABLE while down, never OK; retried with their keys, every sale counts once", async () => {
    t = await startTestPipeline({ kind: "single", grpc: true, routingSales: "kafka" });
    const address = t.pipeline.grpcAddress as string;
    const oracle = new SalesOracle();
    const stop = new AbortController();
    const keyPrefix = `outage-${Date.now()}`;
    const probed: { item: WorkloadItem; key: string }[] = [];
    const run = runGrpcClosedLoop({
      service: "sales",
      address,
      total: 1_000_000,
      clients: 10,
      next: salesWorkload(23),
      signal: stop.signal,
      keyPrefix,
    });
    await Bun.sleep(700);
    await killService("kafka");
    const client = referenceClient("sales", address);
    const sale = {
      categoria: 2,
      producto_id: "Jeans-Levis",
      precio: 250,
      cantidad_vendida: 1,
    };
    try {
      // Probes are calls like the others: keyed, so that one answered "maybe" is retried.
      let probes = 0;
      const probe = async () => {
        const key = `${keyPrefix}-probe-${probes++}`;
        const answer = await client.call(sale, { key });
        const id = answer.trailers["rafaga-event-id"];
        if (answer.code === status.OK && id) oracle.accept(sale, id);
        else probed.push({ item: { body: sale, tallyKey: "Ropa" }, key });
        return answer;
      };
      const code = async () => status[(await probe()).code];
      expect(await settle(code, "UNAVAILABLE", 20_000)).toBe("UNAVAILABLE");
      const down = await probe();
      expect(status[down.code]).toBe("UNAVAILABLE");
      // Refused before any write: a retry, with or without a key, counts once.
      expect(down.trailers["rafaga-counted"]).toBe("no");
      expect(down.trailers["retry-after"]).toBe("1");
    } finally {
      client.close();
    }
    stop.abort();
    const during = await run;
    expect(during.codes.OK ?? 0).toBeGreaterThan(0);
    for (const code of Object.keys(during.codes))
      expect(["OK", "UNAVAILABLE", "RESOURCE_EXHAUSTED"]).toContain(code);
    for (const { item, id } of during.accepted) oracle.accept(item.body, id);

    await startService("kafka");
    // What the statuses tell a client to do: retry with the same key until OK. A "maybe"
    // (written before the broker died, ack lost) then counts once, not twice.
    const retrier = referenceClient("sales", address);
    try {
      for (const { item, key } of [...during.failed, ...probed]) {
        const retried = async () => {
          const answer = await retrier.call(item.body, { key: key as string });
          return answer.code === status.OK ? answer.trailers["rafaga-event-id"] : undefined;
        };
        const id = await settle(retried, `key:${key}`, 60_000);
        expect(id).toBe(`key:${key}`);
        oracle.accept(item.body, id as string);
      }
    } finally {
      retrier.close();
    }
    await expectSalesExact(t, oracle, { timeoutMs: 90_000 });
  }, 300_000);
});
