import { afterEach, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import { envelopes, Harness, local, outcome, recorder } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

test("with holdUnroutableMs a batch that finds no stream waits for one: a server that comes meanwhile takes every event, in order", async () => {
  const port = await h.closedPort();
  const client = h.client({
    targets: [local(port)],
    holdUnroutableMs: 5000,
    reconnectInitialMs: 20,
    reconnectMaxMs: 100,
  });
  const sent = [envelopes(3), envelopes(5), envelopes(2)];
  const submits = sent.map((batch) => outcome(client.submitMany(batch)));
  await Bun.sleep(300);
  expect(client.stats().batchesHeld).toBeGreaterThan(0);

  const seen = recorder();
  await h.server({ handler: seen.handler, port });
  expect(await Promise.all(submits)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  const ids = seen.batches.flatMap((b) => b.events.map((e) => e.id));
  expect(ids).toEqual(sent.flat().map((e) => e.id));
  expect(client.stats().batchesUnroutable).toBe(0);
});

test("a held batch is refused as not written once its hold is over", async () => {
  const client = h.client({ targets: [local(await h.closedPort())], holdUnroutableMs: 300 });
  const started = performance.now();
  const result = await outcome(client.submitMany(envelopes(4)));
  const waited = performance.now() - started;
  expect(result.ok).toBe(false);
  const error = (result as { error: RafagaError }).error;
  expect(error).toBeInstanceOf(RafagaError);
  expect(error.code).toBe("BROKER_UNAVAILABLE");
  expect(error.notWritten).toBe(true);
  expect(waited).toBeGreaterThanOrEqual(290);
  expect(waited).toBeLessThan(3000);
  expect(client.stats().batchesUnroutable).toBe(1);
});

test("without a hold a batch that finds no stream is refused at once", async () => {
  const client = h.client({ targets: [local(await h.closedPort())] });
  const started = performance.now();
  const result = await outcome(client.submitMany(envelopes(4)));
  expect(result.ok).toBe(false);
  expect(performance.now() - started).toBeLessThan(250);
  expect(client.stats().batchesHeld).toBe(0);
});

test("a server that is connected but accepts nothing is not waited for: its batches are refused at once", async () => {
  let accepting = true;
  const seen = recorder();
  const server = await h.server({
    handler: seen.handler,
    ready: () => accepting,
    accepting: () => accepting,
  });
  const client = h.client({ targets: [local(server.port)], holdUnroutableMs: 10_000 });
  await client.waitForReady(2000);
  accepting = false;
  while (client.isAccepting()) await Bun.sleep(20);

  const started = performance.now();
  const result = await outcome(client.submitMany(envelopes(6)));
  expect(performance.now() - started).toBeLessThan(250);
  expect(result.ok).toBe(false);
  expect((result as { error: RafagaError }).error.notWritten).toBe(true);
  expect(seen.events()).toBe(0);

  accepting = true;
  while (!client.isAccepting()) await Bun.sleep(20);
  expect(await outcome(client.submitMany(envelopes(2)))).toEqual({ ok: true });
});

test("close refuses what is still held, within its timeout", async () => {
  const client = h.client({
    targets: [local(await h.closedPort())],
    holdUnroutableMs: 60_000,
    closeTimeoutMs: 200,
  });
  const submitted = outcome(client.submitMany(envelopes(3)));
  await Bun.sleep(50);
  const started = performance.now();
  await client.close();
  expect(performance.now() - started).toBeLessThan(3000);
  const result = await submitted;
  expect(result.ok).toBe(false);
  expect((result as { error: RafagaError }).error.notWritten).toBe(true);
});
