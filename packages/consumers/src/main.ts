#!/usr/bin/env bun
// Entry of a consumer tier (BROKER=kafka|rabbitmq, DOMAINS=weather,sales): broker batches
// in, one atomic idempotent Valkey script per batch out. Runs under Bun; with
// KAFKA_CLIENT=rdkafka, this same file bundled for Node.
import {
  configOrExit,
  createLogger,
  createMetrics,
  createShutdown,
  exitAfterShutdown,
  failStartup,
  serveMetrics,
} from "@rafaga/core";
import { SalesStore, WeatherStore } from "@rafaga/store";
import { createApplyHandler } from "./apply-handler.ts";
import { createBrokerClients } from "./broker-clients.ts";
import { loadConsumerConfig } from "./consumer-config.ts";
import { type DomainApplier, salesApplier, weatherApplier } from "./domain-appliers.ts";

const logger = createLogger("consumer");
const config = configOrExit(logger, loadConsumerConfig);
const shutdown = createShutdown({ timeoutMs: 15_000, logger });
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => exitAfterShutdown(shutdown, signal));

try {
  const metrics = createMetrics(`consumer-${config.BROKER}`);
  const store = { url: config.VALKEY_URL, keyPrefix: config.KEY_PREFIX };
  const { consumer, deadLetters } = await createBrokerClients(config);
  shutdown.add("dead-letter producer", () => deadLetters.close());

  for (const domain of new Set(config.DOMAINS)) {
    let applier: DomainApplier;
    if (domain === "weather") {
      const weather = new WeatherStore(store);
      await weather.connect();
      shutdown.add("weather store", () => weather.close());
      applier = weatherApplier(weather);
    } else {
      const sales = new SalesStore(store);
      await sales.connect();
      shutdown.add("sales store", () => sales.close());
      applier = salesApplier(sales);
    }
    const c = consumer();
    await c.start({
      source: domain === "weather" ? config.WEATHER_DESTINATION : config.SALES_DESTINATION,
      group: domain === "weather" ? config.WEATHER_GROUP : config.SALES_GROUP,
      handler: createApplyHandler(applier, deadLetters, metrics),
    });
    // Consumers close before the stores they write to (closers run in reverse order).
    shutdown.add(`${domain} consumer`, () => c.close());
  }
  const metricsServer = await serveMetrics(metrics, config.METRICS_PORT, config.HOST);
  shutdown.add("metrics server", () => metricsServer.close());
  logger.info({ broker: config.BROKER, domains: config.DOMAINS }, "consumer running");
} catch (error) {
  await failStartup(logger, shutdown, error);
}
