import type { ProductSale } from "./product-sale.ts";

/** A validated sale as the consumers carry it: the pipeline's id makes it idempotent. */
export interface SalesEvent extends ProductSale {
  id: string;
  /** Microseconds since the epoch when ingest accepted it. */
  ingestTsUs: number;
}

/**
 * A sale's fields for sales-apply.lua, tab-separated. Nothing is checked here: sales come
 * from `decodeProductSale` and ids from the envelope decode, which refuse what the script
 * could not take, one record at a time; the script still refuses a malformed batch whole,
 * before any write.
 */
export const packSale = (e: SalesEvent): string =>
  `${e.categoriaNombre}\t${e.productoId}\t${e.precioCents}\t${e.cantidad}`;
