import { fieldError, firstFieldError } from "@rafaga/core";
import { type Static, Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { CATEGORIES, type CategoryName, type CategoryNumber } from "./sales-catalog.ts";

// Cents of the highest accepted price must stay far below 2^53 so that sums of
// millions of sales are still exact integers.
const MAX_PRECIO = 1_000_000_000;

/** The body of `POST /purchase` (SPEC §2). */
export const ProductSaleInput = Type.Object(
  {
    categoria: Type.Integer({
      minimum: 1,
      maximum: CATEGORIES.length,
      description: "1 Electronica, 2 Ropa, 3 Hogar, 4 Belleza",
    }),
    producto_id: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: "^[A-Za-z0-9._-]+$",
      // It becomes part of Valkey keys and sorted-set members: keep it printable.
      description: "Product id, e.g. Labial-Matte",
    }),
    precio: Type.Number({
      exclusiveMinimum: 0,
      maximum: MAX_PRECIO,
      expected: `a number greater than 0 and at most ${MAX_PRECIO} with at most 2 decimals`,
      description: "Unit price",
    }),
    cantidad_vendida: Type.Integer({ minimum: 1, maximum: 10_000, description: "Units sold" }),
  },
  { additionalProperties: false },
);

export type ProductSaleInput = Static<typeof ProductSaleInput>;

/** A validated sale. Money is integer cents: float sums drift, cent sums do not. */
export interface ProductSale {
  categoria: CategoryNumber;
  categoriaNombre: CategoryName;
  productoId: string;
  precioCents: number;
  cantidad: number;
}

const check = TypeCompiler.Compile(ProductSaleInput);

/**
 * The cents of a price with at most two decimals, else undefined. Exact, not a
 * tolerance: p is accepted only if it is the double nearest to k/100, which is what
 * parsing "k/100" written with two decimals yields. So 123.45 passes, while 1.005 and
 * 0.1 + 0.2 (0.30000000000000004, a float artefact the client should have rounded)
 * are rejected, as their shortest decimal form has more than 2 decimals.
 */
export function priceCents(p: number): number | undefined {
  const cents = Math.round(p * 100);
  return cents / 100 === p ? cents : undefined;
}

/** Validates and normalizes; throws RafagaError VALIDATION naming the first bad field. */
export function parseProductSale(input: unknown): ProductSale {
  if (!check.Check(input)) throw firstFieldError(ProductSaleInput, input);
  const precioCents = priceCents(input.precio);
  if (precioCents === undefined) {
    throw fieldError("precio", "precio must have at most 2 decimals");
  }
  const categoria = input.categoria as CategoryNumber;
  return {
    categoria,
    categoriaNombre: CATEGORIES[categoria - 1] as CategoryName,
    productoId: input.producto_id,
    precioCents,
    cantidad: input.cantidad_vendida,
  };
}
