import { describe, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import { SalesStore } from "./sales/sales-store.ts";
import { WeatherStore } from "./weather/weather-store.ts";

describe("store options", () => {
  test("have defaults: the reference layout on a local Valkey", async () => {
    const store = new WeatherStore();
    expect(store.options).toEqual({
      url: "redis://127.0.0.1:6379",
      keyPrefix: "",
      dedupTtlSeconds: 7 * 86_400,
      clientKeyTtlSeconds: 86_400,
      pairedMarkerTtlSeconds: 60,
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
      latestLength: 100,
    });
    await store.close();
    const sales = new SalesStore();
    expect(sales.options.streamMaxLength).toBe(1000);
    await sales.close();
  });

  test("name the bad option, unknown ones included", () => {
    const attempt = (options: object) => {
      try {
        new WeatherStore(options);
      } catch (error) {
        return error instanceof RafagaError ? [error.code, error.field] : error;
      }
      return "accepted";
    };
    expect(attempt({ latestLength: -1 })).toEqual(["CONFIG", "latestLength"]);
    expect(attempt({ dedupTtlSeconds: 1.5 })).toEqual(["CONFIG", "dedupTtlSeconds"]);
    expect(attempt({ keyprefix: "x:" })).toEqual(["CONFIG", "keyprefix"]);
    expect(attempt({ streamMaxLength: 10 })).toEqual(["CONFIG", "streamMaxLength"]);
  });

  test("close() is idempotent and later calls fail with CLOSED", async () => {
    const store = new WeatherStore({ url: "redis://127.0.0.1:1" });
    await Promise.all([store.close(), store.close()]);
    await store.close();
    const error = await store.connect().catch((e: unknown) => e);
    expect((error as RafagaError).code).toBe("CLOSED");
  });
});
