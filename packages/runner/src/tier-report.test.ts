import { expect, test } from "bun:test";
import { formatTierReport } from "./tier-report.ts";

test("the columns stay aligned when a hop's name is long", () => {
  const text = formatTierReport([
    {
      tier: "edge: HTTP in -> 2xx after broker ack",
      events: 10_000,
      what: "request",
      p50Ms: 3.95,
      p99Ms: 20,
    },
    {
      tier: "  of which broker write -> ack (@platformatic/kafka, Bun)",
      events: 10_000,
      what: "batch",
      p50Ms: 0.99,
      p99Ms: 8.73,
    },
  ]);
  const [header, ...rows] = text.split("\n").slice(0, 3);
  const eventsEnd = (header as string).indexOf("events") + "events".length;
  for (const row of rows) expect(row.slice(eventsEnd - 5, eventsEnd)).toBe("10000");
  expect(new Set([header, ...rows].map((l) => l?.length)).size).toBe(1);
});
