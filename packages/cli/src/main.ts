#!/usr/bin/env bun
import { createLogger, isRafagaError } from "@rafaga/core";
import { ensureUp } from "@rafaga/infra";
import { Command } from "commander";
import { formatRoundTrip } from "./round-trip.ts";
import { smokeAllBrokers } from "./smoke.ts";

const logger = createLogger("cli");
const program = new Command("rafaga").description(
  "rafaga: weather reports and Black Friday sales pipelines",
);

program
  .command("start")
  .description("bring the infrastructure up and run the main job")
  .action(async () => {
    console.log("starting Kafka, RabbitMQ and Valkey (the first run installs them)...");
    await ensureUp();
    console.log("one event through each broker adapter and back:");
    for (const r of await smokeAllBrokers()) console.log(`  ${formatRoundTrip(r)}`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isRafagaError(error)) logger.error({ code: error.code }, error.message);
  else logger.error({ err: error }, "failed");
  process.exit(1);
}
