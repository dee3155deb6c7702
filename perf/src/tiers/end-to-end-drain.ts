import type { WeatherStore } from "@rafaga/domains";

/**
 * Waits until Valkey counts `expected` reports (each accepted report exactly once, whatever
 * the routing) or the time runs out. Returns the seconds it took and what was counted, so
 * a phase never starts while the previous one is still draining into its latencies.
 */
export async function drain(
  store: WeatherStore,
  expected: number,
  timeoutMs: number,
): Promise<{ seconds: number; applied: number }> {
  const started = performance.now();
  let applied = (await store.readDashboard()).totals.total;
  while (applied < expected && performance.now() - started < timeoutMs) {
    await Bun.sleep(50);
    applied = (await store.readDashboard()).totals.total;
  }
  return { seconds: (performance.now() - started) / 1000, applied };
}
