import { CATEGORIES, type CategoryName } from "./sales-catalog.ts";

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

/** One slot per unit of weight, so a uniform pick over it follows the weights exactly. */
export const SALES_WEIGHTED: readonly CategoryName[] = CATEGORIES.flatMap((c) =>
  Array.from({ length: SALES_PROFILE[c].weight }, () => c),
);
