import { expect } from "bun:test";
import type { CategoryName, SalesOracle } from "@rafaga/domains";
import { SalesStore, salesWorkload } from "@rafaga/domains";
import { endpoints } from "@rafaga/infra";
import { type LoadResult, runClosedLoop } from "@rafaga/loadgen";
import { settle } from "@rafaga/runner";
import { auditSales, markedUnder, saleMarkerIds } from "./sales-audit.ts";
import { orderProblems, viewOf } from "./sales-expectations.ts";
import type { TestPipeline } from "./test-pipeline.ts";

/** Resolves `at(n)` once `n` requests were answered: to strike mid-run, not before or after. */
export function progressGate() {
  let done = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    onProgress(count: number) {
      done = count;
      for (const w of waiting.filter((w) => w.n <= done)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    },
    done: () => done,
    at(n: number): Promise<void> {
      if (done >= n) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ n, resolve }));
    },
  };
}

/** The reference workload through the pipeline's ingest; every 202 goes to the oracle. */
export function sendSales(
  t: TestPipeline,
  oracle: SalesOracle,
  opts: {
    total: number;
    seed: number;
    onProgress?: (done: number) => void;
    onAnswer?: (status: number, sentAt: number, answeredAt: number) => void;
  },
): Promise<LoadResult> {
  return runClosedLoop({
    url: `${t.pipeline.ingestUrl}/purchase`,
    total: opts.total,
    concurrency: 10,
    next: salesWorkload(opts.seed),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onAnswer ? { onAnswer: opts.onAnswer } : {}),
    onAccepted: (item, response) => oracle.accept(item.body, (response as { id: string }).id),
  });
}

export function salesStoreFor(t: TestPipeline): SalesStore {
  return new SalesStore({ url: endpoints.valkeyUrl, keyPrefix: t.layout.keyPrefix });
}

/**
 * Waits until Valkey equals the oracle, then waits a little more and compares again:
 * a late redelivery that slipped past the dedup would overcount only after the first
 * match. Then the order-dependent checks (monitored product, its stream, ranking order).
 */
export async function expectSalesExact(
  t: TestPipeline,
  oracle: SalesOracle,
  opts: { monitored?: Partial<Record<CategoryName, string>>; timeoutMs?: number } = {},
): Promise<void> {
  const store = salesStoreFor(t);
  try {
    const expected = oracle.expected();
    const read = async () => viewOf(await store.readAggregates());
    expect(await settle(read, expected, opts.timeoutMs ?? 60_000)).toEqual(expected);
    await Bun.sleep(1500);
    const got = await store.readAggregates();
    expect(viewOf(got)).toEqual(expected);
    expect(orderProblems(got, oracle, opts)).toEqual([]);
    const ids = [...oracle.sales.keys()];
    const marked = markedUnder(t.layout.routingSales);
    const audit = await auditSales(endpoints.valkeyUrl, t.layout.keyPrefix, ids, marked);
    expect(audit).toEqual({ missing: [], foreign: [] });
  } finally {
    await store.close();
  }
}

/** How many sales carry an id marker (the rest were deduplicated by Kafka offset alone). */
export async function saleMarkers(t: TestPipeline): Promise<number> {
  return (await saleMarkerIds(endpoints.valkeyUrl, t.layout.keyPrefix)).length;
}
