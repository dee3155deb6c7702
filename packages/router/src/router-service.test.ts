import { afterEach, expect, test } from "bun:test";
import { type Domain, type Envelope, RafagaError, type RoutingMode } from "@rafaga/core";
import { salesDomain, weatherDomain } from "@rafaga/domains";
import { envelopes, Harness, local, outcome } from "@rafaga/pipeline-grpc/testing";
import { createRouterHandler, writersAccepting, writersReady } from "./router-service.ts";

const modesOf = (weather: RoutingMode, sales: RoutingMode) =>
  new Map<Domain, RoutingMode>([
    [weatherDomain.id, weather],
    [salesDomain.id, sales],
  ]);

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
const broke = async () => {
  throw new RafagaError("BROKER_UNAVAILABLE", "connection lost after the write", {
    retryAfter: 1,
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

const weather = () => envelopes(3).map((e) => ({ ...e, domain: weatherDomain.id }));

const modes = modesOf("both", "kafka");
const sales = () => envelopes(2).map((e) => ({ ...e, domain: salesDomain.id }));

test("routing both: one broker taking the events is a success; both refusing is not written", async () => {
  const bothRefuse = createRouterHandler(await writers(refused, refused), modes);
  const none = await outcome(bothRefuse({ batchId: 1, events: weather() }));
  expect(none.ok).toBe(false);
  expect((none as { error: RafagaError }).error.notWritten).toBe(true);

  const took = async () => {};
  for (const [kafka, rabbitmq] of [
    [took, refused],
    [refused, took],
  ] as const) {
    const oneTook = createRouterHandler(await writers(kafka, rabbitmq), modes);
    expect(await outcome(oneTook({ batchId: 2, events: weather() }))).toEqual({ ok: true });
  }
});

test("in a batch that mixes domains, only the events routed to the refusing broker alone fail, as not written", async () => {
  // Weather (both) is durable in RabbitMQ; sales (Kafka only) are nowhere.
  const kafkaDown = createRouterHandler(await writers(refused, async () => {}), modes);
  const events = [sales()[0], ...weather(), sales()[1]].map((e) => e as Envelope);
  const mixed = await outcome(kafkaDown({ batchId: 3, events }));
  expect(mixed.ok).toBe(false);
  const error = (mixed as { error: RafagaError }).error;
  expect(error.code).toBe("BROKER_UNAVAILABLE");
  expect(error.failedEvents).toEqual([0, 4]);
  expect(error.notWritten).toBe(true);
  // Written to Kafka before it failed: those sales may be counted.
  const kafkaBroke = createRouterHandler(await writers(broke, async () => {}), modes);
  const after = (await outcome(kafkaBroke({ batchId: 5, events }))) as { error: RafagaError };
  expect([after.error.failedEvents, after.error.notWritten]).toEqual([[0, 4], false]);
  // The same batch with RabbitMQ down instead: every event is in Kafka.
  const rabbitDown = createRouterHandler(await writers(async () => {}, refused), modes);
  expect(await outcome(rabbitDown({ batchId: 4, events: [...weather(), ...sales()] }))).toEqual({
    ok: true,
  });
});

test("ready when every domain can reach a broker: both needs one writer, kafka needs Kafka's", () => {
  const up = (kafka: boolean, rabbitmq: boolean) => ({
    kafka: { isReady: () => kafka, submitMany: async () => {} },
    rabbitmq: { isReady: () => rabbitmq, submitMany: async () => {} },
  });
  expect(writersReady(up(true, false), modes)()).toBe(true);
  expect(writersReady(up(false, true), modes)()).toBe(false);
  const weatherOnly = modesOf("both", "both");
  expect(writersReady(up(false, true), weatherOnly)()).toBe(true);
  expect(writersReady(up(false, false), weatherOnly)()).toBe(false);
  const split = modesOf("split", "kafka");
  expect(writersReady(up(true, false), split)()).toBe(false);
});

test("accepting when some domain can reach a broker: with Kafka down, weather (both) still passes", () => {
  const up = (kafka: boolean, rabbitmq: boolean) => ({
    kafka: { isAccepting: () => kafka },
    rabbitmq: { isAccepting: () => rabbitmq },
  });
  // Weather both, sales kafka.
  expect(writersAccepting(up(false, true), modes)()).toBe(true);
  expect(writersAccepting(up(true, false), modes)()).toBe(true);
  expect(writersAccepting(up(false, false), modes)()).toBe(false);
  const kafkaOnly = modesOf("kafka", "kafka");
  expect(writersAccepting(up(false, true), kafkaOnly)()).toBe(false);
  const split = modesOf("split", "rabbitmq");
  expect(writersAccepting(up(true, false), split)()).toBe(false);
  expect(writersAccepting(up(false, true), split)()).toBe(true);
});

test("an event of a domain the router does not know fails the batch, before any writer sees it", async () => {
  let submitted = 0;
  const counting = { isReady: () => true, submitMany: async () => void submitted++ };
  const handler = createRouterHandler({ kafka: counting, rabbitmq: counting }, modes);
  const stranger = envelopes(1).map((e) => ({ ...e, domain: 77 }));
  const result = await outcome(handler({ batchId: 5, events: [...weather(), ...stranger] }));
  const error = (result as { error: RafagaError }).error;
  expect(error.code).toBe("CONFIG");
  expect(error.notWritten).toBe(true);
  expect(submitted).toBe(0);
});
