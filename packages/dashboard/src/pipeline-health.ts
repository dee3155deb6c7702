import {
  counterSum,
  histogramCount,
  histogramQuantile,
  type Metrics,
  metricsSince,
  RafagaError,
  scrape,
} from "@rafaga/core";
import { countText, type DomainDashboard, type Panel } from "@rafaga/domains";
import type { ConsumerLag } from "./consumer-lag.ts";

/** A process whose /metrics the dashboard reads, e.g. `edge=http://127.0.0.1:8080/metrics`. */
export interface MetricsTarget {
  name: string;
  url: string;
}

export function parseTargets(list: readonly string[]): MetricsTarget[] {
  return list.map((item) => {
    const at = item.indexOf("=");
    const name = item.slice(0, at);
    const url = item.slice(at + 1);
    if (at < 1 || !URL.canParse(url)) {
      throw new RafagaError("CONFIG", `PIPELINE_METRICS: "${item}" is not name=url`, {
        field: "PIPELINE_METRICS",
      });
    }
    return { name, url };
  });
}

/** Rates and quantiles cover about this much of the recent past. */
const WINDOW_MS = 5000;
/** The pipeline's panels are read at most this often, whatever the dashboard's interval. */
const MIN_INTERVAL_MS = 1000;

interface Scrape {
  at: number;
  byTarget: Map<string, Metrics | undefined>;
}

const ms = (seconds: number | undefined) =>
  seconds === undefined ? "-" : (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1);
const perSecond = (n: number, windowMs: number) => Math.round((n * 1000) / windowMs);

/** The hops whose time the tiers measure: [histogram, what one observation is]. */
const HOPS = [
  ["rafaga_ingest_request_seconds", "request -> 2xx"],
  ["rafaga_writer_batch_seconds", "broker write (batch)"],
  ["rafaga_consumer_delivery_seconds", "2xx -> delivered"],
  ["rafaga_consumer_apply_seconds", "Valkey apply (batch)"],
  ["rafaga_consumer_end_to_end_seconds", "2xx -> applied"],
] as const;

const EVENT_COUNTERS = ["rafaga_ingest_events_total", "rafaga_consumer_applied_events_total"];

/**
 * The pipeline's own panels, from the tiers' Prometheus /metrics: events per second per
 * process, latency per hop, and what went wrong (non-2xx answers, dead letters,
 * restarts). A dashboard source like a domain's, so the page draws it the same way.
 */
export function pipelineHealth(
  targets: readonly MetricsTarget[],
  lag?: ConsumerLag,
  { windowMs = WINDOW_MS, minIntervalMs = MIN_INTERVAL_MS } = {},
): DomainDashboard {
  const history: Scrape[] = [];
  let last: { at: number; panels: Promise<Panel[]> } | undefined;
  return {
    // Rates and quantiles over 5 s move little in half a second, and a read makes every
    // tier render its /metrics and the brokers answer lag queries: at most one per interval.
    read: () => {
      const at = performance.now();
      if (last && at - last.at < minIntervalMs) return last.panels;
      const panels = readPanels();
      last = { at, panels };
      panels.catch(() => {
        if (last?.panels === panels) last = undefined;
      });
      return panels;
    },
    close: async () => {
      await lag?.close();
    },
  };

  async function readPanels(): Promise<Panel[]> {
    const lagPanel = lag?.read();
    const now: Scrape = {
      at: performance.now(),
      byTarget: new Map(
        await Promise.all(
          targets.map(async (t) => [t.name, await scrape(t.url).catch(() => undefined)] as const),
        ),
      ),
    };
    history.push(now);
    while ((history[1]?.at ?? now.at) <= now.at - windowMs) history.shift();
    // Nobody watched for a while, so nothing was read: a rate over that pause is not
    // what happens now.
    if (history.length > 1 && (history[0]?.at ?? now.at) < now.at - 2 * windowMs) {
      history.shift();
    }
    const out = panels(targets, now, history);
    return lagPanel ? [...out, await lagPanel] : out;
  }
}

