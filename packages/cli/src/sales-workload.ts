import { CATEGORIES, type CategoryName } from "@rafaga/core";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { WorkloadItem } from "./weather-workload.ts";

export interface CategoryProfile {
  /** Relative weight among the categories (the reference Locust task weights). */
  weight: number;
  products: readonly string[];
  /** Price range in integer cents, both ends included: prices always have 2 decimals. */
  cents: readonly [number, number];
  quantity: readonly [number, number];
}

/** The reference Black Friday workload (SPEC §2). */
export const SALES_PROFILE: Readonly<Record<CategoryName, CategoryProfile>> = {
  Belleza: {
    weight: 3,
    products: ["Labial-Matte", "Base-Liquida", "Perfume-Floral", "Crema-Hidratante"],
    cents: [5_000, 30_000],
    quantity: [1, 5],
  },
  Electronica: {
    weight: 1,
    products: ["TV-Samsung", "iPhone-15", "Laptop-HP"],
    cents: [200_000, 800_000],
    quantity: [1, 1],
  },
  Ropa: {
    weight: 1,
    products: ["Camisa-Polo", "Jeans-Levis", "Vestido-Gala"],
    cents: [10_000, 50_000],
    quantity: [1, 3],
  },
  Hogar: {
    weight: 1,
    products: ["Licuadora", "Microondas", "Sofa"],
    cents: [30_000, 150_000],
    quantity: [1, 1],
  },
};

// One slot per unit of weight, so a uniform pick over it follows the weights exactly.
const WEIGHTED: CategoryName[] = CATEGORIES.flatMap((c) =>
  Array.from({ length: SALES_PROFILE[c].weight }, () => c),
);

/**
 * Seeded, so two runs send the same sales. The price is drawn in cents and sent as
 * cents / 100: the double nearest to a 2-decimal value, which is what the API accepts.
 * tallyKey is the category name.
 */
export function salesWorkload(seed = 42): (index: number) => WorkloadItem {
  const rng = xoroshiro128plus(seed);
  const pick = (lo: number, hi: number) => uniformInt(rng, lo, hi);
  return () => {
    const name = WEIGHTED[pick(0, WEIGHTED.length - 1)] as CategoryName;
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
