import { decodeOrThrow, encodeWith, isId, protoType, RafagaError } from "@rafaga/core";
import { type ProductSale, priceCents } from "./product-sale.ts";
import { type CategoryNumber, categoryName } from "./sales-catalog.ts";

const Request = protoType("blackfriday.ProductSaleRequest");
const Response = protoType("blackfriday.ProductSaleResponse");

interface RequestWire {
  categoria: number;
  producto_id: string;
  precio: number;
  cantidad_vendida: number;
}

/**
 * Encodes a validated sale as the reference `ProductSaleRequest`. cents / 100 is the
 * double nearest to the two-decimal price, so the cents come back exactly on decode.
 */
export function encodeProductSale(s: ProductSale): Uint8Array {
  const wire: RequestWire = {
    categoria: s.categoria,
    producto_id: s.productoId,
    precio: s.precioCents / 100,
    cantidad_vendida: s.cantidad,
  };
  return encodeWith(Request, wire);
}

/**
 * Decodes a sale that ingest validated and encoded: values are not checked again (that
 * happened once, at the edge). DECODE for broken bytes and for what the store could not
 * write: a category number without a name, a product id that cannot be part of a key,
 * a price that is not whole cents. Untrusted protobuf goes through `parseProductSale`.
 */
export function decodeProductSale(bytes: Uint8Array): ProductSale {
  const m = decodeOrThrow<RequestWire>(Request, bytes);
  const categoriaNombre = categoryName(m.categoria);
  if (categoriaNombre === undefined) throw unstorable("categoria", m.categoria);
  if (!isId(m.producto_id)) throw unstorable("producto_id", m.producto_id);
  const precioCents = priceCents(m.precio);
  if (precioCents === undefined) throw unstorable("precio", m.precio);
  return {
    categoria: m.categoria as CategoryNumber,
    categoriaNombre,
    productoId: m.producto_id,
    precioCents,
    cantidad: m.cantidad_vendida,
  };
}

const unstorable = (field: string, value: unknown) =>
  new RafagaError("DECODE", `sale with ${field} ${JSON.stringify(value)}: cannot be stored`, {
    field,
  });

export interface ProductSaleResponse {
  estado: string;
  exito: boolean;
}

export function encodeProductSaleResponse(r: ProductSaleResponse): Uint8Array {
  return encodeWith(Response, r);
}

export function decodeProductSaleResponse(bytes: Uint8Array): ProductSaleResponse {
  const m = decodeOrThrow<ProductSaleResponse>(Response, bytes);
  return { estado: m.estado, exito: m.exito };
}
