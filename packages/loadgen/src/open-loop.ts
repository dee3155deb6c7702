import * as hdr from "hdr-histogram-js";

/** One row of a load report: what perf's reports and charts are made of. */
export interface Measurement {
  /** What was measured, e.g. "Bun.serve ingest, single JSON POST, 100 connections". */
  label: string;
  /** Events (or requests, or messages) per second, sustained. */
  perSecond: number;
  /** Latency percentiles in milliseconds, from an HDR histogram; absent for pure throughput runs. */
  latencyMs?: { p50: number; p90: number; p99: number; p999: number };
  /** Parameters that vary across rows: batch size, linger, queue type, client, arrival rate... */
  params?: Record<string, string | number>;
}

export interface OpenLoopRun {
  url: string;
  bodies: string[];
  /** Requests per second, fixed: the arrival rate does not slow down when the server does. */
  rate: number;
  seconds: number;
}

/**
 * An open loop: request i is due at start + i / rate and is sent then, whether or not
 * earlier ones answered, and its latency is measured from that DUE time, not from when it
 * actually left. A server that stalls for 100 ms therefore shows 100 ms on every request
 * scheduled in the stall (no coordinated omission), as real users arriving would see.
 */
export async function runOpenLoop(
  run: OpenLoopRun,
  label: string,
): Promise<{ measurement: Measurement; ok: number }> {
  const latency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const total = Math.round(run.rate * run.seconds);
  let ok = 0;
  let failed = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  const send = async (due: number, body: string) => {
    try {
      const response = await fetch(run.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) ok++;
      else failed++;
    } catch {
      failed++;
    }
    latency.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
  };
  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Everything due by now goes out in this tick; timers are coarse, the schedule is not.
    for (; i < total && start + (i * 1000) / run.rate <= now; i++) {
      pending.push(send(start + (i * 1000) / run.rate, run.bodies[i % run.bodies.length] ?? ""));
    }
    await Bun.sleep(1);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  const q = (p: number) => latency.getValueAtPercentile(p) / 1000;
  const measurement: Measurement = {
    label,
    perSecond: ok / elapsed,
    latencyMs: { p50: q(50), p90: q(90), p99: q(99), p999: q(99.9) },
    params: { "arrival rate/s": Math.round(run.rate), failed },
  };
  return { measurement, ok };
}
