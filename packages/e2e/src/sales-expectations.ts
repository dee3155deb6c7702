import { money } from "@rafaga/core";
import type { RankedProduct, SalesAggregates, SalesOracle } from "@rafaga/domains";
import { CATEGORIES, type CategoryName } from "@rafaga/domains";

export { viewOf } from "@rafaga/domains";

// XADD MAXLEN ~ trims whole stream nodes only (stream-node-max-entries, 100 by default).
const NODE_SLACK = 100;

/**
 * What depends on the apply order, which partitions and consumers make
 * nondeterministic. The monitored product must be one that was accepted in its category
 * (exactly `monitored[c]` when the test made it the only candidate), and its stream must
 * hold one entry per accepted sale of it, with that sale's price; past the cap, the
 * newest `cap`..`cap + slack` of them. Rankings must come best-selling first.
 * Returns the problems found, so a failure lists them all.
 */
export function orderProblems(
  got: SalesAggregates,
  oracle: SalesOracle,
  opts: { monitored?: Partial<Record<CategoryName, string>>; streamCap?: number } = {},
): string[] {
  const cap = opts.streamCap ?? 1000;
  const problems: string[] = [];
  for (const c of CATEGORIES) {
    const { monitoredProduct: product, priceStream } = got.categories[c];
    const sales = oracle.salesOf(c);
    const say = (what: string) => problems.push(`${c}: ${what}`);
    if (!descending(got.categories[c].ranking)) say("ranking is not best-selling first");
    if (sales.length === 0) {
      if (product !== null || priceStream.length > 0) say("monitored product without sales");
      continue;
    }
    const wanted = opts.monitored?.[c];
    if (wanted !== undefined && product !== wanted) say(`monitors ${product}, not ${wanted}`);
    const prices = sales.filter((s) => s.product === product).map((s) => money(s.cents));
    if (prices.length === 0) {
      say(`monitors ${product}, which sold nothing here`);
      continue;
    }
    const stream = priceStream.map((p) => p.precio);
    if (prices.length <= cap) {
      if (!sameMultiset(stream, prices)) {
        say(`stream of ${product}: ${stream.length} entries, ${prices.length} sales`);
      }
    } else if (stream.length < cap || stream.length >= cap + NODE_SLACK) {
      say(`stream of ${product} holds ${stream.length}, cap ${cap} (~${NODE_SLACK})`);
    } else if (!isSubMultiset(stream, prices)) {
      say(`stream of ${product} holds prices it never sold at`);
    }
  }
  if (!descending(got.ranking)) problems.push("global ranking is not best-selling first");
  return problems;
}

const descending = (r: RankedProduct[]) =>
  r.every((x, i) => i === 0 || (r[i - 1] as RankedProduct).quantity >= x.quantity);

const sameMultiset = (a: string[], b: string[]) => a.length === b.length && isSubMultiset(a, b);

function isSubMultiset(part: string[], whole: string[]): boolean {
  const left = new Map<string, number>();
  for (const x of whole) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of part) {
    const n = left.get(x) ?? 0;
    if (n === 0) return false;
    left.set(x, n - 1);
  }
  return true;
}
