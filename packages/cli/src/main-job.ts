import { mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { endpoints, ensureUp, status } from "@rafaga/infra";
import { WeatherStore } from "@rafaga/store";
import { SingleBar } from "cli-progress";
import { runClosedLoop } from "./closed-loop.ts";
import { repoRoot } from "./node-bundle.ts";
import { defaultLayout } from "./pipeline-layout.ts";
import { type RunningPipeline, startPipeline } from "./pipeline-runner.ts";
import { countMatrix, settle } from "./test-pipeline.ts";
import { formatTierReport, tierReport } from "./tier-report.ts";
import { formatWeatherTable, subtractCounts } from "./weather-table.ts";
import { weatherWorkload } from "./weather-workload.ts";

export interface MainJobOptions {
  events: number;
  concurrency: number;
  /** Aborted when the user wants to stop (Ctrl-C); without `exit` the job serves until then. */
  stop: AbortSignal;
  exit: boolean;
}

/**
 * `npm start`: infrastructure and every tier up, the reference weather workload through
 * the pipeline, then a report a person can check by eye: per-tier counts and latencies,
 * the Valkey table, and whether Valkey moved by exactly what the load generator counted.
 */
export async function runMainJob(opts: MainJobOptions): Promise<boolean> {
  console.log(
    "infrastructure: starting Kafka, RabbitMQ and Valkey (the first run installs them)...",
  );
  await ensureUp();
  for (const s of await status()) {
    console.log(
      `  ${s.name.padEnd(9)} ${s.healthy ? "up  " : "DOWN"} 127.0.0.1:${s.port}  ${s.description}`,
    );
  }

  const logDir = join(repoRoot, ".data", "logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `pipeline-${new Date().toISOString().replaceAll(":", "-")}.log`);
  const fd = openSync(logFile, "a");
  const layout = defaultLayout(endpoints);
  console.log(`pipeline: starting 6 tiers (logs: ${logFile.replace(`${repoRoot}/`, "")})...`);
  const pipeline: RunningPipeline = await startPipeline(layout, {
    log: (line) => writeSync(fd, `${line}\n`),
  });
  const weather = new WeatherStore({ url: endpoints.valkeyUrl });
  try {
    await weather.connect();
    const before = await weather.readCounts();
    console.log(`ready: ${pipeline.ingestUrl} (POST /api/tweets, /purchase; GET /metrics)`);

    console.log(
      `\nweather workload: ${opts.events} reports from ${opts.concurrency} concurrent clients (SPEC §1)`,
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
      url: `${pipeline.ingestUrl}/api/tweets`,
      total: opts.events,
      concurrency: opts.concurrency,
      next: weatherWorkload(),
      onProgress: (done) =>
        bar.update(done, { rate: Math.round(done / ((performance.now() - started) / 1000)) }),
    });
    bar.stop();
    const expected = countMatrix(load.accepted);
    const delta = async () => subtractCounts(await weather.readCounts(), before);
    const applied = await settle(delta, expected, 60_000);
    const drainedMs = performance.now() - started - load.elapsedMs;
    const exact = Bun.deepEquals(applied, expected);

    const statuses = [...load.statuses].map(([s, n]) => `${n} x ${s}`).join(", ");
    const q = (p: number) => (load.latency.getValueAtPercentile(p) / 1000).toFixed(2);
    console.log(`\nload generator: ${statuses} in ${(load.elapsedMs / 1000).toFixed(2)} s`);
    console.log(
      `  ${Math.round(load.sent / (load.elapsedMs / 1000))} requests/s; request latency ms: p50 ${q(50)}  p90 ${q(90)}  p99 ${q(99)}  max ${q(100)}`,
    );
    console.log(
      `  all applied in Valkey ${(drainedMs / 1000).toFixed(2)} s after the last response\n`,
    );
    console.log(formatTierReport(await tierReport(layout)));
    console.log(
      `\n${formatWeatherTable(await weather.readCounts(), "Valkey weather:<municipality>:<weather> (all runs)")}`,
    );
    console.log(
      exact
        ? "\nthis run: Valkey moved by exactly the accepted count of every cell"
        : "\nthis run: MISMATCH between accepted and applied counts",
    );
    console.log(formatWeatherTable(applied, "this run, applied"));

    if (!opts.exit) {
      console.log(`\nserving on ${pipeline.ingestUrl}; Ctrl-C stops every tier`);
      await new Promise<void>((resolve) =>
        opts.stop.addEventListener("abort", () => resolve(), { once: true }),
      );
    }
    return exact;
  } finally {
    console.log("stopping the pipeline...");
    await pipeline.stop();
    await weather.close();
  }
}
