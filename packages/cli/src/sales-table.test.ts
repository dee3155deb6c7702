import { expect, test } from "bun:test";
import type { CategoryAggregates, SalesAggregates } from "@rafaga/domains";
import { formatSalesTable } from "./sales-table.ts";

const category = (over: Partial<CategoryAggregates> = {}): CategoryAggregates => ({
  monitoredProduct: null,
  priceStream: [],
  count: 0,
  quantitySum: 0,
  priceSumCents: 0,
  priceSum: "0.00",
  avgQuantity: "0",
  avgPrice: "0",
  ranking: [],
  ...over,
});

test("averages show to the cent in their own columns, however long the stored quotient", () => {
  const ropa = category({
    count: 857,
    quantitySum: 1702,
    priceSumCents: 25370440,
    priceSum: "253704.40",
    avgQuantity: "1.985997666277713",
    avgPrice: "296.0378063010502",
    monitoredProduct: "Camisa-Polo",
  });
  const aggregates: SalesAggregates = {
    categories: { Electronica: category(), Ropa: ropa, Hogar: category(), Belleza: category() },
    totalSales: 857,
    ranking: [],
    maxPrice: null,
    minPrice: null,
  };
  const line = formatSalesTable(aggregates, "t")
    .split("\n")
    .find((l) => l.startsWith("Ropa"));
  expect(line?.split(/\s+/)).toEqual([
    "Ropa",
    "857",
    "1702",
    "253704.40",
    "1.99",
    "296.04",
    "Camisa-Polo",
    "0",
  ]);
});
