import { describe, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import { parseWeatherTweet } from "./weather-tweet.ts";

const valid = { municipality: "guatemala", temperature: 25, humidity: 60, weather: "sunny" };

function failure(input: unknown): RafagaError {
  try {
    parseWeatherTweet(input);
  } catch (err) {
    expect(err).toBeInstanceOf(RafagaError);
    return err as RafagaError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("parseWeatherTweet", () => {
  test("accepts the reference body and returns a normalized copy", () => {
    const out = parseWeatherTweet({ ...valid });
    expect(out).toEqual({
      municipality: "guatemala",
      weather: "sunny",
      temperature: 25,
      humidity: 60,
    });
  });

  test("accepts enum numbers 1..4 in contract order", () => {
    expect(parseWeatherTweet({ ...valid, municipality: 1, weather: 4 })).toMatchObject({
      municipality: "mixco",
      weather: "foggy",
    });
    expect(parseWeatherTweet({ ...valid, municipality: 4, weather: 3 })).toMatchObject({
      municipality: "chinautla",
      weather: "rainy",
    });
  });

  test("accepts the range edges", () => {
    for (const [temperature, humidity] of [
      [-90, 0],
      [70, 100],
    ]) {
      expect(parseWeatherTweet({ ...valid, temperature, humidity }).humidity).toBe(
        humidity as number,
      );
    }
  });

  test.each([
    ["municipality", "Guatemala"],
    ["municipality", "villa-nueva"],
    ["municipality", 0],
    ["municipality", 5],
    ["municipality", 2.5],
    ["municipality", "2"],
    ["municipality", null],
    ["weather", "snowy"],
    ["weather", 0],
    ["weather", 5],
    ["weather", "1"],
    ["weather", true],
    ["temperature", "25"],
    ["temperature", 25.5],
    ["temperature", 71],
    ["temperature", -91],
    ["temperature", Number.NaN],
    ["temperature", Number.POSITIVE_INFINITY],
    ["humidity", -1],
    ["humidity", 101],
    ["humidity", "60"],
    ["humidity", 60.1],
    ["humidity", []],
  ])("rejects %s = %p naming the field", (field, value) => {
    const err = failure({ ...valid, [field]: value });
    expect(err.code).toBe("VALIDATION");
    expect(err.status).toBe(400);
    expect(err.field).toBe(field);
    expect(err.message.startsWith(`${field} must be`)).toBe(true);
  });

  test("messages say what is accepted", () => {
    expect(failure({ ...valid, humidity: 101 }).message).toBe(
      "humidity must be an integer from 0 to 100",
    );
    expect(failure({ ...valid, municipality: 9 }).message).toBe(
      "municipality must be one of mixco, guatemala, amatitlan, chinautla or an integer from 1 to 4",
    );
  });

  test.each(["municipality", "temperature", "humidity", "weather"])("rejects missing %s", (f) => {
    const body: Record<string, unknown> = { ...valid };
    delete body[f];
    const err = failure(body);
    expect(err.field).toBe(f);
    expect(err.message).toBe(`${f} is required`);
  });

  test("rejects an extra field naming it", () => {
    const err = failure({ ...valid, city: "x" });
    expect(err.field).toBe("city");
    expect(err.message).toBe("city is not a known field");
  });

  test("names the first bad field in declaration order", () => {
    expect(failure({ ...valid, humidity: 500, municipality: "x", extra: 1 }).field).toBe(
      "municipality",
    );
  });

  test.each([[null], ["text"], [42], [[valid]], [undefined]])(
    "rejects a non-object body %p",
    (body) => {
      const err = failure(body);
      expect(err.code).toBe("VALIDATION");
      expect(err.field).toBe("body");
    },
  );
});