function panels(
  targets: readonly MetricsTarget[],
  now: Scrape,
  history: readonly Scrape[],
): Panel[] {
  /**
   * What a process counted since its oldest scrape in the window: a process that came up
   * (or back) during the window counts from its first answer, not from nothing.
   */
  const recent = (name: string): { metrics: Metrics; windowMs: number } | undefined => {
    const after = now.byTarget.get(name);
    if (!after) return undefined;
    const base = history.find((s) => s !== now && s.byTarget.get(name) !== undefined);
    const before = base?.byTarget.get(name);
    if (!base || !before) return { metrics: new Map(), windowMs: 1 };
    return { metrics: metricsSince(after, before), windowMs: Math.max(1, now.at - base.at) };
  };
  // Only processes that count events: not the supervisor, say.
  const counting = targets.filter((t) => {
    const m = now.byTarget.get(t.name);
    return m === undefined || EVENT_COUNTERS.some((name) => m.has(name));
  });
  const rates = counting.map((t) => {
    const r = recent(t.name);
    const events = r
      ? counterSum(r.metrics, "rafaga_ingest_events_total", { outcome: "accepted" }) +
        counterSum(r.metrics, "rafaga_consumer_applied_events_total")
      : 0;
    // A process that restarted counts from zero again: no negative rate.
    return { label: t.name, value: r ? Math.max(0, perSecond(events, r.windowMs)) : 0 };
  });
  const latencyRows: string[][] = [];
  for (const t of targets) {
    const r = recent(t.name);
    if (!r) continue;
    const m = r.metrics;
    for (const [histogram, what] of HOPS) {
      const count = histogramCount(m, histogram);
      if (count <= 0) continue;
      latencyRows.push([
        t.name,
        what,
        countText(perSecond(count, r.windowMs)),
        ms(histogramQuantile(m, histogram, 0.5)),
        ms(histogramQuantile(m, histogram, 0.99)),
      ]);
    }
  }
  return [
    {
      id: "pipeline-rates",
      title: "Events per second (accepted at the edge, applied by consumers)",
      kind: "bars",
      groups: [
        {
          name: "all",
          bars: rates.map((r) => ({ ...r, text: countText(r.value) })),
        },
      ],
    },
    {
      id: "pipeline-latency",
      title: `Latency per hop, last ${WINDOW_MS / 1000} s (ms)`,
      kind: "table",
      columns: ["Process", "Hop", "per s", "p50", "p99"],
      rows: latencyRows,
    },
    { id: "pipeline-health", title: "Health", kind: "figures", figures: health(targets, now) },
  ];
}

/** Totals since each process started: what a person watching a run wants to see at zero. */
function health(targets: readonly MetricsTarget[], now: Scrape) {
  const figures: { label: string; text: string }[] = [];
  const failed = new Map<string, number>();
  let dead = 0;
  let duplicates = 0;
  let restarts = 0;
  let inFlight = 0;
  const down: string[] = [];
  for (const t of targets) {
    const m = now.byTarget.get(t.name);
    if (!m) {
      down.push(t.name);
      continue;
    }
    for (const s of m.get("rafaga_ingest_requests_total")?.metrics ?? []) {
      const status = s.labels?.status ?? "?";
      if (!status.startsWith("2")) failed.set(status, (failed.get(status) ?? 0) + Number(s.value));
    }
    inFlight += counterSum(m, "rafaga_ingest_in_flight_events");
    dead += counterSum(m, "rafaga_consumer_dead_letter_events_total");
    duplicates += counterSum(m, "rafaga_consumer_duplicate_events_total");
    restarts += counterSum(m, "rafaga_supervisor_restarts_total");
  }
  figures.push(
    { label: "Processes not answering", text: down.length === 0 ? "none" : down.join(", ") },
    { label: "Events in flight at the edge", text: countText(inFlight) },
    {
      label: "Non-2xx answers",
      text:
        failed.size === 0
          ? "0"
          : [...failed]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([status, n]) => `${status}: ${countText(n)}`)
              .join(", "),
    },
    { label: "Dead-lettered events", text: countText(dead) },
    { label: "Redeliveries counted once", text: countText(duplicates) },
    { label: "Tier restarts", text: countText(restarts) },
  );
  return figures;
}
