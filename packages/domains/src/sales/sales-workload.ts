import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { WorkloadItem } from "../domain-module.ts";
import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";
import { SALES_PROFILE, SALES_WEIGHTED } from "./sales-profile.ts";

/**
 * Seeded, so two runs send the same sales. The price is drawn in cents and sent as
 * cents / 100: the double nearest to a 2-decimal value, which is what the API accepts.
 * tallyKey is the category name.
 */
export function salesWorkload(seed = 42): (index: number) => WorkloadItem {
  const rng = xoroshiro128plus(seed);
  const pick = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  return () => {
    const name = SALES_WEIGHTED[pick(0, SALES_WEIGHTED.length - 1)] as CategoryName;
    const p = SALES_PROFILE[name];
    return {
      body: {
        categoria: CATEGORIES.indexOf(name) + 1,
        producto_id: p.products[pick(0, p.products.length - 1)] as string,
        precio: pick(p.cents[0], p.cents[1]) / 100,
        cantidad_vendida: pick(p.quantity[0], p.quantity[1]),
      },
      tallyKey: name,
    };
  };
}
