import type { Harness } from "./harness.ts";
import { endToEnd } from "./tiers/end-to-end.ts";

/**
 * Every harness `npm run perf` and `npm run perf:ci` run, in this order: single tiers
 * first, end to end last, so a person reading the report meets the limits before the
 * pipeline that stacks them. Add a harness by importing it and listing it in its slot.
 */

// ---- slot: router / writers / consumers harnesses — import here ----
import { grpcBatchingHarness } from "./tiers/grpc-batching.ts";
import { grpcIngestHarness } from "./tiers/grpc-ingest.ts";
// ---- slot: ingest HTTP harness (Bun.serve / uWS on Node) — import here ----
import { ingestHttpHarness } from "./tiers/ingest-http.ts";
import { kafkaWriterHarness } from "./tiers/kafka-writer.ts";
import { layoutsHarness } from "./tiers/layouts.ts";
import { rabbitmqWriterHarness } from "./tiers/rabbitmq-writer.ts";
import { valkeyApplyHarness } from "./tiers/valkey-apply.ts";

export const harnesses: Harness[] = [
  // ---- slot: ingest HTTP harness ----
  ingestHttpHarness,

  // ---- slot: router, Kafka writer, RabbitMQ writer, consumers harnesses ----
  grpcBatchingHarness,
  kafkaWriterHarness,
  rabbitmqWriterHarness,
  valkeyApplyHarness,

  endToEnd,
  layoutsHarness,
  grpcIngestHarness,
];
