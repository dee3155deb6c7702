import { afterEach, expect, test } from "bun:test";
import { Client, credentials } from "@grpc/grpc-js";
import { healthService, isServingResponse } from "./health.ts";
import { envelope, envelopes, Harness, local, recorder } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

test("a submitted event reaches the handler intact and resolves on its ack", async () => {
  const rec = recorder();
  const server = await h.server({ handler: rec.handler });
  const client = h.client({ targets: [local(server.port)] });
  await client.waitForReady(2000);
  const sent = envelope();
  await client.submit(sent);
  expect(rec.batches).toHaveLength(1);
  const got = rec.batches[0]?.events[0];
  expect(got?.id).toBe(sent.id);
  expect(got?.domain).toBe(sent.domain);
  expect(got?.ingestTsUs).toBe(sent.ingestTsUs);
  expect([...(got?.payload ?? [])]).toEqual([...sent.payload]);
});

test("submits within the linger window travel in few batches", async () => {
  const rec = recorder();
  const server = await h.server({ handler: rec.handler });
  const client = h.client({ targets: [local(server.port)], lingerMs: 20, streamsPerTarget: 1 });
  await client.waitForReady(2000);
  await Promise.all(envelopes(200).map((e) => client.submit(e)));
  expect(rec.events()).toBe(200);
  expect(rec.batches.length).toBeLessThanOrEqual(2);
});

test("no batch exceeds maxBatch and a large submitMany spans several batches", async () => {
  const rec = recorder();
  const server = await h.server({ handler: rec.handler });
  const client = h.client({ targets: [local(server.port)], maxBatch: 64, lingerMs: 50 });
  await client.waitForReady(2000);
  const sent = envelopes(1000);
  await client.submitMany(sent);
  expect(rec.events()).toBe(1000);
  expect(Math.max(...rec.batches.map((b) => b.events.length))).toBeLessThanOrEqual(64);
  expect(rec.batches.length).toBeGreaterThanOrEqual(Math.ceil(1000 / 64));
  const ids = new Set(rec.batches.flatMap((b) => b.events.map((e) => e.id)));
  expect(ids.size).toBe(1000);
});

test("acks that come back out of order settle the right submitters", async () => {
  const finished = new Set<string>();
  const server = await h.server({
    maxConcurrentBatches: 1000,
    handler: async (batch) => {
      await Bun.sleep(Math.random() * 30);
      for (const e of batch.events) finished.add(e.id);
    },
  });
  const client = h.client({
    targets: [local(server.port)],
    maxBatch: 1,
    lingerMs: 0,
    streamsPerTarget: 1,
  });
  await client.waitForReady(2000);
  const sent = envelopes(100);
  const resolvedOrder: string[] = [];
  const early: string[] = [];
  await Promise.all(
    sent.map((e) =>
      client.submit(e).then(() => {
        // A mismatched ack would resolve a submitter whose own batch is still running.
        if (!finished.has(e.id)) early.push(e.id);
        resolvedOrder.push(e.id);
      }),
    ),
  );
  expect(early).toEqual([]);
  expect(resolvedOrder).toHaveLength(100);
  // The acks really were reordered, or this test would prove nothing.
  expect(resolvedOrder).not.toEqual(sent.map((e) => e.id));
});

test("the gRPC health check answers SERVING until close", async () => {
  const server = await h.server({ handler: async () => {} });
  const raw = new Client(local(server.port), credentials.createInsecure());
  const check = () =>
    new Promise<Buffer>((resolve, reject) =>
      raw.makeUnaryRequest(
        healthService.check.path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (error, value) => (error || !value ? reject(error) : resolve(value)),
      ),
    );
  expect(isServingResponse(await check())).toBe(true);
  expect(server.isServing()).toBe(true);
  raw.close();
  await server.close();
  expect(server.isServing()).toBe(false);
});
