import { average, money } from "@rafaga/core";
import type { RankedProduct, SalesAggregates } from "./sales-aggregates.ts";
import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";
import type { SalesEvent } from "./sales-event.ts";

/**
 * What a test expects Valkey to hold, computed from the accepted sales and nothing else:
 * no code shared with the store, so a bug there cannot hide here too. The one sales oracle:
 * the pipeline tests feed it what ingest acknowledged, the store tests the events they apply.
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

  /** A sales event as the consumers apply it; a repeated id counts once, where it came first. */
  acceptEvent(e: SalesEvent): void {
    if (this.sales.has(e.id)) return;
    this.sales.set(e.id, {
      id: e.id,
      category: e.categoriaNombre,
      product: e.productoId,
      cents: e.precioCents,
      quantity: e.cantidad,
    });
  }

  static ofEvents(events: readonly SalesEvent[]): SalesOracle {
    const oracle = new SalesOracle();
    for (const e of events) oracle.acceptEvent(e);
    return oracle;
  }

  /**
   * The monitored product of `category` (its first sale) and every price of it in apply
   * order, as "123.45": what `stream_precio_producto_unico:C` holds, before trimming.
   */
  monitored(category: CategoryName): { product: string | null; prices: string[] } {
    const sales = this.salesOf(category);
    const product = sales[0]?.product ?? null;
    const prices = sales.filter((s) => s.product === product).map((s) => money(s.cents));
    return { product, prices };
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

const asRecord = (ranking: RankedProduct[]) =>
  Object.fromEntries(ranking.map((r) => [r.product, r.quantity]));

/** The exact part of what the store holds, in the oracle's shape, for one toEqual. */
export function viewOf(got: SalesAggregates): SalesView {
  const categories = Object.fromEntries(
    CATEGORIES.map((c): [CategoryName, CategoryView] => {
      const g = got.categories[c];
      return [
        c,
        {
          count: g.count,
          quantitySum: g.quantitySum,
          priceSumCents: g.priceSumCents,
          priceSum: g.priceSum,
          avgQuantity: g.avgQuantity,
          avgPrice: g.avgPrice,
          ranking: asRecord(g.ranking),
        },
      ];
    }),
  ) as Record<CategoryName, CategoryView>;
  return {
    categories,
    totalSales: got.totalSales,
    ranking: asRecord(got.ranking),
    maxPrice: got.maxPrice,
    minPrice: got.minPrice,
  };
}
