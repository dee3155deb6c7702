/**
 * Issue 14's measurement: Valkey's used_memory against the events applied, per routing
 * path, while weather reports flow through the single layout's batch endpoint. Memory that
 * grows with the events (dedup markers) shows as bytes per event; state bounded by the
 * shape of the system (per-partition offset fences) shows as a flat line.
 *
 *   bun perf/src/dedup-memory.ts [events-per-path=2000000] [paths=kafka,rabbitmq,both]
 *     [--dedup-ttl=S] [--paired-ttl=S] [--rate=events/s]
 *
 * Routing `both` keeps a marker per event until its second copy came, then
 * PAIRED_MARKER_TTL_SECONDS more (--paired-ttl, the consumers' default 60 s here too);
 * a copy whose twin never comes keeps it DEDUP_TTL_SECONDS (--dedup-ttl). So its memory
 * levels off at rate x (lag between the two consumers + paired TTL) x bytes per marker.
 * --rate paces the load (default as fast as the pipeline takes it, where the slower
 * consumer falls ever further behind).
 *
 * Uses the shared Valkey: run it alone (nothing else writing to Valkey meanwhile).
 */
import { weatherWorkload } from "@rafaga/domains";
import { startTestPipeline } from "@rafaga/e2e-kit";
import { endpoints } from "@rafaga/infra";
import type { RoutingMode } from "@rafaga/runner";
import Redis from "iovalkey";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const total = Number(args[0] ?? 2_000_000);
const paths = (args[1] ?? "kafka,rabbitmq,both").split(",") as RoutingMode[];
const ttlFlag = process.argv.find((a) => a.startsWith("--dedup-ttl="));
const dedupTtlSeconds = ttlFlag ? Number(ttlFlag.split("=")[1]) : undefined;
const pairedFlag = process.argv.find((a) => a.startsWith("--paired-ttl="));
const pairedMarkerTtlSeconds = pairedFlag ? Number(pairedFlag.split("=")[1]) : 60;
const rateFlag = process.argv.find((a) => a.startsWith("--rate="));
const rate = rateFlag ? Number(rateFlag.split("=")[1]) : undefined;
const BATCH = 1000;
const CLIENTS = 4;

const valkey = new Redis(endpoints.valkeyUrl);
const usedMemory = async () => {
  const info = await valkey.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
};

const next = weatherWorkload(91);
const bodies = Array.from({ length: 20 }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) => JSON.stringify(next(b * BATCH + i).body)).join("\n"),
);

for (const routing of paths) {
  const t = await startTestPipeline({
    kind: "single",
    routingWeather: routing,
    ...(dedupTtlSeconds ? { dedupTtlSeconds } : {}),
    pairedMarkerTtlSeconds,
  });
  const applied = async () => (await t.weather.readDashboard()).totals.total;
  try {
    await valkey.call("MEMORY", "PURGE");
    const base = await usedMemory();
    const samples: { events: number; bytes: number }[] = [{ events: 0, bytes: base }];
    let sent = 0;
    const started = performance.now();
    const sender = Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        while (sent < total) {
          if (rate) {
            // Paced: batch n leaves n / rate seconds after the start, whichever client sends it.
            const due = started + ((sent + BATCH) / rate) * 1000;
            if (due > performance.now()) await Bun.sleep(due - performance.now());
            if (sent >= total) break;
          }
          sent += BATCH;
          const response = await fetch(`${t.pipeline.ingestUrl}/api/tweets`, {
            method: "POST",
            headers: { "content-type": "application/x-ndjson" },
            body: bodies[(sent / BATCH + c) % bodies.length],
          });
          if (response.status !== 202) throw new Error(`batch answered ${response.status}`);
        }
      }),
    );
    let done = false;
    void sender.finally(() => {
      done = true;
    });
    let step = total / 10;
    // After the load, wait for the consumers; one that applies nothing for 60 s is stuck.
    let last = { events: -1, at: performance.now() };
    while (!done || (await applied()) < sent) {
      await Bun.sleep(250);
      const events = await applied();
      if (events !== last.events) last = { events, at: performance.now() };
      else if (done && performance.now() - last.at > 60_000) break;
      if (events >= step) {
        samples.push({ events, bytes: await usedMemory() });
        step += total / 10;
      }
    }
    await sender;
    const end = { events: await applied(), bytes: await usedMemory() };
    samples.push(end);
    const seconds = (performance.now() - started) / 1000;
    const perEvent = (end.bytes - base) / Math.max(1, end.events);
    if (end.events !== sent) {
      console.log(`  NOT EXACT: ${end.events} reports applied of ${sent} sent (all answered 202)`);
    }
    console.log(
      `routing ${routing} (${dedupTtlSeconds ? `DEDUP_TTL_SECONDS=${dedupTtlSeconds}, ` : ""}PAIRED_MARKER_TTL_SECONDS=${pairedMarkerTtlSeconds})${rate ? ` at ${rate} reports/s` : ""}: ${end.events.toLocaleString("en")} reports applied in ${seconds.toFixed(0)} s; used_memory ${(base / 2 ** 20).toFixed(1)} -> ${(end.bytes / 2 ** 20).toFixed(1)} MiB, ${perEvent.toFixed(1)} bytes per event`,
    );
    for (const s of samples)
      console.log(
        `  ${String(s.events).padStart(9)} events  ${(s.bytes / 2 ** 20).toFixed(1).padStart(8)} MiB`,
      );
    if (rate) {
      // Warmed up once the first markers have expired: a window's worth of events, and a quarter more.
      const window = routing === "both" ? pairedMarkerTtlSeconds : 0;
      const warm = samples.filter((s) => s.events >= rate * window * 1.25 && s.events > 0);
      const mib = warm.map((s) => s.bytes / 2 ** 20);
      const mean = mib.reduce((a, b) => a + b, 0) / Math.max(1, mib.length);
      const spread = Math.max(...mib.map((m) => Math.abs(m - mean) / mean)) * 100;
      console.log(
        `  after warm-up (${warm.length} samples): ${Math.min(...mib).toFixed(1)}-${Math.max(...mib).toFixed(1)} MiB, within ${spread.toFixed(1)} % of their mean ${mean.toFixed(1)}`,
      );
    }
  } finally {
    await t.stop();
  }
}
valkey.disconnect();
