import { expect, test } from "bun:test";
import { EventBatcher } from "./event-batcher.ts";
import type { Envelope } from "./pipeline-codec.ts";
import { RafagaError } from "./rafaga-error.ts";

let seq = 0;
const envelope = (): Envelope => ({
  id: `ev-${++seq}`,
  domain: 2,
  ingestTsUs: Date.now() * 1000,
  payload: new Uint8Array([8, 1]),
});
const tick = () => new Promise((resolve) => setImmediate(resolve));
// A linger far beyond the test timeout: a batch that waited for it would fail the test.
const FOREVER_MS = 600_000;

/** A writer whose batches wait until the test settles them. */
function gate() {
  const batches: Envelope[][] = [];
  const pending: { resolve(): void; reject(e: Error): void }[] = [];
  const write = (events: Envelope[]) => {
    batches.push(events);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    batches,
    write,
    release: () => {
      for (const p of pending.splice(0)) p.resolve();
    },
    fail: (error: Error) => {
      for (const p of pending.splice(0)) p.reject(error);
    },
  };
}

test("submits of one tick share a batch, and an idle batcher does not linger", async () => {
  const g = gate();
  const batcher = new EventBatcher(g.write, { lingerMs: FOREVER_MS, eagerBatches: 1 });
  const done = [batcher.submitMany([envelope()]), batcher.submitMany([envelope(), envelope()])];
  await tick();
  expect(g.batches.map((b) => b.length)).toEqual([3]);
  g.release();
  await Promise.all(done);
});

test("past the eager window, what arrives leaves together on the next write's end", async () => {
  const g = gate();
  const batcher = new EventBatcher(g.write, { lingerMs: FOREVER_MS, eagerBatches: 1 });
  const first = batcher.submitMany([envelope()]);
  await tick();
  const rest: Promise<void>[] = [];
  for (let i = 0; i < 5; i++) {
    rest.push(batcher.submitMany([envelope()]));
    await tick();
  }
  expect(g.batches).toHaveLength(1);
  g.release();
  await first;
  while (g.batches.length < 2) await tick();
  expect(g.batches[1]).toHaveLength(5);
  g.release();
  await Promise.all(rest);
});

test("a submit larger than maxBatch spans batches and resolves only when all are written", async () => {
  const g = gate();
  const batcher = new EventBatcher(g.write, { maxBatch: 4, eagerBatches: 8 });
  let resolved = false;
  const done = batcher.submitMany(Array.from({ length: 10 }, envelope)).then(() => {
    resolved = true;
  });
  await tick();
  expect(g.batches.map((b) => b.length)).toEqual([4, 4, 2]);
  g.release();
  await done;
  expect(resolved).toBe(true);
});

test("a failed write rejects every submit in the batch with its error", async () => {
  const g = gate();
  const batcher = new EventBatcher(g.write, { eagerBatches: 1 });
  const a = batcher.submitMany([envelope()]);
  const b = batcher.submitMany([envelope()]);
  await tick();
  const error = new RafagaError("BROKER_UNAVAILABLE", "kafka down", { retryAfter: 1 });
  g.fail(error);
  const outcomes = await Promise.allSettled([a, b]);
  expect(outcomes).toEqual([
    { status: "rejected", reason: error },
    { status: "rejected", reason: error },
  ]);
});

test("close writes what is queued, waits for it, then refuses new submits", async () => {
  const written: number[] = [];
  const batcher = new EventBatcher(
    async (events) => {
      await Bun.sleep(20);
      written.push(events.length);
    },
    { lingerMs: FOREVER_MS, eagerBatches: 1 },
  );
  const first = batcher.submitMany([envelope()]);
  await tick();
  const queued = batcher.submitMany([envelope(), envelope()]);
  await batcher.close();
  await Promise.all([first, queued]);
  expect(written).toEqual([1, 2]);
  await expect(batcher.submitMany([envelope()])).rejects.toThrow("closing");
  await batcher.close();
}, 10_000);
