import { describe, expect, test } from "bun:test";
import { Domain, type Envelope, eventId } from "@rafaga/core";
import { routeBatch } from "./routing.ts";

const event = (domain: Domain): Envelope => ({
  id: eventId(),
  domain,
  ingestTsUs: 1,
  payload: new Uint8Array([1]),
});

describe("routeBatch", () => {
  test("an event sent to both brokers is marked as one of two copies; others are not", () => {
    const weather = event(Domain.WEATHER);
    const sale = event(Domain.SALES);
    const split = Array.from({ length: 20 }, () => event(Domain.SALES));
    const perBroker = routeBatch([weather, sale], (d) => (d === Domain.WEATHER ? "both" : "kafka"));
    expect(perBroker.get("kafka")).toEqual([weather, sale]);
    expect(perBroker.get("rabbitmq")).toEqual([weather]);
    expect(weather.copies).toBe(2);
    expect(sale.copies).toBeUndefined();
    const halves = routeBatch(split, () => "split");
    expect((halves.get("kafka")?.length ?? 0) + (halves.get("rabbitmq")?.length ?? 0)).toBe(20);
    expect(split.every((e) => e.copies === undefined)).toBe(true);
  });
});
