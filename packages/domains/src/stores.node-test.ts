// Runs under Node (see scripts/run-tests.ts), bundled like the Kafka consumer that uses
// the stores: proves the embedded Lua works where no .lua file sits next to the code.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { dropPrefix, freshPrefix, valkeyForTests } from "@rafaga/store/testing";
import type { Valkey } from "iovalkey";
import { SalesStore } from "./sales/sales-store.ts";
import { WeatherStore } from "./weather/weather-store.ts";

const prefix = freshPrefix();
let raw: Valkey;

before(async () => {
  raw = await valkeyForTests();
});
after(async () => {
  await dropPrefix(raw, prefix);
  raw.disconnect();
});

test("weather and sales batches apply once each from a Node bundle", async () => {
  const weather = new WeatherStore({ keyPrefix: prefix });
  const report = {
    id: "node-w1",
    municipality: "chinautla",
    weather: "foggy",
    temperature: 17,
    humidity: 88,
    ingestTsUs: Date.now() * 1000,
  } as const;
  assert.deepEqual(await weather.applyBatch([report, report]), { applied: 1, duplicates: 1 });
  assert.equal(await raw.get(`${prefix}weather:chinautla:foggy`), "1");
  await weather.close();

  const sales = new SalesStore({ keyPrefix: prefix });
  const sale = {
    id: "node-s1",
    categoria: 4,
    categoriaNombre: "Belleza",
    productoId: "Labial-Matte",
    precioCents: 12345,
    cantidad: 3,
    ingestTsUs: Date.now() * 1000,
  } as const;
  assert.deepEqual(await sales.applyBatch([sale]), { applied: 1, duplicates: 0 });
  assert.deepEqual(await sales.applyBatch([sale]), { applied: 0, duplicates: 1 });
  assert.equal(await raw.get(`${prefix}suma_precio:Belleza`), "123.45");
  await sales.close();
});
