import { money } from "@rafaga/core";
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

export interface CategoryOracle {
  monitored: string | null;
  /** Every price of the monitored product, in apply order, as "123.45". */
  monitoredPrices: string[];
  count: number;
  quantity: number;
  cents: number;
  ranking: Map<string, number>;
}

/** What the store must hold after `events` in this order, each id counted once. */
export function salesOracle(events: readonly SalesEvent[]) {
  const seen = new Set<string>();
  const empty = (): CategoryOracle => ({
    monitored: null,
    monitoredPrices: [],
    count: 0,
    quantity: 0,
    cents: 0,
    ranking: new Map(),
  });
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, empty()])) as Record<
    CategoryName,
    CategoryOracle
  >;
  const ranking = new Map<string, number>();
  let total = 0;
  let max: number | null = null;
  let min: number | null = null;
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const c = categories[e.categoriaNombre];
    c.monitored ??= e.productoId;
    if (c.monitored === e.productoId) c.monitoredPrices.push(money(e.precioCents));
    c.count++;
    c.quantity += e.cantidad;
    c.cents += e.precioCents;
    c.ranking.set(e.productoId, (c.ranking.get(e.productoId) ?? 0) + e.cantidad);
    ranking.set(e.productoId, (ranking.get(e.productoId) ?? 0) + e.cantidad);
    total++;
    max = max === null ? e.precioCents : Math.max(max, e.precioCents);
    min = min === null ? e.precioCents : Math.min(min, e.precioCents);
  }
  return { categories, ranking, total, max, min };
}
