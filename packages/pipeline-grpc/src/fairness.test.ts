import { afterEach, expect, test } from "bun:test";
import { envelopes, Harness, local, recorder } from "./test-fixtures.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

const share = (part: number, whole: number) => part / whole;

test("two servers given as two targets each get a fair share", async () => {
  const a = recorder();
  const b = recorder();
  const sa = await h.server({ handler: a.handler });
  const sb = await h.server({ handler: b.handler });
  const client = h.client({ targets: [local(sa.port), local(sb.port)], maxBatch: 10 });
  await client.waitForReady(2000);
  // Let every stream connect, or the first batches would all go to whichever was first.
  await Bun.sleep(100);
  await Promise.all(envelopes(4000).map((e) => client.submit(e)));
  expect(a.events() + b.events()).toBe(4000);
  expect(share(a.events(), 4000)).toBeGreaterThanOrEqual(0.3);
  expect(share(b.events(), 4000)).toBeGreaterThanOrEqual(0.3);
});

test("a DNS name with two A records gets streams on both addresses", async () => {
  const a = recorder();
  const b = recorder();
  const sa = await h.server({ handler: a.handler, host: "127.0.0.1" });
  // 127.0.0.2 is loopback as well on Linux; both servers share the port, as pods do.
  const sb = await h.server({ handler: b.handler, host: "127.0.0.2", port: sa.port });
  expect(sb.port).toBe(sa.port);
  const lookup = async (host: string) =>
    host === "writers.test" ? ["127.0.0.1", "127.0.0.2"] : [];
  const client = h.client(
    { targets: [`dns:///writers.test:${sa.port}`], maxBatch: 10 },
    { lookup },
  );
  await client.waitForReady(2000);
  await Bun.sleep(100);
  await Promise.all(envelopes(4000).map((e) => client.submit(e)));
  expect(a.events() + b.events()).toBe(4000);
  expect(share(a.events(), 4000)).toBeGreaterThanOrEqual(0.3);
  expect(share(b.events(), 4000)).toBeGreaterThanOrEqual(0.3);
});

test("a replica that appears in DNS later starts receiving batches; a vanished one is retired", async () => {
  const a = recorder();
  const b = recorder();
  const sa = await h.server({ handler: a.handler, host: "127.0.0.1" });
  await h.server({ handler: b.handler, host: "127.0.0.2", port: sa.port });
  let addresses = ["127.0.0.1"];
  const client = h.client(
    { targets: [`dns:///writers.test:${sa.port}`], maxBatch: 10, resolveIntervalMs: 100 },
    { lookup: async () => addresses },
  );
  await client.waitForReady(2000);
  await Promise.all(envelopes(500).map((e) => client.submit(e)));
  expect(b.events()).toBe(0);
  addresses = ["127.0.0.1", "127.0.0.2"];
  await Bun.sleep(300);
  await Promise.all(envelopes(1000).map((e) => client.submit(e)));
  expect(b.events()).toBeGreaterThanOrEqual(300);
  addresses = ["127.0.0.2"];
  await Bun.sleep(300);
  const before = a.events();
  await Promise.all(envelopes(500).map((e) => client.submit(e)));
  expect(a.events()).toBe(before);
  expect(client.stats().batchesFailed).toBe(0);
});

test("streams are rotated after streamMaxAgeMs without failing a single submit", async () => {
  const rec = recorder(() => Math.random() * 5);
  const server = await h.server({ handler: rec.handler });
  const client = h.client({ targets: [local(server.port)], streamMaxAgeMs: 50, maxBatch: 5 });
  await client.waitForReady(2000);
  const deadline = performance.now() + 600;
  let sent = 0;
  while (performance.now() < deadline) {
    await Promise.all(envelopes(50).map((e) => client.submit(e)));
    sent += 50;
  }
  expect(rec.events()).toBe(sent);
  expect(client.stats().batchesFailed).toBe(0);
  // Two initial streams plus replacements: rotation did happen.
  expect(client.stats().streamsOpened).toBeGreaterThan(4);
});
