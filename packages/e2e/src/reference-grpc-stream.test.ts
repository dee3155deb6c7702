import { describe, expect, test } from "bun:test";
import { status } from "@grpc/grpc-js";
import { countMatrix, SalesOracle, salesWorkload, weatherWorkload } from "@rafaga/domains";
import { LAYOUT_KINDS, settle } from "@rafaga/runner";
import { streamClient } from "./reference-grpc-client.ts";
import { referenceGrpcSuite } from "./reference-grpc-suite.ts";
import { expectSalesExact, salesStoreFor } from "./sales-test-kit.ts";

/* The client-streaming variant of the reference services: many events per call. */

for (const kind of LAYOUT_KINDS)
  describe(`streaming gRPC ingest, ${kind} layout`, () => {
    const { pipeline: served, address } = referenceGrpcSuite(kind);

    test("a stream of 1,000 reports with 2 invalid: the 998 are counted, the 2 named by index and field", async () => {
      const client = streamClient("weather", address());
      const next = weatherWorkload(31);
      const items = Array.from({ length: 1000 }, (_, i) => next(i));
      const requests = items.map((item) => item.body as Record<string, unknown>);
      requests[10] = { ...requests[10], humidity: 101 };
      requests[500] = { ...requests[500], municipality: "municipalities_unknown" };
      try {
        const answer = await client.send(requests);
        expect(status[answer.code]).toBe("OK");
        expect([answer.summary?.accepted, answer.summary?.rejected]).toEqual([998, 2]);
        const refused = answer.summary?.results.filter((r) => !r.ok);
        expect(refused?.map((r) => [r.index, r.code, r.field])).toEqual([
          [10, "VALIDATION", "humidity"],
          [500, "VALIDATION", "municipality"],
        ]);
        const tally = new Map<string, number>();
        items.forEach((item, i) => {
          if (i !== 10 && i !== 500) tally.set(item.tallyKey, (tally.get(item.tallyKey) ?? 0) + 1);
        });
        const expected = countMatrix(tally);
        expect(await settle(() => served().weather.readCounts(), expected)).toEqual(expected);
      } finally {
        client.close();
      }
    }, 120_000);

    test("10 clients streaming 10,000 sales in calls of 500: every sale counted once", async () => {
      const oracle = new SalesOracle();
      const next = salesWorkload(32);
      let issued = 0;
      const codes: string[] = [];
      await Promise.all(
        Array.from({ length: 10 }, async (_, c) => {
          const client = streamClient("sales", address(), c);
          try {
            while (issued < 10_000) {
              const items = Array.from({ length: 500 }, () => next(issued++));
              const answer = await client.send(items.map((item) => item.body));
              codes.push(status[answer.code] as string);
              answer.summary?.results.forEach((r, i) => {
                if (r.ok) oracle.accept((items[i] as { body: Record<string, unknown> }).body, r.id);
              });
            }
          } finally {
            client.close();
          }
        }),
      );
      expect(codes).toEqual(Array(20).fill("OK"));
      expect(oracle.sales.size).toBe(10_000);
      await expectSalesExact(served(), oracle);
    }, 180_000);

    test("a keyed stream sent twice counts once; the same key with other events is refused", async () => {
      const client = streamClient("sales", address());
      const next = salesWorkload(33);
      const bodies = Array.from({ length: 50 }, (_, i) => next(i).body);
      const key = `stream-${kind}-${Date.now()}`;
      const store = salesStoreFor(served());
      const total = async () => (await store.readAggregates()).totalSales;
      try {
        const before = await total();
        const first = await client.send(bodies, { key });
        const again = await client.send(bodies, { key });
        expect([status[first.code], status[again.code]]).toEqual(["OK", "OK"]);
        expect(again.summary?.results.map((r) => r.id)).toEqual(
          first.summary?.results.map((r) => r.id),
        );
        expect(first.summary?.results[7]?.id).toBe(`key:${key}#7`);
        expect(await settle(total, before + 50)).toBe(before + 50);
        await Bun.sleep(1500);
        expect(await total()).toBe(before + 50);
        const other = await client.send(bodies.slice(1), { key });
        expect(status[other.code]).toBe("INVALID_ARGUMENT");
        const none = await client.send([{ ...bodies[0], categoria: "UNKNOWN" }]);
        expect([status[none.code], none.trailers["rafaga-field"]]).toEqual([
          "INVALID_ARGUMENT",
          "categoria",
        ]);
      } finally {
        client.close();
      }
    }, 60_000);
  });
