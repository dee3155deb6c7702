import { afterEach, expect, test } from "bun:test";
import { Domain, RafagaError } from "@rafaga/core";
import { envelopes, Harness, local, outcome } from "../../pipeline-grpc/src/test-fixtures.ts";
import { createRouterHandler } from "./router-service.ts";

let h = new Harness();
afterEach(async () => {
  await h.closeAll();
  h = new Harness();
}, 60_000);

const refused = async () => {
  throw new RafagaError("BROKER_UNAVAILABLE", "broker down; nothing written", {
    retryAfter: 1,
    notWritten: true,
  });
};

async function writers(kafka: () => Promise<void>, rabbitmq: () => Promise<void>) {
  const client = async (handler: () => Promise<void>) => {
    const server = await h.server({ handler });
    const c = h.client({ targets: [local(server.port)] });
    await c.waitForReady(2000);
    return c;
  };
  return { kafka: await client(kafka), rabbitmq: await client(rabbitmq) };
}

const weather = () => envelopes(3).map((e) => ({ ...e, domain: Domain.WEATHER }));

test("routing both: not written only if every writer refused; if one broker took the events, the 503 says they may be counted", async () => {
  const bothRefuse = createRouterHandler(await writers(refused, refused), {
    [Domain.WEATHER]: "both",
    [Domain.SALES]: "kafka",
  });
  const none = await outcome(bothRefuse({ batchId: 1, events: weather() }));
  expect(none.ok).toBe(false);
  expect((none as { error: RafagaError }).error.notWritten).toBe(true);

  const oneTook = createRouterHandler(await writers(async () => {}, refused), {
    [Domain.WEATHER]: "both",
    [Domain.SALES]: "kafka",
  });
  const some = await outcome(oneTook({ batchId: 2, events: weather() }));
  expect(some.ok).toBe(false);
  const error = (some as { error: RafagaError }).error;
  expect(error.code).toBe("BROKER_UNAVAILABLE");
  expect(error.notWritten).toBe(false);
});
