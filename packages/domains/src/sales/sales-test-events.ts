import { CATEGORIES, type CategoryName, type CategoryNumber } from "./sales-catalog.ts";
import type { SalesEvent } from "./sales-event.ts";
import { SALES_PROFILE, SALES_WEIGHTED } from "./sales-profile.ts";

let serial = 0;

export function randomSale(random: () => number): SalesEvent {
  serial++;
  const name = SALES_WEIGHTED[Math.floor(random() * SALES_WEIGHTED.length)] as CategoryName;
  const w = SALES_PROFILE[name];
  const [lo, hi] = w.cents;
  const [fewest, most] = w.quantity;
  return {
    id: `s${Date.now().toString(36)}-${serial}-${Math.floor(random() * 1e9)}`,
    categoria: (CATEGORIES.indexOf(name) + 1) as CategoryNumber,
    categoriaNombre: name,
    productoId: w.products[Math.floor(random() * w.products.length)] as string,
    precioCents: lo + Math.floor(random() * (hi - lo + 1)),
    cantidad: fewest + Math.floor(random() * (most - fewest + 1)),
    ingestTsUs: Date.now() * 1000 + serial,
  };
}
