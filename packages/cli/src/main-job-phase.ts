import type { WorkloadItem } from "@rafaga/domains";
import { type LoadResult, runClosedLoop } from "@rafaga/loadgen";
import { SingleBar } from "cli-progress";

/** One workload through the ingest with a progress bar; returns the load generator's result. */
export async function loadPhase(opts: {
  title: string;
  url: string;
  events: number;
  concurrency: number;
  next: (index: number) => WorkloadItem;
  /** Ctrl-C: no new request after it; the report covers what was sent. */
  signal: AbortSignal;
}): Promise<LoadResult> {
  console.log(
    `\n${opts.title}: ${opts.events} requests from ${opts.concurrency} concurrent clients`,
  );
  const bar = new SingleBar({
    format: "  {bar} {value}/{total} requests  {rate}/s",
    noTTYOutput: true,
    notTTYSchedule: 2000,
    hideCursor: true,
  });
  bar.start(opts.events, 0, { rate: 0 });
  const started = performance.now();
  const load = await runClosedLoop({
    url: opts.url,
    total: opts.events,
    concurrency: opts.concurrency,
    next: opts.next,
    signal: opts.signal,
    onProgress: (done) =>
      bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) }),
  });
  bar.stop();
  const statuses = [...load.statuses].map(([s, n]) => `${n} x ${s}`).join(", ");
  const q = (p: number) => (load.latency.getValueAtPercentile(p) / 1000).toFixed(2);
  console.log(`  ${statuses} in ${(load.elapsedMs / 1000).toFixed(2)} s`);
  console.log(
    `  ${Math.round(load.sent / (load.elapsedMs / 1000))} requests/s; request latency ms: p50 ${q(50)}  p90 ${q(90)}  p99 ${q(99)}  max ${q(100)}`,
  );
  return load;
}
