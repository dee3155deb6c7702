import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { endpoints } from "@rafaga/infra";
import { settle } from "@rafaga/runner";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

const valid = { municipality: "mixco", temperature: 21, humidity: 55, weather: "rainy" };

/** Every class of bad input, with the status and the field the answer must name. */
const badInputs: [string, unknown, number, string][] = [
  ["unknown municipality", { ...valid, municipality: "antigua" }, 400, "municipality"],
  ["municipality number out of range", { ...valid, municipality: 5 }, 400, "municipality"],
  ["unknown weather", { ...valid, weather: "snowy" }, 400, "weather"],
  ["weather 0 (the proto's unknown)", { ...valid, weather: 0 }, 400, "weather"],
  ["temperature as a string", { ...valid, temperature: "21" }, 400, "temperature"],
  ["temperature not an integer", { ...valid, temperature: 21.5 }, 400, "temperature"],
  ["humidity above 100", { ...valid, humidity: 101 }, 400, "humidity"],
  ["humidity below 0", { ...valid, humidity: -1 }, 400, "humidity"],
  ["humidity not an integer", { ...valid, humidity: 50.5 }, 400, "humidity"],
  ["missing field", { municipality: "mixco", temperature: 21, weather: "rainy" }, 400, "humidity"],
  ["extra field", { ...valid, city: "Guatemala" }, 400, "city"],
  ["malformed JSON", "{municipality: mixco", 400, "body"],
];

describe("weather pipeline contract", () => {
  let t: TestPipeline;
  beforeAll(async () => {
    t = await startTestPipeline({ routingWeather: "both" });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);

  for (const [name, body, status, field] of badInputs) {
    test(`${name}: ${status} naming ${field}`, async () => {
      const response = await t.post("/api/tweets", body);
      expect(response.status).toBe(status);
      const json = (await response.json()) as { error: string; field: string };
      expect(json.field).toBe(field);
      expect(json.error.length).toBeGreaterThan(0);
    });
  }

  test("wrong content type 415, oversized body 413, wrong method 405, unknown path 404", async () => {
    const url = t.pipeline.ingestUrl;
    const text = await fetch(`${url}/api/tweets`, {
      method: "POST",
      body: JSON.stringify(valid),
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    const huge = await t.post("/api/tweets", JSON.stringify([valid]).padEnd(5 * 1024 * 1024, " "));
    expect(huge.status).toBe(413);
    const get = await fetch(`${url}/api/tweets`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect((await t.post("/api/tweet", valid)).status).toBe(404);
    for (const r of [text, huge, get])
      expect(((await r.json()) as { error?: string }).error).toBeString();
  });

  test("none of the rejected requests changed a count; one valid report counts exactly once", async () => {
    const accepted = await t.post("/api/tweets", valid);
    expect(accepted.status).toBe(202);
    const total = async () => (await t.weather.readDashboard()).totals.total;
    expect(await settle(total, 1, 30_000)).toBe(1);
    const counts = await t.weather.readCounts();
    expect(counts.mixco.rainy).toBe(1);
    expect(endpoints.valkeyUrl).toBeString();
  });

  test("a retried request with the same Idempotency-Key counts once", async () => {
    const headers = { "idempotency-key": `retry-${t.layout.keyPrefix}` };
    const body = { ...valid, municipality: "chinautla" };
    expect((await t.post("/api/tweets", body, headers)).status).toBe(202);
    expect((await t.post("/api/tweets", body, headers)).status).toBe(202);
    const count = async () => (await t.weather.readCounts()).chinautla.rainy;
    expect(await settle(count, 1, 30_000)).toBe(1);
    await Bun.sleep(1000);
    expect(await count()).toBe(1);
  });
});
