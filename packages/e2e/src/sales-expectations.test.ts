import { describe, expect, test } from "bun:test";
import { average, money } from "@rafaga/core";
import type { CategoryAggregates, SalesAggregates } from "@rafaga/domains";
import { CATEGORIES, type CategoryName, SalesOracle } from "@rafaga/domains";
import { orderProblems, viewOf } from "./sales-expectations.ts";

// No services: checks that the checks themselves can fail.

const sale = (categoria: number, producto_id: string, precio: number, cantidad_vendida = 1) => ({
  categoria,
  producto_id,
  precio,
  cantidad_vendida,
});

function oracleOf(...bodies: ReturnType<typeof sale>[]): SalesOracle {
  const oracle = new SalesOracle();
  for (const [i, body] of bodies.entries()) oracle.accept(body, `id-${i}`);
  return oracle;
}

/** Aggregates as a correct store would hold them, with `monitored` and its stream. */
function aggregatesOf(oracle: SalesOracle, monitored: Partial<Record<CategoryName, string>>) {
  const view = oracle.expected();
  const categories = Object.fromEntries(
    CATEGORIES.map((c): [CategoryName, CategoryAggregates] => {
      const product = monitored[c] ?? null;
      const ranking = Object.entries(view.categories[c].ranking)
        .map(([p, quantity]) => ({ product: p, quantity }))
        .sort((a, b) => b.quantity - a.quantity);
      const stream = oracle
        .salesOf(c)
        .filter((s) => s.product === product)
        .map((s, i) => ({ id: `${i}-0`, precio: money(s.cents) }));
      return [
        c,
        { ...view.categories[c], monitoredProduct: product, priceStream: stream, ranking },
      ];
    }),
  ) as Record<CategoryName, CategoryAggregates>;
  const ranking = Object.entries(view.ranking)
    .map(([product, quantity]) => ({ product, quantity }))
    .sort((a, b) => b.quantity - a.quantity);
  return { ...view, categories, ranking } satisfies SalesAggregates;
}

describe("sales oracle", () => {
  test("averages are the full quotient as a double, as the reference writes them", () => {
    expect([average(141, 71), average(1, 3), average(6, 3), average(0, 5), average(7, 0)]).toEqual([
      "1.9859154929577465",
      "0.3333333333333333",
      "2",
      "0",
      "0",
    ]);
  });

  test("sums cents exactly where float sums drift", () => {
    const oracle = oracleOf(sale(2, "Camisa-Polo", 0.1), sale(2, "Camisa-Polo", 0.2, 3));
    expect(oracle.expected().categories.Ropa).toMatchObject({
      priceSumCents: 30,
      priceSum: "0.30",
      avgPrice: "0.15",
      avgQuantity: "2",
      ranking: { "Camisa-Polo": 4 },
    });
  });

  test("an idempotent retry (same id) counts once", () => {
    const oracle = new SalesOracle();
    oracle.accept(sale(4, "Labial-Matte", 50), "same");
    oracle.accept(sale(4, "Labial-Matte", 50), "same");
    expect(oracle.expected().totalSales).toBe(1);
  });
});

describe("order-dependent checks", () => {
  const oracle = oracleOf(
    sale(4, "Labial-Matte", 50, 5),
    sale(4, "Base-Liquida", 60.5, 1),
    sale(4, "Labial-Matte", 70.25, 2),
    sale(1, "TV-Samsung", 2000),
  );
  const good = () => aggregatesOf(oracle, { Belleza: "Labial-Matte", Electronica: "TV-Samsung" });

  test("a correct store passes, whichever accepted product it monitors", () => {
    expect(viewOf(good())).toEqual(oracle.expected());
    expect(orderProblems(good(), oracle)).toEqual([]);
    const other = aggregatesOf(oracle, { Belleza: "Base-Liquida", Electronica: "TV-Samsung" });
    expect(orderProblems(other, oracle)).toEqual([]);
    expect(orderProblems(other, oracle, { monitored: { Belleza: "Labial-Matte" } })).toHaveLength(
      1,
    );
  });

  test("a wrong product, a lost or foreign stream entry, a misordered ranking all fail", () => {
    const unknown = good();
    unknown.categories.Belleza.monitoredProduct = "Perfume-Floral";
    const lost = good();
    lost.categories.Belleza.priceStream.pop();
    const foreign = good();
    (foreign.categories.Belleza.priceStream[0] as { precio: string }).precio = "60.50";
    const misordered = good();
    misordered.ranking.reverse();
    const empty = good();
    empty.categories.Hogar.monitoredProduct = "Sofa";
    for (const bad of [unknown, lost, foreign, misordered, empty]) {
      expect(orderProblems(bad, oracle)).toHaveLength(1);
    }
  });

  test("past the cap the stream may keep ~cap entries, but only prices that were sold", () => {
    const many = oracleOf(...Array.from({ length: 30 }, (_, i) => sale(3, "Sofa", 300 + i)));
    const capped = aggregatesOf(many, { Hogar: "Sofa" });
    capped.categories.Hogar.priceStream.splice(0, 5);
    expect(orderProblems(capped, many, { streamCap: 20 })).toEqual([]);
    expect(orderProblems(capped, many, { streamCap: 30 })).toHaveLength(1);
    (capped.categories.Hogar.priceStream[0] as { precio: string }).precio = "1.00";
    expect(orderProblems(capped, many, { streamCap: 20 })).toHaveLength(1);
  });
});
