import { mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  countMatrix,
  SalesStore,
  salesWorkload,
  WeatherStore,
  weatherWorkload,
} from "@rafaga/domains";
import { endpoints, ensureUp, status } from "@rafaga/infra";
import {
  cpuPerEvent,
  cpuSecondsMeter,
  defaultLayout,
  formatTierReport,
  type LayoutKind,
  pipelinePids,
  type RunningPipeline,
  repoRoot,
  SUPERVISOR_METRICS_PORT,
  settle,
  startPipeline,
  supervisedRun,
  tierReport,
} from "@rafaga/runner";
import { loadPhase } from "./main-job-phase.ts";
import { formatSalesTable } from "./sales-table.ts";
import { formatWeatherTable, subtractCounts } from "./weather-table.ts";

export interface MainJobOptions {
  events: number;
  /** Black Friday sales to send after the weather reports. */
  sales: number;
  concurrency: number;
  /** Aborted when the user wants to stop (Ctrl-C); without `exit` the job serves until then. */
  stop: AbortSignal;
  exit: boolean;
  layout: LayoutKind;
  /** 0: no dashboard. */
  dashboardPort: number;
}

async function startEverything(
  kind: LayoutKind,
  dashboardPort: number,
): Promise<{
  pipeline: RunningPipeline;
  layout: ReturnType<typeof defaultLayout>;
  supervision: Awaited<ReturnType<typeof supervisedRun>>;
}> {
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
  const layout = defaultLayout(endpoints, kind, dashboardPort);
  const what = kind === "single" ? "the edge and the consumers" : "6 tiers";
  console.log(
    `pipeline: starting ${what}, ${kind} layout (logs: ${logFile.replace(`${repoRoot}/`, "")})...`,
  );
  const supervision = await supervisedRun();
  const pipeline = await startPipeline(layout, {
    log: (line) => {
      writeSync(fd, `${line}\n`);
      // A restart is news for the person watching, not only for the log file.
      if (line.startsWith("supervisor")) console.log(line);
    },
    ...supervision.options,
  });
  console.log(`ready: ${pipeline.ingestUrl} (POST /api/tweets, /purchase; GET /metrics)`);
  if (pipeline.grpcAddress)
    console.log(`gRPC: ${pipeline.grpcAddress} (the reference services, see README "gRPC ingest")`);
  if (pipeline.dashboardUrl) console.log(`dashboard: ${pipeline.dashboardUrl} (live panels)`);
  console.log(
    `supervisor: a tier that exits is restarted (logged; restarts at 127.0.0.1:${SUPERVISOR_METRICS_PORT}/metrics)`,
  );
  return { pipeline, layout, supervision };
}

/**
 * What each process spent per accepted event, from the load's start until Valkey had
 * applied it all: the cost per tier a person can compare across layouts and brokers.
 */
function cpuLine(meter: ReturnType<typeof cpuSecondsMeter>, events: number): string {
  const { cpu, jit } = meter();
  const { text, jitText } = cpuPerEvent(cpu, events, jit);
  const line = `  ${text}; the load generator is this process, not counted`;
  return jitText ? `${line}\n    ${jitText}` : line;
}

/**
 * `npm start`: infrastructure and every tier up, the reference weather and Black Friday
 * workloads through the pipeline, then a report a person can check by eye: per-tier
 * counts and latencies, the Valkey tables, and whether Valkey moved by exactly what the
 * load generator saw accepted.
 */
export async function runMainJob(opts: MainJobOptions): Promise<boolean> {
  const { pipeline, layout, supervision } = await startEverything(opts.layout, opts.dashboardPort);
  const weather = new WeatherStore({ url: endpoints.valkeyUrl });
  const sales = new SalesStore({ url: endpoints.valkeyUrl });
  try {
    await Promise.all([weather.connect(), sales.connect()]);
    const before = await weather.readCounts();
    const weatherCpu = cpuSecondsMeter(pipelinePids(pipeline.tiers));
    const load = await loadPhase({
      title: "weather workload (SPEC §1)",
      url: `${pipeline.ingestUrl}/api/tweets`,
      events: opts.events,
      concurrency: opts.concurrency,
      next: weatherWorkload(),
      signal: opts.stop,
    });
    const loadEnded = performance.now();
    const expected = countMatrix(load.accepted);
    const applied = await settle(
      async () => subtractCounts(await weather.readCounts(), before),
      expected,
      60_000,
    );
    const exact = Bun.deepEquals(applied, expected);
    console.log(
      `  all applied in Valkey ${((performance.now() - loadEnded) / 1000).toFixed(2)} s after the last response`,
    );
    console.log(`${cpuLine(weatherCpu, load.statuses.get(202) ?? 0)}\n`);
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

    const salesBefore = (await sales.readAggregates()).totalSales;
    const salesCpu = cpuSecondsMeter(pipelinePids(pipeline.tiers));
    const salesLoad = await loadPhase({
      title: "Black Friday workload (SPEC §2 weights, products and prices; no think time)",
      url: `${pipeline.ingestUrl}/purchase`,
      events: opts.sales,
      concurrency: opts.concurrency,
      next: salesWorkload(),
      signal: opts.stop,
    });
    const accepted = salesLoad.statuses.get(202) ?? 0;
    const newSales = async () => (await sales.readAggregates()).totalSales - salesBefore;
    const salesApplied = await settle(newSales, accepted, 60_000);
    console.log(`  ${salesApplied} of ${accepted} accepted sales applied in Valkey`);
    console.log(cpuLine(salesCpu, accepted));
    console.log(
      `\n${formatSalesTable(await sales.readAggregates(), "Valkey Black Friday aggregates (all runs)")}`,
    );

    // A Ctrl-C during the workload ends the job after the report, without serving on.
    if (!opts.exit && !opts.stop.aborted) {
      console.log(`\nserving on ${pipeline.ingestUrl}; Ctrl-C stops every tier`);
      await new Promise<void>((resolve) =>
        opts.stop.addEventListener("abort", () => resolve(), { once: true }),
      );
    }
    return exact && salesApplied === accepted;
  } finally {
    console.log("stopping the pipeline...");
    await pipeline.stop();
    await Promise.all([weather.close(), sales.close(), supervision.close()]);
  }
}
