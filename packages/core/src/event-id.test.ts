import { describe, expect, test } from "bun:test";
import { eventId, eventIdTime } from "./event-id.ts";

describe("eventId", () => {
  test("is 26 Crockford base32 characters", () => {
    for (let i = 0; i < 1000; i++) expect(eventId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  test("carries its millisecond timestamp", () => {
    const now = Date.now();
    expect(eventIdTime(eventId(now))).toBe(now);
    expect(eventIdTime(eventId(0))).toBe(0);
    expect(eventIdTime(eventId(2 ** 48 - 1))).toBe(2 ** 48 - 1);
    expect(() => eventIdTime("not-an-id")).toThrow();
  });

  test("sorts by time across milliseconds", () => {
    const ids = [3, 1, 1000, 2, 1_760_000_000_000].map((ms) => eventId(ms));
    expect([...ids].sort().map(eventIdTime)).toEqual([1, 2, 3, 1000, 1_760_000_000_000]);
  });

  test("is unique within one millisecond, across pool refills", () => {
    const ms = Date.now();
    const ids = new Set<string>();
    for (let i = 0; i < 300_000; i++) ids.add(eventId(ms));
    expect(ids.size).toBe(300_000);
  });

  test("random characters are spread over the whole alphabet", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      for (const c of eventId(0).slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    // 320,000 characters over 32 symbols: 10,000 each, give or take a few percent.
    for (const n of counts.values()) expect(Math.abs(n - 10_000)).toBeLessThan(800);
  });
});
