#!/usr/bin/env bun
import { createLogger, isRafagaError } from "@rafaga/core";
import type { ChaosRow } from "@rafaga/e2e-kit";
import { endpoints, ensureUp, kafkaServer } from "@rafaga/infra";
import {
  defaultLayout,
  LAYOUT_KINDS,
  type LayoutKind,
  SUPERVISOR_METRICS_PORT,
  startPipeline,
  supervisedRun,
} from "@rafaga/runner";
import { Command, InvalidArgumentError, Option } from "commander";
import { runMainJob } from "./main-job.ts";
import { formatRoundTrip } from "./round-trip.ts";
import { smokeAllBrokers } from "./smoke.ts";

const logger = createLogger("cli");
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  });
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive integer");
  return n;
};

// One setting picks the layout: the single-process edge on one machine (measured faster:
// README, Performance), every tier its own process as on Kubernetes.
const layoutOption = () =>
  new Option(
    "--layout <kind>",
    "single: ingest, router and writers in one process; tiers: one process per tier",
  )
    .choices(LAYOUT_KINDS)
    .default("single");

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError("must be a port number, or 0 for none");
  }
  return n;
};

const dashboardOption = () =>
  new Option("--dashboard-port <port>", "the live dashboard's port; 0 starts no dashboard")
    .argParser(port)
    .default(3000);

const program = new Command("rafaga").description(
  "rafaga: weather reports and Black Friday sales pipelines",
);

program
  .command("start")
  .description("infrastructure and every tier up, run the reference workload, report, keep serving")
  .option("--exit", "exit when the workload is done instead of serving until Ctrl-C")
  .option("--events <n>", "weather reports to send", positive, 10_000)
  .option("--sales <n>", "Black Friday sales to send", positive, 5_000)
  .option("--concurrency <n>", "concurrent clients", positive, 10)
  .addOption(layoutOption())
  .addOption(dashboardOption())
  .action(
    async (o: {
      exit?: boolean;
      events: number;
      sales: number;
      concurrency: number;
      layout: LayoutKind;
      dashboardPort: number;
    }) => {
      const exact = await runMainJob({ ...o, exit: o.exit ?? false, stop: stop.signal });
      process.exitCode = exact ? 0 : 1;
    },
  );

program
  .command("serve")
  .description("infrastructure and every tier up in the foreground until Ctrl-C")
  .addOption(layoutOption())
  .addOption(dashboardOption())
  .action(async (o: { layout: LayoutKind; dashboardPort: number }) => {
    await ensureUp();
    const supervision = await supervisedRun();
    const pipeline = await startPipeline(
      defaultLayout(endpoints, o.layout, o.dashboardPort),
      supervision.options,
    );
    console.log(`ready: ${pipeline.ingestUrl}/readyz answers 200; Ctrl-C stops every tier`);
    if (pipeline.dashboardUrl) console.log(`dashboard: ${pipeline.dashboardUrl}`);
    if (pipeline.grpcAddress) console.log(`gRPC: ${pipeline.grpcAddress} (the reference services)`);
    console.log(
      `supervisor: a tier that exits is restarted (restarts: 127.0.0.1:${SUPERVISOR_METRICS_PORT}/metrics)`,
    );
    await new Promise<void>((resolve) =>
      stop.signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    await pipeline.stop();
    await supervision.close();
  });

program
  .command("chaos")
  .description(
    "the fault matrix: each tier, broker and Valkey SIGKILLed under load, each on a fresh pipeline; a table of what was lost, doubled or wrongly refused",
  )
  .option(
    "--only <names>",
    "comma-separated scenarios, e.g. edge,kafka,kafka-leader (default: all; kafka-leader needs up --kafka-brokers 3)",
  )
  .option("--keys", "clients send Idempotency-Key and retry unsettled answers with it")
  .option(
    "--graceful",
    "tiers get SIGTERM (a graceful stop, as in a rolling update) instead of SIGKILL",
  )
  .addOption(layoutOption())
  .action(async (o: { only?: string; keys?: boolean; graceful?: boolean; layout: LayoutKind }) => {
    // Loaded here: the chaos matrix drives test pipelines and fault loads, which no other
    // command (npm start, serve) should load.
    const { chaosFaults, faultName, faultTarget, formatChaosTable, runChaosScenario } =
      await import("@rafaga/e2e-kit");
    await ensureUp();
    const wanted = o.only?.split(",").map((s) => s.trim());
    const faults = chaosFaults(o.layout, kafkaServer.brokers).filter(
      (f) => !wanted || wanted.includes(faultTarget(f)),
    );
    const rows: ChaosRow[] = [];
    const tierSignal = o.graceful ? "SIGTERM" : "SIGKILL";
    for (const fault of faults) {
      if (stop.signal.aborted) break;
      console.log(`chaos: ${faultName(fault, tierSignal)}...`);
      rows.push(
        await runChaosScenario(fault, { layout: o.layout, keys: o.keys ?? false, tierSignal }),
      );
    }
    console.log(formatChaosTable(rows));
    const bad = rows.filter((r) => r.lost + r.duplicated + r.countedThoughRejected > 0);
    process.exitCode = bad.length > 0 ? 1 : 0;
  });

program
  .command("smoke")
  .description("one event through each broker adapter and back")
  .action(async () => {
    await ensureUp();
    for (const r of await smokeAllBrokers()) console.log(formatRoundTrip(r));
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A person reads this: the message as written (its lines, not a JSON string), code first.
  if (isRafagaError(error)) console.error(`rafaga: ${error.code}: ${error.message}`);
  else logger.error({ err: error }, "failed");
  process.exit(1);
}
