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

/** Submits small batches every millisecond until stopped; every outcome is kept. */
function steadyLoad(client: ReturnType<Harness["client"]>) {
  const results: Promise<Awaited<ReturnType<typeof outcome>>>[] = [];
  const sent: string[] = [];
  const timer = setInterval(() => {
    const batch = envelopes(3);
    sent.push(...batch.map((e) => e.id));
    results.push(outcome(client.submitMany(batch)));
  }, 1);
  return {
    sent,
    stop: async () => {
      clearInterval(timer);
      return Promise.all(results);
    },
  };
}

const idsOf = (rec: ReturnType<typeof recorder>) =>
  rec.batches.flatMap((b) => b.events.map((e) => e.id));

test("a server closing under load: what it did not take goes to the other server, and every event is handled once", async () => {
  const a = recorder(() => 20);
  const b = recorder(() => 20);
  const serverA = await h.server({ handler: a.handler });
  const serverB = await h.server({ handler: b.handler });
  const client = h.client({ targets: [local(serverA.port), local(serverB.port)] });
  await client.waitForReady(2000);
  while (!client.isReady() || client.stats().liveStreams < 4) await Bun.sleep(5);
  const load = steadyLoad(client);
  await Bun.sleep(200);
  await serverA.close();
  await Bun.sleep(200);
  const results = await load.stop();

  expect(results.filter((r) => !r.ok)).toEqual([]);
  const handled = [...idsOf(a), ...idsOf(b)];
  expect(handled.length).toBe(new Set(handled).size);
  expect(new Set(handled)).toEqual(new Set(load.sent));
  // The race this is about happened: batches reached A while it was closing.
  expect(client.stats().batchesUntaken).toBeGreaterThan(0);
});

test("a server restarted gracefully under load: with holdUnroutableMs its clients get no error, and each event is handled once", async () => {
  const before = recorder(() => 20);
  const first = await h.server({ handler: before.handler });
  const client = h.client({
    targets: [local(first.port)],
    holdUnroutableMs: 5000,
    reconnectInitialMs: 20,
    reconnectMaxMs: 100,
  });
  await client.waitForReady(2000);
  const load = steadyLoad(client);
  await Bun.sleep(200);
  await first.close();
  const after = recorder();
  await h.server({ handler: after.handler, port: first.port });
  await Bun.sleep(300);
  const results = await load.stop();

  expect(results.filter((r) => !r.ok)).toEqual([]);
  const handled = [...idsOf(before), ...idsOf(after)];
  expect(handled.length).toBe(new Set(handled).size);
  expect(handled.length).toBe(load.sent.length);
  expect(client.stats().batchesUntaken).toBeGreaterThan(0);
});
