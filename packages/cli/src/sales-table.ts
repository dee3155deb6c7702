import { fixed2 } from "@rafaga/core";
import type { SalesAggregates } from "@rafaga/domains";
import { CATEGORIES } from "@rafaga/domains";

/**
 * The Black Friday aggregates as the reference dashboard shows them, one row per category.
 * The averages are shown to the cent, from the exact sums: Valkey holds the full quotient
 * (`1.9859154929577465`), too wide for a column.
 */
export function formatSalesTable(a: SalesAggregates, title: string): string {
  const cols = [
    "sales",
    "qty sum",
    "price sum",
    "avg qty",
    "avg price",
    "monitored product",
    "stream",
  ];
  const widths = [8, 9, 13, 9, 11, 20, 8];
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join("");
  const lines = [title, `${"".padEnd(12)}${row(cols)}`];
  for (const c of CATEGORIES) {
    const x = a.categories[c];
    lines.push(
      `${c.padEnd(12)}${row([x.count, x.quantitySum, x.priceSum, fixed2(x.quantitySum, x.count), fixed2(x.priceSumCents, x.count * 100), x.monitoredProduct ?? "-", x.priceStream.length])}`,
    );
  }
  const best = a.ranking[0];
  const least = a.ranking.at(-1);
  lines.push(
    `total_ventas ${a.totalSales}; price max ${a.maxPrice?.precio ?? "-"}, min ${a.minPrice?.precio ?? "-"}; ` +
      `best-selling ${best ? `${best.product} (${best.quantity})` : "-"}, least ${least ? `${least.product} (${least.quantity})` : "-"}`,
  );
  return lines.join("\n");
}
