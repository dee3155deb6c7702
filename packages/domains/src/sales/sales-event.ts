import { RafagaError } from "@rafaga/core";
import { isId } from "@rafaga/store";
import type { ProductSale } from "./product-sale.ts";
import { CATEGORIES } from "./sales-catalog.ts";

/** A validated sale as the consumers carry it: the pipeline's id makes it idempotent. */
export interface SalesEvent extends ProductSale {
  id: string;
  /** Microseconds since the epoch when ingest accepted it. */
  ingestTsUs: number;
}

// Core accepts prices up to 10^9 (10^11 cents): sums of millions stay exact doubles in Lua.
const MAX_CENTS = 100_000_000_000;
const MAX_QUANTITY = 1_000_000;

/**
 * The script's ARGV for a batch: one tab-separated string per sale, in apply order (the
 * order decides which product is the first seen in a category), ending in its fence field
 * (offset-fence.ts). Checked here so a bad
 * event fails the batch with VALIDATION naming it, before anything is sent.
 */
export function salesArgs(events: readonly SalesEvent[], fences: readonly string[]): string[] {
  return events.map((e, i) => {
    checkSalesEvent(e);
    return `${e.id}\t${e.categoriaNombre}\t${e.productoId}\t${e.precioCents}\t${e.cantidad}\t${fences[i]}`;
  });
}

function checkSalesEvent(e: SalesEvent): void {
  const bad = (field: string) =>
    new RafagaError("VALIDATION", `sales event ${String(e?.id)}: bad ${field}`, { field });
  if (!isId(e.id)) throw bad("id");
  if (CATEGORIES[e.categoria - 1] !== e.categoriaNombre) throw bad("categoriaNombre");
  if (!isId(e.productoId)) throw bad("productoId");
  if (!isCount(e.precioCents, MAX_CENTS)) throw bad("precioCents");
  if (!isCount(e.cantidad, MAX_QUANTITY)) throw bad("cantidad");
}

const isCount = (n: number, max: number): boolean => Number.isInteger(n) && n >= 1 && n <= max;
