import { afterEach, expect, test } from "bun:test";
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
