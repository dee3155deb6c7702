import { afterEach, expect, test } from "bun:test";
import { Client, credentials, status } from "@grpc/grpc-js";
import {
  ACCEPTING,
  healthRequest,
  healthService,
  isServingResponse,
  WHOLE_PATH,
} from "./health.ts";
import { envelopes, Harness, local, recorder } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

test("a server that cannot pass batches on yet keeps its clients not ready; load sent the moment they are ready all succeeds", async () => {
  let downstreamReady = false;
  const seen = recorder();
  const server = await h.server({
    handler: async (batch) => {
      if (!downstreamReady) throw new Error("taken before the server was ready");
      await seen.handler(batch);
    },
    ready: () => downstreamReady,
  });
  const client = h.client({ targets: [local(server.port)] });
  await Bun.sleep(300); // streams open, but the server holds their headers back
  expect(client.isReady()).toBe(false);

  setTimeout(() => {
    downstreamReady = true;
  }, 100);
  while (!client.isReady()) await Bun.sleep(1);
  // In the same millisecond that readiness turned true.
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, () => client.submitMany(envelopes(4))),
  );
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(seen.events()).toBe(200);
});

test("a server that can pass some batches on is sent them, and its clients stay not ready until it can pass every one", async () => {
  let wholePath = false;
  const seen = recorder();
  const server = await h.server({
    handler: seen.handler,
    ready: () => wholePath,
    accepting: () => true,
  });
  const client = h.client({ targets: [local(server.port)] });
  // Never ready, not even between a stream's headers and the first health answer.
  let readySeen = false;
  const watch = setInterval(() => {
    readySeen ||= client.isReady();
  }, 0);
  while (!client.isAccepting()) await Bun.sleep(0);
  readySeen ||= client.isReady();
  await Bun.sleep(50);
  clearInterval(watch);
  expect(readySeen).toBe(false);
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => client.submitMany(envelopes(3))),
  );
  expect(results.filter((r) => r.status === "rejected")).toEqual([]);
  expect(seen.events()).toBe(30);

  wholePath = true;
  const since = performance.now();
  while (!client.isReady() && performance.now() - since < 3000) await Bun.sleep(5);
  expect(client.isReady()).toBe(true);
  await client.waitForReady(10);
});

test("the health check answers the whole path for service '' and accepting for the Pipeline service", async () => {
  let wholePath = false;
  let accepting = true;
  const server = await h.server({
    handler: async () => {},
    ready: () => wholePath,
    accepting: () => accepting,
  });
  const raw = new Client(local(server.port), credentials.createInsecure());
  const check = (service: string) =>
    new Promise<string>((resolve) =>
      raw.makeUnaryRequest(
        healthService.check.path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        healthRequest(service),
        (error, value) =>
          resolve(
            error
              ? `error ${error.code}`
              : isServingResponse(value as Buffer)
                ? "SERVING"
                : "NOT_SERVING",
          ),
      ),
    );
  try {
    expect(await check(WHOLE_PATH)).toBe("NOT_SERVING");
    expect(await check(ACCEPTING)).toBe("SERVING");
    expect(await check("no.such.Service")).toBe(`error ${status.NOT_FOUND}`);
    wholePath = true;
    accepting = false;
    expect(await check(WHOLE_PATH)).toBe("SERVING");
    expect(await check(ACCEPTING)).toBe("NOT_SERVING");
  } finally {
    raw.close();
  }
});

test("batches go to a server that can pass every batch on while there is one, else to one that can pass some", async () => {
  let aUp = true;
  const a = recorder();
  const b = recorder();
  const serverA = await h.server({ handler: a.handler, ready: () => aUp });
  const serverB = await h.server({
    handler: b.handler,
    ready: () => false,
    accepting: () => true,
  });
  const client = h.client({ targets: [local(serverA.port), local(serverB.port)] });
  await client.waitForReady(3000);
  await Bun.sleep(100); // B's stream is connected and its health answered too
  for (let i = 0; i < 20; i++) await client.submitMany(envelopes(2));
  expect([a.events(), b.events()]).toEqual([40, 0]);

  aUp = false; // A can pass nothing on now; its clients hear it at the next health poll
  const since = performance.now();
  while (client.isReady() && performance.now() - since < 3000) await Bun.sleep(10);
  expect(client.isReady()).toBe(false);
  for (let i = 0; i < 20; i++) await client.submitMany(envelopes(2));
  expect([a.events(), b.events()]).toEqual([40, 40]);
});
