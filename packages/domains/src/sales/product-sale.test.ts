import { describe, expect, test } from "bun:test";
import { RafagaError } from "@rafaga/core";
import { parseProductSale, priceCents } from "./product-sale.ts";

const valid = { categoria: 4, producto_id: "Labial-Matte", precio: 123.45, cantidad_vendida: 3 };

function failure(input: unknown): RafagaError {
  try {
    parseProductSale(input);
  } catch (err) {
    expect(err).toBeInstanceOf(RafagaError);
    return err as RafagaError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe("parseProductSale", () => {
  test("accepts the reference body and normalizes money to cents", () => {
    expect(parseProductSale({ ...valid })).toEqual({
      categoria: 4,
      categoriaNombre: "Belleza",
      productoId: "Labial-Matte",
      precioCents: 12345,
      cantidad: 3,
    });
  });

  test("maps every category number to its name", () => {
    const names = [1, 2, 3, 4].map(
      (c) => parseProductSale({ ...valid, categoria: c }).categoriaNombre,
    );
    expect(names).toEqual(["Electronica", "Ropa", "Hogar", "Belleza"]);
  });

  test("accepts ids with dots, dashes, underscores and 64 chars", () => {
    for (const id of ["iPhone-15", "a.b_c-D9", "x", "a".repeat(64)]) {
      expect(parseProductSale({ ...valid, producto_id: id }).productoId).toBe(id);
    }
  });

  test.each([
    ["categoria", 0],
    ["categoria", 5],
    ["categoria", "4"],
    ["categoria", "Belleza"],
    ["categoria", 2.5],
    ["producto_id", ""],
    ["producto_id", "a".repeat(65)],
    ["producto_id", "Labial Matte"],
    ["producto_id", "prod/1"],
    ["producto_id", "ñandú"],
    ["producto_id", 15],
    ["precio", 0],
    ["precio", -1],
    ["precio", "123.45"],
    ["precio", Number.NaN],
    ["precio", Number.POSITIVE_INFINITY],
    ["precio", 1e10],
    ["precio", null],
    ["cantidad_vendida", 0],
    ["cantidad_vendida", 10_001],
    ["cantidad_vendida", 1.5],
    ["cantidad_vendida", "3"],
  ])("rejects %s = %p naming the field", (field, value) => {
    const err = failure({ ...valid, [field]: value });
    expect(err.code).toBe("VALIDATION");
    expect(err.field).toBe(field);
  });

  test.each([1.005, 123.456, 0.001, 0.1 + 0.2, 19.999])("rejects precio %p (> 2 decimals)", (p) => {
    const err = failure({ ...valid, precio: p });
    expect(err.field).toBe("precio");
    expect(err.message).toBe("precio must have at most 2 decimals");
  });

  test.each(["categoria", "producto_id", "precio", "cantidad_vendida"])(
    "rejects missing %s",
    (f) => {
      const body: Record<string, unknown> = { ...valid };
      delete body[f];
      expect(failure(body).field).toBe(f);
    },
  );

  test("rejects an extra field naming it", () => {
    expect(failure({ ...valid, descuento: 10 }).field).toBe("descuento");
  });
});

describe("priceCents", () => {
  test("is exact for every two-decimal price the workloads use", () => {
    for (const p of [0.01, 0.1, 0.3, 0.7, 1.1, 50, 123.45, 299.99, 1500, 7999.99, 8000]) {
      expect(priceCents(p)).toBe(Math.round(p * 100));
    }
    // Every cent value in a wide range survives the decimal -> double -> cents trip.
    for (let cents = 1; cents < 2_000_000; cents += 13) {
      expect(priceCents(Number((cents / 100).toFixed(2)))).toBe(cents);
    }
  });

  test("cent sums do not drift where float sums do", () => {
    let floats = 0;
    let cents = 0;
    for (let i = 0; i < 1000; i++) {
      floats += 0.1;
      cents += priceCents(0.1) ?? 0;
    }
    expect(floats).not.toBe(100);
    expect(cents).toBe(10_000);
  });
});
