import type { OutboundMessage } from "@rafaga/brokers";
import * as hdr from "hdr-histogram-js";

/** Runs under Bun and, bundled, under Node: no Bun APIs here. */
export interface LoopResult {
  events: number;
  writes: number;
  seconds: number;
  perSecond: number;
  /** Per writeBatch call, from call to resolution. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number };
}

export interface LoopOptions {
  batch: OutboundMessage[];
  /** writeBatch calls kept in flight, like the writer tier's concurrent RPC batches. */
  inFlight: number;
  durationMs: number;
}

/**
 * Closed loop: each of `inFlight` workers issues its next writeBatch as soon as the
 * previous one resolved. Latency is per call, so it includes time queued in the client
 * (linger, the confirm window), which is what the tier above waits for.
 */
export async function writeLoop(
  write: (messages: OutboundMessage[]) => Promise<void>,
  options: LoopOptions,
): Promise<LoopResult> {
  // Microseconds, integer-valued: HDR's resolution is in whole units.
  const latency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let writes = 0;
  let failed: unknown;
  const started = performance.now();
  const until = started + options.durationMs;
  const worker = async () => {
    while (failed === undefined && performance.now() < until) {
      const t0 = performance.now();
      try {
        await write(options.batch);
      } catch (error) {
        failed ??= error;
        return;
      }
      latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      writes++;
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  if (failed !== undefined) throw failed;
  // The clock stops when the last write resolved, not at the deadline: draining is work too.
  const seconds = (performance.now() - started) / 1000;
  const events = writes * options.batch.length;
  const ms = (q: number) => latency.getValueAtPercentile(q) / 1000;
  return {
    events,
    writes,
    seconds,
    perSecond: events / seconds,
    latencyMs: { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9) },
  };
}
