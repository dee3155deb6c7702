#!/usr/bin/env bun
// Entry of the dashboard: every domain's panels, read from Valkey, live in a browser.
import { createMetrics, defineService } from "@rafaga/core";
import { loadDomains } from "@rafaga/domains";
import { buildClientBundle } from "./client-bundle.ts";
import { consumerLag } from "./consumer-lag.ts";
import { createDashboardApp } from "./dashboard-app.ts";
import { loadDashboardConfig } from "./dashboard-config.ts";
import { PanelFeed } from "./panel-feed.ts";
import { parseTargets, pipelineHealth } from "./pipeline-health.ts";

await defineService({
  name: "dashboard",
  config: async () => {
    const config = loadDashboardConfig(await loadDomains());
    return { ...config, targets: parseTargets(config.PIPELINE_METRICS) };
  },
  onSignals: (stop) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop(signal));
  },
  start: async ({ config, logger, shutdown }) => {
    const valkey = { url: config.VALKEY_URL, keyPrefix: config.KEY_PREFIX };
    const sources = config.domains.flatMap((d) =>
      d.openDashboard
        ? [{ name: d.name, description: d.description, dashboard: d.openDashboard(valkey) }]
        : [],
    );
    if (config.targets.length > 0) {
      const lag = consumerLag({
        kafkaBrokers: config.KAFKA_BROKERS,
        amqpUrl: config.AMQP_URL,
        streams: config.domains.map((d) => ({
          destination: config.destinations.get(d.id) ?? d.defaults.destination,
          group: config.groups.get(d.id) ?? d.defaults.group,
        })),
      });
      const dashboard = pipelineHealth(config.targets, lag);
      sources.push({ name: "pipeline", description: "the pipeline", dashboard });
    }
    const feed = new PanelFeed(sources, config.REFRESH_MS);
    shutdown.add("panel feed", () => feed.close());
    const script = await buildClientBundle();
    const routes = createDashboardApp({ feed, script, metrics: createMetrics("dashboard") });
    feed.start();
    const server = Bun.serve({
      hostname: config.HOST,
      port: config.PORT,
      routes,
      fetch: () => Response.json({ error: "not found" }, { status: 404 }),
      // The event stream stays open for as long as a page does.
      idleTimeout: 0,
    });
    shutdown.add("http server", () => server.stop(true));
    logger.info(
      { url: `http://${config.HOST}:${server.port}/`, domains: sources.map((s) => s.name) },
      "dashboard listening",
    );
  },
});
