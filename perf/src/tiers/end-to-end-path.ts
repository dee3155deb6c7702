import { counterSum, scrape } from "@rafaga/core";
import { startTestPipeline } from "@rafaga/e2e-kit";
import { runOpenLoop } from "@rafaga/loadgen";
import {
  cpuMeter,
  cpuPerEvent,
  cpuSecondsMeter,
  formatTierReport,
  infraPids,
  type LayoutKind,
  type RoutingMode,
  tierReport,
  tierSnapshot,
} from "@rafaga/runner";
import type { Measurement } from "../harness.ts";
import { runCannon } from "../load-autocannon.ts";
import { JSON_TYPE, NDJSON } from "../load-bodies.ts";
import { drain } from "./end-to-end-drain.ts";
import type { LimitPlan } from "./end-to-end-limit.ts";
import { endToEndBuckets, fractionWithin, quantileMs, since } from "./end-to-end-metrics.ts";

/** The limit's load plan (the pipeline's own URL replaces the sink's) plus the path. */
export interface PathPlan extends Omit<LimitPlan, "url"> {
  routing: RoutingMode;
  layout: LayoutKind;
  /** Run the dashboard beside the pipeline, with one page following it, and report its CPU. */
  dashboard: boolean;
  progress: (message: string) => void;
}

export interface PathResult {
  measurements: Measurement[];
  notes: string[];
}

const byLoad = (load: Record<string, number>) => Object.entries(load).sort((a, b) => b[1] - a[1]);
const cores = (load: Record<string, number>) =>
  byLoad(load)
    .slice(0, 4)
    .map(([name, c]) => `${name} ${c.toFixed(2)}`)
    .join(", ");
/** The busiest process of a phase: on 2 shared cores, the likeliest limit of its throughput. */
const busiest = (load: Record<string, number>) => {
  const [name, c] = byLoad(load)[0] ?? ["?", 0];
  return `${name} (${c.toFixed(2)} cores)`;
};

/**
 * One broker path through a fresh pipeline (its own topics, queues, key prefix): closed
 * loop of single POSTs, then an open loop at half that rate for honest latency, then the
 * batch endpoint; each phase drains into Valkey before the next starts.
 */
