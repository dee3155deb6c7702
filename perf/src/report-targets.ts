import type { Measurement, TierResult } from "./harness.ts";
import { summaryRows } from "./report-summary.ts";

export interface TargetVerdict {
  target: string;
  value: string;
  met: boolean;
  /** How far off, and which tier holds it back, when missed. */
  detail: string;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/**
 * What holds a rate back: the busiest process when one is near a full core; otherwise no
 * process is saturated and a closed loop's rate is its connections over its latency
 * (Little's law), i.e. the wait for the brokers' acks, not CPU, bounds it.
 */
function limitedBy(m: Measurement): string {
  const busiest = String(m.params?.busiest ?? "?");
  const cores = Number(busiest.match(/\(([\d.]+) cores\)/)?.[1] ?? 1);
  if (cores >= 0.8) return `busiest: ${busiest}`;
  const connections = Number(m.params?.connections);
  const p50 = m.latencyMs?.p50 ?? Number.NaN;
  const batch = Number(m.params?.batch ?? 1);
  return `no process saturated (busiest ${busiest}): ${connections} connections / p50 ${p50.toFixed(1)} ms x ${batch} events = ${((connections / p50) * 1000 * batch).toFixed(0)}/s, the wait for the brokers' acks bounds the rate`;
}
const pick = (ms: Measurement[], path: string, mode: string) =>
  ms.find((m) => m.params?.path === path && m.params?.mode === mode);

/** Issue 5's four targets, each met or missed, by how much, and what limits it. */
export function targetVerdicts(results: TierResult[]): TargetVerdict[] {
  const out: TargetVerdict[] = [];
  const e2e = results.find((r) => r.tier === "end-to-end");
  if (e2e?.limit) {
    const ms = e2e.measurements;
    const single = pick(ms, "kafka", "closed");
    if (single) {
      const ratio = single.perSecond / e2e.limit.perSecond;
      out.push({
        target: "one event per request, Kafka path >= 0.5 x minimal Bun.serve",
        value: `${single.perSecond.toFixed(0)}/s = ${ratio.toFixed(3)} x ${e2e.limit.perSecond.toFixed(0)}/s`,
        met: ratio >= 0.5,
        detail: ratio >= 0.5 ? "" : `missed by ${pct(1 - ratio / 0.5)}; ${limitedBy(single)}`,
      });
    }
    const batches = ms.filter((m) => m.params?.mode === "batch");
    const best = batches.sort((a, b) => b.perSecond - a.perSecond)[0];
    if (best) {
      out.push({
        target: "batch endpoint end to end >= 200,000 events/s",
        value: `${best.perSecond.toFixed(0)}/s (${best.params?.path} path)`,
        met: best.perSecond >= 200_000,
        detail:
          best.perSecond >= 200_000
            ? ""
            : `missed by ${pct(1 - best.perSecond / 200_000)}; ${limitedBy(best)}`,
      });
    }
    for (const applied of ms.filter((m) => m.params?.mode === "applied")) {
      const p99 = applied.latencyMs?.p99 ?? Number.NaN;
      const within = Number(applied.params?.["applied within 25 ms"] ?? 0);
      const writer = Number(applied.params?.["writer confirm p99 ms"]);
      const ingest = Number(applied.params?.["ingest request p99 ms"]);
      out.push({
        target: `p99 ingest -> applied < 25 ms at half max, ${applied.params?.path} path`,
        value: `p99 ~${p99.toFixed(1)} ms; ${pct(within)} applied within 25 ms`,
        met: within >= 0.99,
        detail:
          within >= 0.99
            ? ""
            : `${pct(0.99 - within)} of events too many over 25 ms; p99 of the stages: writer batch confirm ${writer} ms, ingest request (includes it) ${ingest} ms, the rest is broker -> consumer -> Valkey`,
      });
    }
  }
  for (const row of summaryRows(results).filter((r) => r.tier !== "end-to-end")) {
    if (row.ratio === undefined) continue;
    out.push({
      target: `${row.tier} >= 0.8 x its raw limit`,
      value: row.ratio.toFixed(3),
      met: row.ratio >= 0.8,
      detail: row.ratio >= 0.8 ? "" : `missed by ${pct(1 - row.ratio / 0.8)}`,
    });
  }
  return out;
}
