/**
 * The series of one label set in a map of them, made on first use. Keyed by the sorted
 * entries, so `{a, b}` and `{b, a}` are one series, as in prom-client. BatchCounter and
 * BatchHistogram share it, so their children bind alike.
 */
export function seriesFor<S>(
  all: Map<string, S>,
  labels: Record<string, string>,
  make: () => S,
): S {
  const key = JSON.stringify(Object.entries(labels).sort());
  let series = all.get(key);
  if (!series) {
    series = make();
    all.set(key, series);
  }
  return series;
}
