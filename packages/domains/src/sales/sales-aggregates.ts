import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";

export interface RankedProduct {
  product: string;
  quantity: number;
}

export interface PricePoint {
  /** The stream entry id, `<ms>-<seq>`. */
  id: string;
  /** As stored: a decimal string with 2 decimals. */
  precio: string;
}

export interface CategoryAggregates {
  monitoredProduct: string | null;
  /** Oldest first; approximately the last `streamMaxLength` sales of the monitored product. */
  priceStream: PricePoint[];
  count: number;
  quantitySum: number;
  priceSumCents: number;
  /** The reference keys as stored: 2-decimal strings ("1234.50"), "0.00" when empty. */
  priceSum: string;
  avgQuantity: string;
  avgPrice: string;
  /** Best-selling first. */
  ranking: RankedProduct[];
}

export interface SalesAggregates {
  categories: Record<CategoryName, CategoryAggregates>;
  totalSales: number;
  /** Best-selling first, all categories. */
  ranking: RankedProduct[];
  /** null until the first sale. */
  maxPrice: { precio: string; cents: number } | null;
  minPrice: { precio: string; cents: number } | null;
}

/** Replies per category, in this order, then GLOBAL_READS. */
export const CATEGORY_READS = 9;

type Reply = unknown;
const int = (v: Reply): number => (typeof v === "string" ? Number(v) : 0);
const text = (v: Reply, empty: string): string => (typeof v === "string" ? v : empty);

function ranking(flat: Reply): RankedProduct[] {
  const items = flat as string[];
  const out: RankedProduct[] = [];
  for (let i = 0; i < items.length; i += 2) {
    out.push({ product: items[i] as string, quantity: Number(items[i + 1]) });
  }
  return out;
}

function priceStream(entries: Reply): PricePoint[] {
  return (entries as [string, string[]][]).map(([id, fields]) => ({
    id,
    precio: fields[fields.indexOf("precio") + 1] ?? "",
  }));
}

function category(r: readonly Reply[], newestFirst: boolean): CategoryAggregates {
  const prices = priceStream(r[1]);
  return {
    monitoredProduct: typeof r[0] === "string" ? r[0] : null,
    priceStream: newestFirst ? prices.reverse() : prices,
    count: int(r[2]),
    quantitySum: int(r[3]),
    priceSum: text(r[4], "0.00"),
    priceSumCents: int(r[5]),
    avgQuantity: text(r[6], "0"),
    avgPrice: text(r[7], "0"),
    ranking: ranking(r[8]),
  };
}

const price = (precio: Reply, cents: Reply) =>
  typeof precio === "string" ? { precio, cents: int(cents) } : null;

/** `newestFirst`: the price streams were read newest first (XREVRANGE). */
export function parseAggregates(
  replies: readonly Reply[],
  { newestFirst = false } = {},
): SalesAggregates {
  const categories = Object.fromEntries(
    CATEGORIES.map((c, i) => [
      c,
      category(replies.slice(i * CATEGORY_READS, (i + 1) * CATEGORY_READS), newestFirst),
    ]),
  ) as Record<CategoryName, CategoryAggregates>;
  const g = replies.slice(CATEGORIES.length * CATEGORY_READS);
  return {
    categories,
    totalSales: int(g[0]),
    ranking: ranking(g[1]),
    maxPrice: price(g[2], g[3]),
    minPrice: price(g[4], g[5]),
  };
}
