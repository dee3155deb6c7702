import { afterEach, expect, test } from "bun:test";
import type { RafagaError } from "@rafaga/core";
import { envelope, envelopes, Harness, local, outcome, recorder } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

/** Resolves to "hung" if the promise does not settle in time, so a hang fails instead of stalling. */
const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, Bun.sleep(ms).then(() => "hung" as const)]);

test("client close under load flushes, waits for acks, and settles every submit", async () => {
  const rec = recorder(() => 5 + Math.random() * 20);
  const server = await h.server({ handler: rec.handler, maxConcurrentBatches: 1000 });
  const client = h.client({ targets: [local(server.port)], maxBatch: 50, lingerMs: 5 });
  await client.waitForReady(2000);
  const submits: Promise<unknown>[] = [];
  for (let round = 0; round < 20; round++) {
    for (const e of envelopes(100)) submits.push(outcome(client.submit(e)));
    await Bun.sleep(1);
  }
  const started = performance.now();
  expect(await within(client.close(), 5000)).not.toBe("hung");
  expect(performance.now() - started).toBeLessThan(3000);
  const results = (await within(Promise.all(submits), 100)) as { ok: boolean }[];
  expect(results).not.toBe("hung");
  // Everything queued before close was delivered: close flushes rather than drops.
  expect(results.every((r) => r.ok)).toBe(true);
  expect(rec.events()).toBe(2000);
  const after = await outcome(client.submit(envelope()));
  expect(after.ok).toBe(false);
  expect((after as { error: RafagaError }).error.code).toBe("CLOSED");
  expect(client.stats().liveStreams).toBe(0);
  await client.close(); // idempotent
});

test("client close past its timeout rejects what is still unacked (CLOSED) instead of hanging", async () => {
  const server = await h.server({ handler: () => new Promise(() => {}), closeTimeoutMs: 100 });
  const client = h.client({ targets: [local(server.port)], closeTimeoutMs: 200 });
  await client.waitForReady(2000);
  const pending = outcome(client.submitMany(envelopes(20)));
  await Bun.sleep(20);
  expect(await within(client.close(), 3000)).not.toBe("hung");
  const result = await within(pending, 100);
  expect(result).not.toBe("hung");
  expect((result as { ok: boolean }).ok).toBe(false);
  expect(((result as { error: RafagaError }).error as RafagaError).code).toBe("CLOSED");
});

test("server close lets in-flight batches finish and their acks reach the client", async () => {
  const rec = recorder(() => 100);
  const server = await h.server({ handler: rec.handler });
  const client = h.client({ targets: [local(server.port)], maxBatch: 10 });
  await client.waitForReady(2000);
  const submits = envelopes(50).map((e) => outcome(client.submit(e)));
  await Bun.sleep(30);
  const closing = server.close();
  expect(server.isServing()).toBe(false);
  expect(await within(closing, 3000)).not.toBe("hung");
  const results = await Promise.all(submits);
  expect(results.every((r) => r.ok)).toBe(true);
  expect(rec.events()).toBe(50);
  await server.close(); // idempotent
});
