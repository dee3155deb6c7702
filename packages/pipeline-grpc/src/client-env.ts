import { Type } from "@sinclair/typebox";
import type { PipelineClientInput } from "./options.ts";

/**
 * The environment variables of a tier that sends to the next one over PipelineClient
 * (ingest -> router, router -> writers), declared once so that names, bounds and docs
 * cannot drift apart between the two.
 */
export function pipelineClientEnv(next: {
  name: string;
  maxBatch: number;
  ackWait: string;
  holdMs: number;
}) {
  return {
    BATCH_MAX_EVENTS: Type.Integer({
      minimum: 1,
      default: next.maxBatch,
      description: `events per gRPC batch to ${next.name}`,
    }),
    BATCH_LINGER_MS: Type.Number({
      minimum: 0,
      default: 2,
      description: `how long a gRPC batch to ${next.name} waits to fill`,
    }),
    BATCH_EAGER: Type.Integer({
      minimum: 0,
      default: 1,
      description: `batches to ${next.name} in flight below which events leave without lingering (0: always linger)`,
    }),
    GRPC_STREAMS_PER_TARGET: Type.Integer({
      minimum: 1,
      default: 2,
      description: `gRPC streams to each address of ${next.name}`,
    }),
    ACK_TIMEOUT_MS: Type.Integer({
      minimum: 100,
      default: 10_000,
      description: next.ackWait,
    }),
    BATCH_HOLD_MS: Type.Integer({
      minimum: 0,
      default: next.holdMs,
      description: `how long a batch waits for a stream to ${next.name} when none is open, before its events are refused as not written (0: at once)`,
    }),
  };
}

interface PipelineClientConfig {
  BATCH_MAX_EVENTS: number;
  BATCH_LINGER_MS: number;
  BATCH_EAGER: number;
  GRPC_STREAMS_PER_TARGET: number;
  ACK_TIMEOUT_MS: number;
  BATCH_HOLD_MS: number;
}

/** PipelineClient options from the variables pipelineClientEnv declared. */
export const pipelineClientOptions = (
  config: PipelineClientConfig,
): Omit<PipelineClientInput, "targets"> => ({
  streamsPerTarget: config.GRPC_STREAMS_PER_TARGET,
  maxBatch: config.BATCH_MAX_EVENTS,
  lingerMs: config.BATCH_LINGER_MS,
  eagerBatches: config.BATCH_EAGER,
  ackTimeoutMs: config.ACK_TIMEOUT_MS,
  holdUnroutableMs: config.BATCH_HOLD_MS,
});
