#!/usr/bin/env bun
// Entry of a consumer tier (BROKER=kafka|rabbitmq, DOMAINS=<domain names>): broker batches
// in, one atomic idempotent Valkey script per batch out. Runs under Bun; with
// KAFKA_CLIENT=rdkafka, this same file bundled for Node.
import { createMetrics, defineService, serveMetrics } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { createApplyHandler } from "./apply-handler.ts";
import { createBrokerClients } from "./broker-clients.ts";
import { loadConsumerConfig } from "./consumer-config.ts";

await defineService({
  name: "consumer",
  config: async () => loadConsumerConfig(await loadDomains()),
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const metrics = createMetrics(`consumer-${config.BROKER}`);
    const storeOptions = {
      url: config.VALKEY_URL,
      keyPrefix: config.KEY_PREFIX,
      dedupTtlSeconds: config.DEDUP_TTL_SECONDS,
      clientKeyTtlSeconds: config.CLIENT_KEY_TTL_SECONDS,
      pairedMarkerTtlSeconds: config.PAIRED_MARKER_TTL_SECONDS,
    };
    const { consumer, deadLetters } = await createBrokerClients(config);
    shutdown.add("dead-letter producer", () => deadLetters.close());

    for (const domain of config.consumed) {
      const store = domain.openStore(storeOptions);
      shutdown.add(`${domain.name} store`, () => store.close());
      await store.connect();
      const c = consumer();
      await c.start({
        source: config.destinations.get(domain.id) as string,
        group: config.groups.get(domain.id) as string,
        handler: createApplyHandler(store, deadLetters, metrics),
      });
      // Consumers close before the stores they write to (closers run in reverse order).
      shutdown.add(`${domain.name} consumer`, () => c.close());
    }
    const metricsServer = await serveMetrics(metrics, config.METRICS_PORT, config.HOST);
    shutdown.add("metrics server", () => metricsServer.close());
    logger.info(
      { broker: config.BROKER, domains: config.consumed.map((d) => d.name) },
      "consumer running",
    );
  },
});
