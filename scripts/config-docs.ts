/**
 * Prints the environment variables of every tier as Markdown tables, from the same
 * schemas that validate them at start-up (README's "Configuration" section is this output),
 * with the per-domain variables of the built-in domains.
 */
import { consumerConfigSchema } from "@rafaga/consumers";
import { configTable } from "@rafaga/core";
import { dashboardConfigSchema } from "@rafaga/dashboard";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { edgeConfigSchema } from "@rafaga/edge";
import { ingestConfigSchema } from "@rafaga/ingest";
import { routerConfigSchema } from "@rafaga/router";
import { writerConfigSchema } from "@rafaga/writers";

const tiers = [
  [
    "edge (`packages/edge`, Bun): the single layout's ingest, router and writers in one process",
    edgeConfigSchema(BUILT_IN_DOMAINS),
  ],
  ["ingest (`packages/ingest`, Bun)", ingestConfigSchema(BUILT_IN_DOMAINS)],
  ["router (`packages/router`, Bun)", routerConfigSchema(BUILT_IN_DOMAINS)],
  [
    "writers (`packages/writers`; Bun, or Node with KAFKA_CLIENT=rdkafka)",
    writerConfigSchema(BUILT_IN_DOMAINS),
  ],
  [
    "consumers (`packages/consumers`; Bun, or Node with KAFKA_CLIENT=rdkafka)",
    consumerConfigSchema(BUILT_IN_DOMAINS),
  ],
  ["dashboard (`packages/dashboard`, Bun)", dashboardConfigSchema(BUILT_IN_DOMAINS)],
] as const;

for (const [title, schema] of tiers) console.log(`#### ${title}\n\n${configTable(schema)}\n`);
