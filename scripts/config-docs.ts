/**
 * Prints the environment variables of every tier as Markdown tables, from the same
 * schemas that validate them at start-up (README's "Configuration" section is this output).
 */
import { configTable } from "@rafaga/core";
import { ConsumerConfigSchema } from "../packages/consumers/src/consumer-config.ts";
import { EdgeConfigSchema } from "../packages/edge/src/edge-config.ts";
import { IngestConfigSchema } from "../packages/ingest/src/ingest-config.ts";
import { RouterConfigSchema } from "../packages/router/src/router-config.ts";
import { WriterConfigSchema } from "../packages/writers/src/writer-config.ts";

const tiers = [
  [
    "edge (`packages/edge`, Bun): the single layout's ingest, router and writers in one process",
    EdgeConfigSchema,
  ],
  ["ingest (`packages/ingest`, Bun)", IngestConfigSchema],
  ["router (`packages/router`, Bun)", RouterConfigSchema],
  [
    "writers (`packages/writers`; Node for BROKER=kafka with librdkafka, else Bun)",
    WriterConfigSchema,
  ],
  [
    "consumers (`packages/consumers`; Bun, or Node with KAFKA_CLIENT=rdkafka)",
    ConsumerConfigSchema,
  ],
] as const;

for (const [title, schema] of tiers) console.log(`#### ${title}\n\n${configTable(schema)}\n`);
