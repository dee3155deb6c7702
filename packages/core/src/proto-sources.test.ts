import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { protoRoot } from "./proto-root.ts";
import { PROTO_SOURCES } from "./proto-sources.ts";

const protoDir = fileURLToPath(new URL("../../../proto/", import.meta.url));

describe("embedded proto sources", () => {
  test("match proto/*.proto byte for byte (run scripts/gen-proto-sources.ts if not)", () => {
    const onDisk = readdirSync(protoDir).filter((f) => f.endsWith(".proto"));
    expect(Object.keys(PROTO_SOURCES).sort()).toEqual(onDisk.sort());
    for (const [name, text] of Object.entries(PROTO_SOURCES)) {
      expect(text).toBe(readFileSync(protoDir + name, "utf8"));
    }
  });

  test("keep the reference field numbers and enum values", () => {
    const weather = protoRoot.lookupType("weathertweet.WeatherTweetRequest");
    expect(Object.fromEntries(weather.fieldsArray.map((f) => [f.name, f.id]))).toEqual({
      municipality: 1,
      temperature: 2,
      humidity: 3,
      weather: 4,
    });
    expect(protoRoot.lookupEnum("weathertweet.Municipalities").values).toEqual({
      municipalities_unknown: 0,
      mixco: 1,
      guatemala: 2,
      amatitlan: 3,
      chinautla: 4,
    });
    expect(protoRoot.lookupEnum("weathertweet.Weathers").values).toEqual({
      weathers_unknown: 0,
      sunny: 1,
      cloudy: 2,
      rainy: 3,
      foggy: 4,
    });
    const sale = protoRoot.lookupType("blackfriday.ProductSaleRequest");
    expect(Object.fromEntries(sale.fieldsArray.map((f) => [f.name, [f.id, f.type]]))).toEqual({
      categoria: [1, "CategoriaProducto"],
      producto_id: [2, "string"],
      precio: [3, "double"],
      cantidad_vendida: [4, "int32"],
    });
    expect(protoRoot.lookupEnum("blackfriday.CategoriaProducto").values).toEqual({
      UNKNOWN: 0,
      Electronica: 1,
      Ropa: 2,
      Hogar: 3,
      Belleza: 4,
    });
  });

  test("declare the services", () => {
    expect(
      Object.keys(protoRoot.lookupService("weathertweet.WeatherTweetService").methods),
    ).toEqual(["SendTweet", "SendTweetStream"]);
    expect(Object.keys(protoRoot.lookupService("blackfriday.ProductSaleService").methods)).toEqual([
      "ProcesarVenta",
      "ProcesarVentaStream",
    ]);
    const publish = protoRoot.lookupService("rafaga.pipeline.Pipeline").methods.Publish;
    expect(publish?.requestStream).toBe(true);
    expect(publish?.responseStream).toBe(true);
  });
});
