import { seriesFor } from "./label-series.ts";

/** One label set's buckets: counts[i] holds values <= bounds[i], the last one the rest. */
interface Series {
  labels: Record<string, string>;
  counts: Float64Array;
  sum: number;
  count: number;
}

/** What prom-client's registry reads from a metric to render it. */
interface MetricValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

/**
 * A Prometheus histogram for values observed per event in bulk (the consumers' latency of
 * every event of a batch). prom-client's Histogram hashes its labels and looks up the
 * series on every observe; that cost a consumer 0.3-0.5 us per event. Here a bound child
 * adds a batch's values to one typed array. Registered in a prom-client Registry, it
 * renders exactly as prom-client's own histograms (`_bucket` with `le`, `_sum`, `_count`).
 */
export class BatchHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly #bounds: Float64Array;
  readonly #series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    bounds: readonly number[],
  ) {
    this.#bounds = Float64Array.from(bounds);
  }

  /** The series of these labels, to observe into without a lookup per value. */
  labels(labels: Record<string, string>): BoundHistogram {
    const series = seriesFor(this.#series, labels, () => ({
      labels,
      counts: new Float64Array(this.#bounds.length + 1),
      sum: 0,
      count: 0,
    }));
    return new BoundHistogram(series, this.#bounds);
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: MetricValue[] } {
    const values: MetricValue[] = [];
    const bucket = `${this.name}_bucket`;
    // Laid out as prom-client lays out its own: `le` first, the series' labels shared.
    for (const { labels: sharedLabels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      this.#bounds.forEach((le, i) => {
        cumulative += counts[i] as number;
        values.push({ labels: { le }, sharedLabels, value: cumulative, metricName: bucket });
      });
      values.push({ labels: { le: "+Inf" }, sharedLabels, value: count, metricName: bucket });
      values.push({ labels: {}, sharedLabels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels, value: count, metricName: `${this.name}_count` });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
  }

  /** Zeroes every series in place: the bound children handed out keep observing into it. */
  reset(): void {
    for (const series of this.#series.values()) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}

export class BoundHistogram {
  constructor(
    private readonly series: Series,
    private readonly bounds: Float64Array,
  ) {}

  observe(value: number): void {
    const { bounds, series } = this;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    (series.counts as Float64Array)[i] = (series.counts[i] as number) + 1;
    series.sum += value;
    series.count++;
  }
}
