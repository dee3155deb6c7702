import { randomUUID } from "node:crypto";
import { endpoints, ensureUp } from "@rafaga/infra";
import { Valkey } from "iovalkey";
import type { ApplyResult } from "../apply-result.ts";
import { dropPrefix } from "../key-prefix.ts";
import type { LogPosition } from "../offset-fence.ts";
import type { ValkeyConnection } from "../valkey-connection.ts";

export { dropPrefix };

/**
 * Test plumbing: a fresh key prefix per test, so tests never see each other's data
 * (nor a developer's), a raw client to check the key layout as redis-cli would, and
 * cleanup of everything under the prefix afterwards.
 */
export async function valkeyForTests(): Promise<Valkey> {
  await ensureUp(["valkey"]);
  const raw = new Valkey(endpoints.valkeyUrl, { maxRetriesPerRequest: 3 });
  raw.on("error", () => {}); // reconnects by itself; the outage test kills Valkey on purpose
  return raw;
}

export const freshPrefix = (): string => `test:${randomUUID().slice(0, 8)}:`;

/** Deterministic randomness, so a failing run can be replayed with the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `items` into consecutive batches of random sizes 1..maxSize. */
export function randomBatches<T>(
  items: readonly T[],
  maxSize: number,
  random: () => number,
): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; ) {
    const size = 1 + Math.floor(random() * maxSize);
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

/** An event as a consumer receives it: where it sits in its log. */
export interface Delivery<E> {
  event: E;
  at: LogPosition;
}

/**
 * Applies deliveries in order, in batches of random sizes 1..maxBatch as a consumer's
 * fetches come, and sums what the store reports; `stale` counts the events reported stale.
 */
export async function applyInRandomBatches<E>(
  store: { applyBatch(events: E[], positions: LogPosition[]): Promise<ApplyResult> },
  deliveries: readonly Delivery<E>[],
  random: () => number,
  maxBatch: number,
): Promise<{ applied: number; duplicates: number; stale: number }> {
  const sum = { applied: 0, duplicates: 0, stale: 0 };
  for (const batch of randomBatches(deliveries, maxBatch, random)) {
    const r = await store.applyBatch(
      batch.map((d) => d.event),
      batch.map((d) => d.at),
    );
    sum.applied += r.applied;
    sum.duplicates += r.duplicates;
    sum.stale += r.stale?.length ?? 0;
  }
  return sum;
}

/** `items` with about `share` of them repeated later (redeliveries), in place order. */
export function withRedeliveries<T>(items: readonly T[], share: number, random: () => number): T[] {
  const out: T[] = [];
  for (const item of items) {
    out.push(item);
    if (random() < share && out.length > 0) {
      // A redelivery of a recent event: same id, same content.
      const back = Math.floor(random() * Math.min(out.length, 50));
      out.push(out[out.length - 1 - back] as T);
    }
  }
  return out;
}

/**
 * The names of the scripts a store's connection runs from now on, in order: a test sees
 * which form each batch took (e.g. the combined script or its event-by-event fallback).
 */
export function recordScriptRuns(connection: Pick<ValkeyConnection, "run">): string[] {
  const run = connection.run.bind(connection);
  const scripts: string[] = [];
  connection.run = (script, args) => {
    scripts.push(script);
    return run(script, args);
  };
  return scripts;
}
