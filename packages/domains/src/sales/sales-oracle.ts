import { average, money } from "@rafaga/core";
import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";

/**
 * What the test expects Valkey to hold, computed from the sales ingest acknowledged and
 * nothing else: no code shared with the store, so a bug there cannot hide here too.
 */
export interface CategoryView {
  count: number;
  quantitySum: number;
  priceSumCents: number;
  priceSum: string;
  avgQuantity: string;
  avgPrice: string;
  /** product -> units sold */
  ranking: Record<string, number>;
}

export interface SalesView {
  categories: Record<CategoryName, CategoryView>;
  totalSales: number;
  ranking: Record<string, number>;
  maxPrice: { precio: string; cents: number } | null;
  minPrice: { precio: string; cents: number } | null;
}

export interface AcceptedSale {
  id: string;
  category: CategoryName;
  product: string;
  cents: number;
  quantity: number;
}

/** Collects what ingest accepted, keyed by the event id it answered with. */
export class SalesOracle {
  readonly sales = new Map<string, AcceptedSale>();

  /** `body` as sent; `id` from the 202. A repeated id (an idempotent retry) counts once. */
  accept(body: Record<string, unknown>, id: string): void {
    const category = CATEGORIES[(body.categoria as number) - 1];
    if (category === undefined) throw new Error(`accepted a sale without a category: ${id}`);
    this.sales.set(id, {
      id,
      category,
      product: body.producto_id as string,
      cents: Math.round((body.precio as number) * 100),
      quantity: body.cantidad_vendida as number,
    });
  }

  /** Every accepted sale of `category`, for the order-dependent checks. */
  salesOf(category: CategoryName): AcceptedSale[] {
    return [...this.sales.values()].filter((s) => s.category === category);
  }

  expected(): SalesView {
    const all = [...this.sales.values()];
    const categories = Object.fromEntries(
      CATEGORIES.map((c) => [c, categoryView(all.filter((s) => s.category === c))]),
    ) as Record<CategoryName, CategoryView>;
    const cents = all.map((s) => s.cents);
    const price = (c: number) => ({ precio: money(c), cents: c });
    return {
      categories,
      totalSales: all.length,
      ranking: units(all),
      maxPrice: cents.length === 0 ? null : price(Math.max(...cents)),
      minPrice: cents.length === 0 ? null : price(Math.min(...cents)),
    };
  }
}

function categoryView(sales: AcceptedSale[]): CategoryView {
  const quantitySum = sales.reduce((sum, s) => sum + s.quantity, 0);
  const priceSumCents = sales.reduce((sum, s) => sum + s.cents, 0);
  return {
    count: sales.length,
    quantitySum,
    priceSumCents,
    priceSum: money(priceSumCents),
    avgQuantity: average(quantitySum, sales.length),
    avgPrice: average(priceSumCents, sales.length * 100),
    ranking: units(sales),
  };
}

function units(sales: AcceptedSale[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of sales) out[s.product] = (out[s.product] ?? 0) + s.quantity;
  return out;
}