export async function measurePath(plan: PathPlan): Promise<PathResult> {
  const p = plan.progress;
  const tp = await startTestPipeline({
    kind: plan.layout,
    routingWeather: plan.routing,
    routingSales: "kafka",
    dashboard: plan.dashboard,
  });
  // One viewer on the event stream, as a browser would be: the pushes cost the dashboard too.
  const viewer = new AbortController();
  if (tp.pipeline.dashboardUrl) {
    void fetch(`${tp.pipeline.dashboardUrl}events`, { signal: viewer.signal })
      .then((r) => r.body?.pipeTo(new WritableStream()))
      .catch(() => {});
  }
  const { routing, layout } = plan;
  const name = `${layout} layout, ${routing}`;
  const url = `${tp.pipeline.ingestUrl}/api/tweets`;
  const consumerPorts = [
    ...tp.layout.ports.kafkaConsumerMetrics,
    ...tp.layout.ports.rabbitConsumerMetrics,
  ];
  const pids = {
    ...Object.fromEntries(tp.pipeline.tiers.map((t) => [t.spec.name, t.pid])),
    ...infraPids(),
    "load generator": process.pid,
  };
  const notes: string[] = [];
  const out: Measurement[] = [];
  const tag = (m: Measurement, mode: string) => {
    m.params = { layout, path: routing, mode, ...m.params };
    out.push(m);
  };
  try {
    // Ingest's own accepted counter, not the client's 2xx count, read once nothing is in
    // flight: requests still open when the load tool stops are accepted a moment later.
    const accepted = async () => {
      const deadline = performance.now() + 15_000;
      let metrics = await scrape(`${tp.pipeline.ingestUrl}/metrics`);
      while (
        counterSum(metrics, "rafaga_ingest_in_flight_events") > 0 &&
        performance.now() < deadline
      ) {
        await Bun.sleep(50);
        metrics = await scrape(`${tp.pipeline.ingestUrl}/metrics`);
      }
      return counterSum(metrics, "rafaga_ingest_events_total", { outcome: "accepted" });
    };
    const singleRun = { url, bodies: plan.single, contentType: JSON_TYPE, eventsPerRequest: 1 };
    p(`${name}: warm-up`);
    // Long enough for Kafka's JIT: its CPU per event falls several-fold over the first ~20 s of load.
    await runCannon({ ...singleRun, connections: 64, seconds: plan.seconds }, "warm-up");
    await drain(tp.weather, await accepted(), 30_000);

    p(`${name}: closed loop, one event per request, ${plan.connections} connections`);
    const cpuClosed = cpuMeter(pids);
    const costClosed = cpuSecondsMeter(pids);
    const closed = await runCannon(
      { ...singleRun, connections: plan.connections, seconds: plan.seconds },
      `end to end, ${name}, closed loop, 1 event/request (HTTP latency)`,
    );
    const closedLoad = cpuClosed();
    notes.push(`${name} closed loop, cores busy: ${cores(closedLoad)}`);
    closed.measurement.params = { ...closed.measurement.params, busiest: busiest(closedLoad) };
    tag(closed.measurement, "closed");
    await drain(tp.weather, await accepted(), 60_000);
    // Charged until Valkey applied the phase's events: the consumers' work counts too.
    notes.push(`${name} closed loop, ${cpuPerEvent(costClosed().cpu, closed.ok).text}`);

    const rate = Math.max(100, closed.measurement.perSecond / 2);
    p(`${name}: open loop at ${Math.round(rate)}/s (half the closed-loop max)`);
    const before = await endToEndBuckets(consumerPorts);
    const hopsBefore = await tierSnapshot(tp.layout);
    const open = await runOpenLoop(
      { url, bodies: plan.single, rate, seconds: plan.seconds },
      `end to end, ${name}, open loop at half max (HTTP latency from scheduled send)`,
    );
    tag(open.measurement, "open");
    await drain(tp.weather, await accepted(), 60_000);
    const hops = await tierReport(tp.layout, hopsBefore);
    notes.push(`${name}, open loop at half max, hop by hop:\n${formatTierReport(hops)}`);
    const p99 = (part: string) =>
      Number((hops.find((r) => r.tier.includes(part))?.p99Ms ?? Number.NaN).toFixed(1));
    const e2e = since(await endToEndBuckets(consumerPorts), before);
    const q = (x: number) => quantileMs(e2e, x) ?? Number.NaN;
    const within25 = fractionWithin(e2e, 0.025) ?? 0;
    tag(
      {
        label: `end to end, ${name}, ingest -> applied in Valkey at half max`,
        perSecond: open.measurement.perSecond,
        latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), p999: q(0.999) },
        params: {
          "applied within 25 ms": Number(within25.toFixed(4)),
          "ingest request p99 ms": p99("HTTP in"),
          "writer confirm p99 ms": p99("broker write"),
          "delivered p99 ms": p99("accepted -> delivered"),
          "Valkey apply p99 ms": p99("Valkey apply"),
        },
      },
      "applied",
    );

    p(`${name}: batch endpoint, NDJSON of ${plan.batchSize} events`);
    const cpuBatch = cpuMeter(pids);
    const costBatch = cpuSecondsMeter(pids);
    const batch = await runCannon(
      {
        url,
        bodies: plan.batches,
        contentType: NDJSON,
        eventsPerRequest: plan.batchSize,
        connections: plan.batchConnections,
        seconds: plan.seconds,
      },
      `end to end, ${name}, batch endpoint (events/s accepted)`,
    );
    tag(batch.measurement, "batch");
    const expected = await accepted();
    const drained = await drain(tp.weather, expected, 120_000);
    const batchLoad = cpuBatch();
    notes.push(`${name} batch, cores busy: ${cores(batchLoad)}`);
    const batchCost = costBatch();
    notes.push(`${name} batch, ${cpuPerEvent(batchCost.cpu, batch.ok * plan.batchSize).text}`);
    if (plan.dashboard) {
      notes.push(
        `${name} batch: the dashboard (one page open, reading every 500 ms) used ${((batchCost.cpu.dashboard ?? 0) / batchCost.wall).toFixed(3)} of a core`,
      );
    }
    batch.measurement.params = { ...batch.measurement.params, busiest: busiest(batchLoad) };
    tag(
      {
        label: `end to end, ${name}, batch events applied in Valkey per second`,
        perSecond: (batch.ok * plan.batchSize) / (plan.seconds + drained.seconds),
        params: { "drain after load s": Number(drained.seconds.toFixed(2)) },
      },
      "batch-applied",
    );
    // Events answered 503 (broker ack timed out under overload) may still have reached a
    // broker and be applied: the client would retry them with an Idempotency-Key.
    const failed = counterSum(
      await scrape(`${tp.pipeline.ingestUrl}/metrics`),
      "rafaga_ingest_events_total",
      {
        outcome: "failed",
      },
    );
    const extra = drained.applied - expected;
    notes.push(
      extra === 0
        ? `${name}: every accepted event applied exactly once (${drained.applied})`
        : extra > 0 && extra <= failed
          ? `${name}: all ${expected} accepted events applied once, plus ${extra} of the ${failed} answered 503 (ack timed out, yet the broker had them)`
          : `${name}: ${drained.applied} applied of ${expected} accepted, ${failed} answered 503: ${extra < 0 ? `${-extra} missing after the drain timeout` : "more than can be explained"}`,
    );
  } finally {
    viewer.abort();
    await tp.stop();
  }
  return { measurements: out, notes };
}
