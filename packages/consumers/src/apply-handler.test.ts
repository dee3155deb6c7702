import { expect, test } from "bun:test";
import type { BrokerProducer, InboundMessage, OutboundMessage } from "@rafaga/brokers";
import { createMetrics, type Domain, type Envelope, toBrokerRecord } from "@rafaga/core";
import { type DomainApplier, salesDomain, weatherDomain } from "@rafaga/domains";
import type { LogPosition } from "@rafaga/store";
import { createApplyHandler, HEADER_DLQ_REASON, HEADER_DLQ_SOURCE } from "./apply-handler.ts";

/** Applies into memory; the payload's first byte is the value, 0 fails validation. */
function memoryApplier(fail?: Error, stale?: number[]) {
  const applied: { events: unknown[]; positions: (LogPosition | undefined)[] }[] = [];
  const applier: DomainApplier = {
    domain: weatherDomain.id,
    name: "weather",
    decode: (e: Envelope) => {
      if (e.payload[0] === 0) throw new Error("temperature out of range");
      return { id: e.id, value: e.payload[0] };
    },
    apply: async (events, positions) => {
      if (fail) throw fail;
      applied.push({ events, positions: [...(positions ?? [])] });
      return stale
        ? { applied: events.length - stale.length, duplicates: 0, stale }
        : { applied: events.length, duplicates: 0 };
    },
  };
  return { applier, applied };
}

function memoryDeadLetters(fail?: Error) {
  const written: { destination: string; messages: OutboundMessage[] }[] = [];
  const producer: BrokerProducer = {
    kind: "kafka-js",
    connect: async () => {},
    close: async () => {},
    writable: () => true,
    writeBatch: async (destination, messages) => {
      if (fail) throw fail;
      written.push({ destination, messages });
    },
  };
  return { producer, written };
}

let offset = 0;
function message(
  id: string,
  domain: Domain,
  value: number,
  extra: Partial<Envelope> = {},
): InboundMessage {
  const record = toBrokerRecord({
    id,
    domain,
    ingestTsUs: Date.now() * 1000,
    payload: new Uint8Array([value]),
    ...extra,
  });
  return {
    key: undefined,
    value: record.value,
    headers: record.headers,
    source: "weather-t",
    partition: 0,
    position: String(offset++),
    log: "weather-t:uuid:0",
  };
}

const metrics = () => createMetrics("consumer-test", { defaultMetrics: false });

test("a batch is one apply; a record is deduplicated by its offset, one copy of a pair also by id, a keyed one by id alone", async () => {
  const { applier, applied } = memoryApplier();
  const { producer, written } = memoryDeadLetters();
  const handler = createApplyHandler(applier, producer, metrics());
  const once = message("a", weatherDomain.id, 7);
  const twice = message("b", weatherDomain.id, 8, { copies: 2 });
  const keyed = message("key:k1", weatherDomain.id, 9);
  await handler([once, twice, keyed]);
  expect(applied).toHaveLength(1);
  expect(applied[0]?.events).toEqual([
    { id: "a", value: 7 },
    { id: "b", value: 8 },
    { id: "key:k1", value: 9 },
  ]);
  expect(applied[0]?.positions).toEqual([
    { log: "weather-t:uuid:0", offset: Number(once.position) },
    { log: "weather-t:uuid:0", offset: Number(twice.position), paired: true },
    undefined,
  ]);
  expect(written).toEqual([]);
});

