import type { CategoryName } from "./sales-catalog.ts";

/**
 * The sales key names (SPEC §2), for the reads. sales-apply.lua builds the same names
 * for the writes; the tests read through these, so a mismatch fails them.
 */
export const salesKeys = (prefix: string) => ({
  monitored: (c: CategoryName) => `${prefix}producto_monitoreado_nombre:${c}`,
  priceStream: (c: CategoryName) => `${prefix}stream_precio_producto_unico:${c}`,
  count: (c: CategoryName) => `${prefix}contador:${c}`,
  quantitySum: (c: CategoryName) => `${prefix}suma_cantidad:${c}`,
  priceSum: (c: CategoryName) => `${prefix}suma_precio:${c}`,
  priceSumCents: (c: CategoryName) => `${prefix}suma_precio_cents:${c}`,
  avgQuantity: (c: CategoryName) => `${prefix}promedio_productos:${c}`,
  avgPrice: (c: CategoryName) => `${prefix}promedio_precio_tag:${c}`,
  rankingByCategory: (c: CategoryName) => `${prefix}ranking_productos_cat:${c}`,
  totalSales: `${prefix}total_ventas`,
  ranking: `${prefix}ranking_productos`,
  maxPrice: `${prefix}precio_max_global`,
  maxPriceCents: `${prefix}precio_max_global_cents`,
  minPrice: `${prefix}precio_min_global`,
  minPriceCents: `${prefix}precio_min_global_cents`,
  seen: (id: string) => `${prefix}sales_seen:${id}`,
});
