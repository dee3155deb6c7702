import { describe, expect, test } from "bun:test";
import { type Domain, type Envelope, eventId } from "@rafaga/core";
import { salesDomain, weatherDomain } from "@rafaga/domains";
import { routeBatch } from "./routing.ts";

const event = (domain: Domain): Envelope => ({
  id: eventId(),
  domain,
  ingestTsUs: 1,
  payload: new Uint8Array([1]),
});

describe("routeBatch", () => {
  test("an event sent to both brokers is marked as one of two copies; others are not", () => {
    const weather = event(weatherDomain.id);
    const sale = event(salesDomain.id);
    const split = Array.from({ length: 20 }, () => event(salesDomain.id));
    const perBroker = routeBatch([weather, sale], (d) =>
      d === weatherDomain.id ? "both" : "kafka",
    );
    expect(perBroker.get("kafka")).toEqual([weather, sale]);
    expect(perBroker.get("rabbitmq")).toEqual([weather]);
    expect(weather.copies).toBe(2);
    expect(sale.copies).toBeUndefined();
    const halves = routeBatch(split, () => "split");
    expect((halves.get("kafka")?.length ?? 0) + (halves.get("rabbitmq")?.length ?? 0)).toBe(20);
    expect(split.every((e) => e.copies === undefined)).toBe(true);
  });
});
