import parsePrometheusTextFormat, { type Family, type Sample } from "parse-prometheus-text-format";

export type Metrics = Map<string, Family>;

export async function scrape(url: string): Promise<Metrics> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return parseMetrics(await response.text());
}

const BUCKET_LINE = /^([a-zA-Z_:][\w:]*)_bucket\{([^}]*)\} (\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/**
 * The exposition text as families. Histograms are regrouped here, one sample per label
 * set: parse-prometheus-text-format merges every series of a histogram into one sample
 * without labels (the last series' buckets win), which would mix domains and brokers.
 */
export function parseMetrics(text: string): Metrics {
  const metrics: Metrics = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  const series = new Map<string, Map<string, Sample>>();
  for (const line of text.split("\n")) {
    const m = BUCKET_LINE.exec(line);
    if (!m) continue;
    const [, name = "", labelText = "", value = "0"] = m;
    const labels: Record<string, string> = {};
    let le = "";
    for (const [, key = "", v = ""] of labelText.matchAll(LABEL)) {
      if (key === "le") le = v;
      else labels[key] = v;
    }
    const byLabels = series.get(name) ?? new Map<string, Sample>();
    series.set(name, byLabels);
    const id = JSON.stringify(labels);
    const sample = byLabels.get(id) ?? { labels, buckets: {} };
    byLabels.set(id, sample);
    (sample.buckets as Record<string, string>)[le] = value;
  }
  for (const [name, byLabels] of series) {
    const family = metrics.get(name);
    if (family) metrics.set(name, { ...family, metrics: [...byLabels.values()] });
  }
  return metrics;
}

const matches = (sample: Sample, labels: Record<string, string>) =>
  Object.entries(labels).every(([k, v]) => sample.labels?.[k] === v);

/** Sum of a counter's samples whose labels match, from scraped exposition text. */
export function counterSum(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const s of metrics.get(name)?.metrics ?? [])
    if (matches(s, labels)) sum += Number(s.value ?? 0);
  return sum;
}

/** Observations of a histogram (its +Inf bucket) over the samples whose labels match. */
export function histogramCount(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): number {
  let sum = 0;
  for (const s of metrics.get(name)?.metrics ?? [])
    if (matches(s, labels)) sum += Number(s.buckets?.["+Inf"] ?? 0);
  return sum;
}

/**
 * A quantile estimated from a Prometheus histogram's cumulative buckets, interpolating
 * linearly inside the bucket it falls in (as PromQL's histogram_quantile does). Its
 * precision is the bucket width: good enough to tell 2 ms from 20 ms, not 2.1 from 2.3.
 */
export function histogramQuantile(
  metrics: Metrics,
  name: string,
  q: number,
  labels: Record<string, string> = {},
): number | undefined {
  const cumulative = new Map<number, number>();
  for (const s of metrics.get(name)?.metrics ?? []) {
    if (!matches(s, labels)) continue;
    for (const [le, count] of Object.entries(s.buckets ?? {})) {
      const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
      cumulative.set(bound, (cumulative.get(bound) ?? 0) + Number(count));
    }
  }
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const total = cumulative.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const count = cumulative.get(bound) ?? 0;
    if (count >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lower;
      return lower + ((bound - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = bound;
    below = count;
  }
  return lower;
}

/**
 * What was counted between two scrapes of the same process: counters and histogram
 * buckets minus their earlier values (a series absent before counts from zero).
 */
export function metricsSince(after: Metrics, before: Metrics): Metrics {
  const key = (s: Sample) => JSON.stringify(s.labels ?? {});
  const out: Metrics = new Map();
  for (const [name, family] of after) {
    const earlier = new Map((before.get(name)?.metrics ?? []).map((s) => [key(s), s]));
    const metrics = family.metrics.map((s) => {
      const b = earlier.get(key(s));
      if (!b) return s;
      if (s.buckets) {
        const buckets = Object.fromEntries(
          Object.entries(s.buckets).map(([le, n]) => [
            le,
            String(Number(n) - Number(b.buckets?.[le] ?? 0)),
          ]),
        );
        return { ...s, buckets };
      }
      if (family.type === "COUNTER")
        return { ...s, value: String(Number(s.value ?? 0) - Number(b.value ?? 0)) };
      return s;
    });
    out.set(name, { ...family, metrics } as Family);
  }
  return out;
}
