import type { ProductSale } from "./product-sale.ts";

/** A validated sale as the consumers carry it: the pipeline's id makes it idempotent. */
export interface SalesEvent extends ProductSale {
  id: string;
  /** Microseconds since the epoch when ingest accepted it. */
  ingestTsUs: number;
}

/**
 * The script's ARGV for a batch: one tab-separated string per sale, in apply order (the
 * order decides which product is the first seen in a category), ending in its fence field
 * (offset-fence.ts). Nothing is checked here: sales come from `decodeProductSale` and ids
 * from the envelope decode, which refuse what the script could not take, one record at a
 * time; the script still refuses a malformed batch whole, before any write.
 */
export function salesArgs(events: readonly SalesEvent[], fences: readonly string[]): string[] {
  return events.map(
    (e, i) =>
      `${e.id}\t${e.categoriaNombre}\t${e.productoId}\t${e.precioCents}\t${e.cantidad}\t${fences[i]}`,
  );
}
