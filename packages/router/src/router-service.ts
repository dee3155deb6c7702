import { Domain, type EnvelopeBatch, isRafagaError, RafagaError } from "@rafaga/core";
import type { PipelineClient } from "@rafaga/pipeline-grpc";
import { type BrokerName, type RoutingMode, routeBatch } from "./routing.ts";

export type WriterClients = Record<BrokerName, Pick<PipelineClient, "submitMany" | "isReady">>;

/**
 * The router's batch handler: fans each ingest batch out to the writers of the brokers its
 * events are routed to and succeeds only when every one of them acknowledged. A failure
 * from any writer fails the batch, so ingest answers 503 rather than a false 2xx.
 */
export function createRouterHandler(writers: WriterClients, modes: Record<Domain, RoutingMode>) {
  const modeOf = (domain: Domain) => modes[domain];
  return async (batch: EnvelopeBatch): Promise<void> => {
    const perBroker = routeBatch(batch.events, modeOf);
    const outcomes = await Promise.allSettled(
      [...perBroker].map(([broker, events]) => writers[broker].submitMany(events)),
    );
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    const first = failures[0];
    if (first === undefined) return;
    // Not written only if no writer wrote: with routing "both", one broker may have taken
    // the events the other refused, and they will be counted.
    const nothingWritten =
      failures.length === outcomes.length &&
      failures.every((f) => isRafagaError(f) && f.notWritten);
    if (isRafagaError(first) && first.notWritten && !nothingWritten) {
      throw new RafagaError(first.code, first.message, {
        ...(first.retryAfter === undefined ? {} : { retryAfter: first.retryAfter }),
        notWritten: nothingWritten,
        cause: first,
      });
    }
    throw first;
  };
}

export function routingModes(config: { ROUTING_WEATHER: RoutingMode; ROUTING_SALES: RoutingMode }) {
  return {
    [Domain.WEATHER]: config.ROUTING_WEATHER,
    [Domain.SALES]: config.ROUTING_SALES,
  } as Record<Domain, RoutingMode>;
}

/** The brokers some routing mode sends to. */
export function brokersUsed(modes: Record<Domain, RoutingMode>): BrokerName[] {
  const used = new Set<BrokerName>();
  for (const mode of Object.values(modes)) {
    if (mode === "kafka" || mode === "rabbitmq") used.add(mode);
    else {
      used.add("kafka");
      used.add("rabbitmq");
    }
  }
  return [...used];
}

/** Ready when every writer that some routing mode sends to has a connected stream. */
export function writersReady(
  writers: WriterClients,
  modes: Record<Domain, RoutingMode>,
): () => boolean {
  const used = brokersUsed(modes);
  return () => used.every((broker) => writers[broker].isReady());
}
