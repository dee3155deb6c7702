import type { SalesEvent } from "./sales-event.ts";

/**
 * sales-apply-fenced.lua's arguments after the ranges: the batch's sale count, per
 * category its count, quantity, cents and first product, the quantity per product overall
 * and per category, the highest and lowest price, and each product's prices in apply
 * order (the script streams only the monitored product's).
 */
export function combineSales(events: readonly SalesEvent[]): string[] {
  const categories = new Map<
    string,
    { n: number; quantity: number; cents: number; first: string }
  >();
  const ranking = new Map<string, number>();
  const rankingCat = new Map<string, number>();
  const prices = new Map<string, string>();
  let max = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const e of events) {
    const c = e.categoriaNombre;
    const agg = categories.get(c);
    if (agg === undefined) {
      categories.set(c, { n: 1, quantity: e.cantidad, cents: e.precioCents, first: e.productoId });
    } else {
      agg.n += 1;
      agg.quantity += e.cantidad;
      agg.cents += e.precioCents;
    }
    ranking.set(e.productoId, (ranking.get(e.productoId) ?? 0) + e.cantidad);
    const cp = `${c}\t${e.productoId}`;
    rankingCat.set(cp, (rankingCat.get(cp) ?? 0) + e.cantidad);
    const list = prices.get(cp);
    prices.set(cp, list === undefined ? `${e.precioCents}` : `${list},${e.precioCents}`);
    if (e.precioCents > max) max = e.precioCents;
    if (e.precioCents < min) min = e.precioCents;
  }
  return [
    String(events.length),
    [...categories]
      .map(([c, a]) => `${c}\t${a.n}\t${a.quantity}\t${a.cents}\t${a.first}`)
      .join("\t"),
    [...ranking].map(([product, q]) => `${product}\t${q}`).join("\t"),
    [...rankingCat].map(([cp, q]) => `${cp}\t${q}`).join("\t"),
    `${max}\t${min}`,
    ...[...prices].map(([cp, list]) => `${cp}\t${list}`),
  ];
}
