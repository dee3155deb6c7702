import { describe, expect, test } from "bun:test";
import type { Domain } from "@rafaga/core";
import {
  type BatchAck,
  decodeBatchAck,
  decodeEnvelope,
  decodeEnvelopeBatch,
  type Envelope,
  encodeBatchAck,
  encodeEnvelope,
  encodeEnvelopeBatch,
  protoType,
  RafagaError,
} from "@rafaga/core";
import { parseProductSale } from "./sales/product-sale.ts";
import {
  decodeProductSale,
  decodeProductSaleResponse,
  encodeProductSale,
  encodeProductSaleResponse,
} from "./sales/sale-codec.ts";
import {
  decodeWeatherTweet,
  decodeWeatherTweetResponse,
  encodeWeatherTweet,
  encodeWeatherTweetResponse,
} from "./weather/weather-codec.ts";
import { parseWeatherTweet } from "./weather/weather-tweet.ts";

// Domain numbers as the registry in @rafaga/domains gives them (core knows no domain).
const WEATHER = 1;
const SALES = 2;

// Bytes no protobuf message accepts: a length-delimited field longer than the buffer,
// and a tag with the invalid wire type 7.
const garbage = [
  new Uint8Array([0x0a, 0x10, 1]),
  new Uint8Array([0xff, 0xff, 0xff]),
  new Uint8Array([0x0f]),
];

function thrown(fn: () => unknown): RafagaError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RafagaError);
    return err as RafagaError;
  }
  throw new Error("did not throw");
}

describe("weather codec", () => {
  test("round trips every municipality and weather", () => {
    for (const municipality of ["mixco", "guatemala", "amatitlan", "chinautla"]) {
      for (const weather of ["sunny", "cloudy", "rainy", "foggy"]) {
        const t = parseWeatherTweet({ municipality, weather, temperature: -3, humidity: 0 });
        expect(decodeWeatherTweet(encodeWeatherTweet(t))).toEqual(t);
      }
    }
  });

  test("writes the reference wire format (enum numbers, field numbers)", () => {
    const t = parseWeatherTweet({
      municipality: "guatemala",
      weather: "rainy",
      temperature: 25,
      humidity: 60,
    });
    // field 1 varint 2, field 2 varint 25, field 3 varint 60, field 4 varint 3
    expect([...encodeWeatherTweet(t)]).toEqual([0x08, 2, 0x10, 25, 0x18, 60, 0x20, 3]);
  });

  test("decodes what a reference client sends; only a value the store cannot write fails", () => {
    const Req = protoType("weathertweet.WeatherTweetRequest");
    const bytes = Req.encode({
      municipality: 4,
      temperature: 20,
      humidity: 90,
      weather: 4,
    }).finish();
    expect(decodeWeatherTweet(bytes)).toEqual({
      municipality: "chinautla",
      weather: "foggy",
      temperature: 20,
      humidity: 90,
    });
    const unknown = Req.encode({
      municipality: 0,
      temperature: 20,
      humidity: 90,
      weather: 1,
    }).finish();
    expect(thrown(() => decodeWeatherTweet(unknown))).toMatchObject({
      code: "DECODE",
      field: "municipality",
    });
    const beyond = Req.encode({ municipality: 1, temperature: 20, humidity: 90, weather: 5 });
    expect(thrown(() => decodeWeatherTweet(beyond.finish())).field).toBe("weather");
    // Validated once, at the edge: the decode trusts the ranges.
    const humid = Req.encode({ municipality: 1, temperature: 20, humidity: 101, weather: 1 });
    expect(decodeWeatherTweet(humid.finish()).humidity).toBe(101);
    const wire = { municipality: 1, temperature: 20, humidity: 101, weather: 1 };
    expect(thrown(() => parseWeatherTweet(wire)).field).toBe("humidity");
  });

  test("response round trips", () => {
    expect(decodeWeatherTweetResponse(encodeWeatherTweetResponse({ status: "ok" }))).toEqual({
      status: "ok",
    });
  });
});

describe("sale codec", () => {
  test("round trips and keeps cents exact", () => {
    for (const precio of [0.01, 0.1, 0.3, 123.45, 299.99, 7999.99, 999_999_999.99]) {
      const s = parseProductSale({
        categoria: 1,
        producto_id: "TV-Samsung",
        precio,
        cantidad_vendida: 1,
      });
      expect(decodeProductSale(encodeProductSale(s))).toEqual(s);
    }
  });

  test("decodes a reference client's message; only a value the store cannot write fails", () => {
    const Req = protoType("blackfriday.ProductSaleRequest");
    const sale = { categoria: 4, producto_id: "Labial-Matte", precio: 123.45, cantidad_vendida: 3 };
    expect(decodeProductSale(Req.encode(sale).finish())).toMatchObject({
      categoriaNombre: "Belleza",
      precioCents: 12345,
      cantidad: 3,
    });
    const unstorable = (change: object) =>
      thrown(() => decodeProductSale(Req.encode({ ...sale, ...change }).finish()));
    expect(unstorable({ precio: 1.005 })).toMatchObject({ code: "DECODE", field: "precio" });
    expect(unstorable({ producto_id: "Labial\tMatte" }).field).toBe("producto_id");
    expect(unstorable({ producto_id: "" }).field).toBe("producto_id");
    expect(thrown(() => decodeProductSale(new Uint8Array())).field).toBe("categoria");
    // Validated once, at the edge: the decode trusts the ranges.
    expect(
      decodeProductSale(Req.encode({ ...sale, cantidad_vendida: 20_000 }).finish()).cantidad,
    ).toBe(20_000);
  });

  test("response round trips", () => {
    const r = { estado: "procesado", exito: true };
    expect(decodeProductSaleResponse(encodeProductSaleResponse(r))).toEqual(r);
  });
});

