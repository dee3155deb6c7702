import { decodeOrThrow, encodeWith, protoType } from "@rafaga/core";
import { type ProductSale, parseProductSale } from "./product-sale.ts";

const Request = protoType("productsale.ProductSaleRequest");
const Response = protoType("productsale.ProductSaleResponse");

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

/** Decodes and validates (DECODE for broken bytes, VALIDATION for bad values). */
export function decodeProductSale(bytes: Uint8Array): ProductSale {
  const m = decodeOrThrow<RequestWire>(Request, bytes);
  return parseProductSale({
    categoria: m.categoria,
    producto_id: m.producto_id,
    precio: m.precio,
    cantidad_vendida: m.cantidad_vendida,
  });
}

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
