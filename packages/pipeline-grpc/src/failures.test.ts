import { afterEach, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import { envelope, envelopes, Harness, local, outcome } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

function expectRafaga(result: Awaited<ReturnType<typeof outcome>>, code: string): RafagaError {
  expect(result.ok).toBe(false);
  const error = (result as { error: unknown }).error;
  expect(error).toBeInstanceOf(RafagaError);
  expect((error as RafagaError).code).toBe(code as RafagaError["code"]);
  return error as RafagaError;
}

test("a handler error reaches the submitter with its code and retryAfter", async () => {
  const server = await h.server({
    handler: async () => {
      throw new RafagaError("BROKER_UNAVAILABLE", "kafka is down", { retryAfter: 7 });
    },
  });
  const client = h.client({ targets: [local(server.port)] });
  await client.waitForReady(2000);
  const error = expectRafaga(await outcome(client.submit(envelope())), "BROKER_UNAVAILABLE");
  expect(error.message).toBe("kafka is down");
  expect(error.retryAfter).toBe(7);
  expect(error.status).toBe(503);
});

test("an unexpected handler error is a 500, not a success", async () => {
  const server = await h.server({
    handler: () => {
      throw new TypeError("bug");
    },
  });
  const client = h.client({ targets: [local(server.port)] });
  await client.waitForReady(2000);
  const error = expectRafaga(await outcome(client.submit(envelope())), "INFRA");
  expect(error.status).toBe(500);
});

test("with the server down submit fails fast, and the client recovers when it is back", async () => {
  const port = await h.closedPort();
  const client = h.client({ targets: [local(port)], reconnectInitialMs: 20, reconnectMaxMs: 200 });
  const started = performance.now();
  const error = expectRafaga(await outcome(client.submit(envelope())), "BROKER_UNAVAILABLE");
  expect(performance.now() - started).toBeLessThan(1000);
  expect(error.message).toContain("UNAVAILABLE");
  expect(error.retryAfter).toBe(1);
  expect(client.isReady()).toBe(false);

  await h.server({ handler: async () => {}, port });
  await client.waitForReady(5000);
  await client.submit(envelope());
});

test("batches in flight on a stream that breaks are rejected, not left hanging", async () => {
  const server = await h.server({ handler: () => new Promise(() => {}), closeTimeoutMs: 100 });
  const client = h.client({ targets: [local(server.port)], ackTimeoutMs: 60_000 });
  await client.waitForReady(2000);
  const pending = outcome(client.submitMany(envelopes(10)));
  await Bun.sleep(50);
  await server.close();
  const error = expectRafaga(await pending, "BROKER_UNAVAILABLE");
  expect(error.retryAfter).toBe(1);
});

test("no ack within ackTimeoutMs rejects with TIMEOUT", async () => {
  const server = await h.server({ handler: () => new Promise(() => {}), closeTimeoutMs: 100 });
  const client = h.client({ targets: [local(server.port)], ackTimeoutMs: 200 });
  await client.waitForReady(2000);
  const started = performance.now();
  expectRafaga(await outcome(client.submit(envelope())), "TIMEOUT");
  expect(performance.now() - started).toBeLessThan(1000);
  expect(client.stats().timeouts).toBe(1);
});

test("a server past maxConcurrentBatches answers OVERLOADED with retryAfter 1", async () => {
  const server = await h.server({ handler: () => Bun.sleep(200), maxConcurrentBatches: 2 });
  const client = h.client({ targets: [local(server.port)], maxBatch: 1, lingerMs: 0 });
  await client.waitForReady(2000);
  const results = await Promise.all(envelopes(6).map((e) => outcome(client.submit(e))));
  expect(results.filter((r) => r.ok)).toHaveLength(2);
  for (const r of results.filter((r) => !r.ok)) {
    expect(expectRafaga(r, "OVERLOADED").retryAfter).toBe(1);
  }
});

test("a client past maxInFlightEvents refuses at once with OVERLOADED", async () => {
  const server = await h.server({ handler: () => Bun.sleep(100) });
  const client = h.client({ targets: [local(server.port)], maxInFlightEvents: 10 });
  await client.waitForReady(2000);
  const accepted = client.submitMany(envelopes(10));
  const error = expectRafaga(await outcome(client.submit(envelope())), "OVERLOADED");
  expect(error.retryAfter).toBe(1);
  expect(error.status).toBe(429);
  await accepted;
  await client.submit(envelope());
});

test("unknown options are refused", () => {
  expect(() => h.client({ targets: ["x:1"], lingerMS: 3 } as never)).toThrow(/lingerMS/);
  expect(() => h.client({ targets: [] })).toThrow(RafagaError);
});
