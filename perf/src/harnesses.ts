import type { Harness } from "./harness.ts";
import { endToEnd } from "./tiers/end-to-end.ts";

/**
 * Every harness `npm run perf` and `npm run perf:ci` run, in this order: single tiers
 * first, end to end last, so a person reading the report meets the limits before the
 * pipeline that stacks them. Add a harness by importing it and listing it in its slot.
 */

// ---- slot: ingest HTTP harness (Bun.serve / uWS on Node) — import here ----

// ---- slot: router / writers / consumers harnesses — import here ----
import { kafkaWriterHarness } from "./tiers/kafka-writer.ts";
import { rabbitmqWriterHarness } from "./tiers/rabbitmq-writer.ts";

export const harnesses: Harness[] = [
  // ---- slot: ingest HTTP harness ----

  // ---- slot: router, Kafka writer, RabbitMQ writer, consumers harnesses ----
  kafkaWriterHarness,
  rabbitmqWriterHarness,

  endToEnd,
];