describe("pipeline codec", () => {
  const envelope: Envelope = {
    id: "01HZX3J5Q8W2M7V4R9K6T1N0PB",
    domain: SALES,
    ingestTsUs: 1_760_000_000_123_456,
    payload: new Uint8Array([8, 4, 18, 1, 65]),
  };

  test("envelope round trips with a microsecond timestamp", () => {
    const out = decodeEnvelope(encodeEnvelope(envelope));
    expect({ ...out, payload: [...out.payload] }).toEqual({
      ...envelope,
      payload: [...envelope.payload],
    });
  });

  test("the number of copies round trips; one copy is left out", () => {
    expect(decodeEnvelope(encodeEnvelope({ ...envelope, copies: 2 })).copies).toBe(2);
    expect("copies" in decodeEnvelope(encodeEnvelope({ ...envelope, copies: 1 }))).toBe(false);
    expect("copies" in decodeEnvelope(encodeEnvelope(envelope))).toBe(false);
  });

  test("batch round trips, including an empty batch", () => {
    const batch = {
      batchId: 2 ** 40 + 7,
      events: [envelope, { ...envelope, id: "b", domain: WEATHER }],
    };
    const out = decodeEnvelopeBatch(encodeEnvelopeBatch(batch));
    expect(out.batchId).toBe(batch.batchId);
    expect(out.events.map((e) => [e.id, e.domain, e.ingestTsUs])).toEqual([
      [envelope.id, SALES, envelope.ingestTsUs],
      ["b", WEATHER, envelope.ingestTsUs],
    ]);
    expect(decodeEnvelopeBatch(encodeEnvelopeBatch({ batchId: 1, events: [] }))).toEqual({
      batchId: 1,
      events: [],
    });
  });

  test("ack round trips; empty optional fields come back absent", () => {
    const failed: BatchAck = {
      batchId: 9,
      ok: false,
      errorCode: "BROKER_UNAVAILABLE",
      error: "kafka down",
      retryAfterS: 2,
    };
    expect(decodeBatchAck(encodeBatchAck(failed))).toEqual(failed);
    expect(decodeBatchAck(encodeBatchAck({ batchId: 10, ok: true }))).toEqual({
      batchId: 10,
      ok: true,
    });
  });

  // Which domains exist is the registry's business (@rafaga/domains); the codec only
  // refuses numbers no domain can have.
  test("rejects envelopes with no domain, a negative one, or no id", () => {
    expect(
      thrown(() => decodeEnvelope(encodeEnvelope({ ...envelope, domain: -7 as Domain }))).code,
    ).toBe("DECODE");
    expect(decodeEnvelope(encodeEnvelope({ ...envelope, domain: 7 })).domain).toBe(7);
    expect(
      thrown(() => decodeEnvelope(encodeEnvelope({ ...envelope, domain: 0 as Domain }))).code,
    ).toBe("DECODE");
    expect(thrown(() => decodeEnvelope(encodeEnvelope({ ...envelope, id: "" }))).code).toBe(
      "DECODE",
    );
  });

  test("rejects a batch id beyond 2^53", () => {
    const bytes = protoType("rafaga.pipeline.BatchAck")
      .encode({ batchId: "18446744073709551615", ok: true })
      .finish();
    expect(thrown(() => decodeBatchAck(bytes)).code).toBe("DECODE");
  });
});

describe("garbage bytes", () => {
  const decoders = {
    decodeWeatherTweet,
    decodeWeatherTweetResponse,
    decodeProductSale,
    decodeProductSaleResponse,
    decodeEnvelope,
    decodeEnvelopeBatch,
    decodeBatchAck,
  };
  for (const [name, decode] of Object.entries(decoders)) {
    test(`${name} throws DECODE, not a raw error`, () => {
      for (const bytes of garbage) {
        const err = thrown(() => decode(bytes));
        expect(err.code).toBe("DECODE");
        expect(err.status).toBe(400);
      }
    });
  }

  test("random bytes never escape as anything but a RafagaError", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed & 0xff;
    };
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 40) }, next);
      for (const decode of Object.values(decoders)) {
        try {
          decode(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(RafagaError);
        }
      }
    }
  });
});