test("a RabbitMQ message is deduplicated by its writer's sequence; one too old for the window is dead-lettered", async () => {
  const { applier, applied } = memoryApplier(undefined, [1]);
  const { producer, written } = memoryDeadLetters();
  const handler = createApplyHandler(applier, producer, metrics());
  const fromQueue = (id: string, value: number, n: number, extra: Partial<Envelope> = {}) => {
    const { log: _kafka, ...rest } = message(id, weatherDomain.id, value, extra);
    return { ...rest, source: "weather-q", sequence: { log: "weather-q:0a1b2c3d4e5f", number: n } };
  };
  const copy = fromQueue("c", 5, 9, { copies: 2 });
  await handler([
    fromQueue("a", 3, 7),
    message("bad", weatherDomain.id, 0),
    fromQueue("b", 4, 2),
    copy,
    { ...fromQueue("d", 6, 1), sequence: { log: "has a space", number: 1 } },
  ]);
  expect(applied[0]?.positions).toEqual([
    { log: "weather-q:0a1b2c3d4e5f", offset: 7, windowed: true },
    { log: "weather-q:0a1b2c3d4e5f", offset: 2, windowed: true },
    { log: "weather-q:0a1b2c3d4e5f", offset: 9, windowed: true, paired: true },
    undefined,
  ]);
  // The decode failure first, then the stale one (index 1 of the applied events: "b").
  const letters = written[0]?.messages ?? [];
  expect(letters.map((m) => m.headers?.rafaga?.split(" ")[0])).toEqual(["bad", "b"]);
  expect(letters[1]?.headers?.[HEADER_DLQ_REASON]).toContain("may or may not have been counted");
});

test("undecodable, invalid and foreign-domain messages go to <source>.dlq with the reason; the rest is applied", async () => {
  const { applier, applied } = memoryApplier();
  const { producer, written } = memoryDeadLetters();
  const handler = createApplyHandler(applier, producer, metrics());
  const broken: InboundMessage = { ...message("x", weatherDomain.id, 1), headers: { rafaga: "" } };
  await handler([
    broken,
    message("bad", weatherDomain.id, 0),
    message("sale", salesDomain.id, 3),
    message("ok", weatherDomain.id, 4),
  ]);
  expect(applied.map((a) => a.events)).toEqual([[{ id: "ok", value: 4 }]]);
  expect(written.map((w) => w.destination)).toEqual(["weather-t.dlq"]);
  const reasons = written[0]?.messages.map((m) => m.headers?.[HEADER_DLQ_REASON]);
  expect(reasons?.[0]).toContain("broken rafaga header");
  expect(reasons?.[1]).toBe("temperature out of range");
  expect(reasons?.[2]).toContain("on the weather stream");
  expect(written[0]?.messages.every((m) => m.headers?.[HEADER_DLQ_SOURCE] === "weather-t")).toBe(
    true,
  );
  // The dead letter keeps the original bytes and headers, so it can be replayed.
  expect(written[0]?.messages[1]?.value).toEqual(new Uint8Array([0]));
  expect(written[0]?.messages[1]?.headers?.rafaga).toContain("bad 1 ");
});

test("a failed apply or dead-letter write throws, so the adapter retries the batch unacknowledged", async () => {
  const store = memoryApplier(new Error("valkey down"));
  const handler = createApplyHandler(store.applier, memoryDeadLetters().producer, metrics());
  await expect(handler([message("a", weatherDomain.id, 1)])).rejects.toThrow("valkey down");

  const dlq = memoryDeadLetters(new Error("kafka down"));
  const handler2 = createApplyHandler(memoryApplier().applier, dlq.producer, metrics());
  await expect(handler2([message("bad", weatherDomain.id, 0)])).rejects.toThrow("kafka down");
});

test("the batch is decoded at once but applied only after the one before it (turn)", async () => {
  const { applier, applied } = memoryApplier();
  const handler = createApplyHandler(applier, memoryDeadLetters().producer, metrics());
  let release: () => void = () => {};
  const turn = new Promise<void>((resolve) => (release = resolve));
  const running = handler([message("late", weatherDomain.id, 5)], turn);
  await Bun.sleep(20);
  expect(applied).toEqual([]);
  release();
  await running;
  expect(applied.map((a) => a.events)).toEqual([[{ id: "late", value: 5 }]]);
});
