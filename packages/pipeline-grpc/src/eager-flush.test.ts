import { afterEach, expect, test } from "bun:test";
import type { EnvelopeBatch } from "@rafaga/core";
import { envelope, envelopes, Harness, local } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

// A linger far beyond the test timeout: a batch that waited for it would fail the test.
const FOREVER_MS = 600_000;

/** A handler whose batches wait until the test releases them. */
function gate() {
  const batches: EnvelopeBatch[] = [];
  const waiting: (() => void)[] = [];
  const handler = (batch: EnvelopeBatch) => {
    batches.push(batch);
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  const releaseAll = () => {
    for (const release of waiting.splice(0)) release();
  };
  return { batches, handler, releaseAll };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("an idle client sends at once, without waiting for the linger", async () => {
  const server = await h.server({ handler: async () => {} });
  const client = h.client({ targets: [local(server.port)], lingerMs: FOREVER_MS });
  await client.waitForReady(2000);
  for (let i = 0; i < 3; i++) await client.submit(envelope());
  expect(client.stats().batchesOk).toBe(3);
});

test("past the eager window, events queue while acks are awaited and leave together on the next ack", async () => {
  const g = gate();
  const server = await h.server({ handler: g.handler });
  const client = h.client({
    targets: [local(server.port)],
    lingerMs: FOREVER_MS,
    eagerBatches: 1,
  });
  await client.waitForReady(2000);
  const first = client.submit(envelope());
  while (g.batches.length < 1) await tick();
  // Each in its own tick, as separate HTTP requests would arrive.
  const rest: Promise<void>[] = [];
  for (const e of envelopes(5)) {
    rest.push(client.submit(e));
    await tick();
  }
  expect(g.batches).toHaveLength(1);
  g.releaseAll();
  await first;
  while (g.batches.length < 2) await tick();
  g.releaseAll();
  await Promise.all(rest);
  expect(g.batches.map((b) => b.events.length)).toEqual([1, 5]);
});

test("eagerBatches 0 keeps every batch waiting for the linger", async () => {
  const g = gate();
  const server = await h.server({ handler: g.handler });
  const client = h.client({ targets: [local(server.port)], lingerMs: 200, eagerBatches: 0 });
  await client.waitForReady(2000);
  const sent = Promise.all(envelopes(3).map((e) => client.submit(e)));
  for (let i = 0; i < 5; i++) await tick();
  expect(g.batches).toHaveLength(0);
  while (g.batches.length < 1) await tick();
  g.releaseAll();
  await sent;
  expect(g.batches.map((b) => b.events.length)).toEqual([3]);
});
