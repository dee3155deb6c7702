import {
  type Domain,
  type Envelope,
  type EnvelopeBatch,
  isRafagaError,
  RafagaError,
} from "@rafaga/core";
import type { PipelineClient } from "@rafaga/pipeline-grpc";
import { type BrokerName, brokersFor, type RoutingMode, routeBatch } from "./routing.ts";

export type WriterClients = Record<BrokerName, Pick<PipelineClient, "submitMany" | "isReady">>;

/**
 * The router's batch handler: fans each ingest batch out to the writers of the brokers its
 * events are routed to, and succeeds when every event is durable in at least one of its
 * brokers. With routing "both" one broker suffices: the consumers count the event once by
 * its id, whichever broker delivers it (and if both do). Otherwise the batch fails, so
 * ingest answers 503 rather than a false 2xx.
 */
export function createRouterHandler(
  writers: WriterClients,
  modes: ReadonlyMap<Domain, RoutingMode>,
) {
  const modeOf = (domain: Domain) => modes.get(domain) as RoutingMode;
  return async (batch: EnvelopeBatch): Promise<void> => {
    for (const event of batch.events) {
      if (!modes.has(event.domain)) {
        // Ingest knows a domain this router does not: their DOMAIN_MODULES differ.
        throw new RafagaError("CONFIG", `event ${event.id}: unknown domain ${event.domain}`, {
          field: "domain",
          notWritten: true,
        });
      }
    }
    const perBroker = [...routeBatch(batch.events, modeOf)];
    const outcomes = await Promise.allSettled(
      perBroker.map(([broker, events]) => writers[broker].submitMany(events)),
    );
    const failures = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    const first = failures[0];
    if (first === undefined) return;
    const took = new Set(
      perBroker.flatMap(([broker], i) => (outcomes[i]?.status === "fulfilled" ? [broker] : [])),
    );
    const durableSomewhere = (event: Envelope) =>
      brokersFor(modeOf(event.domain), event).some((broker) => took.has(broker));
    if (
      took.size > 0 &&
      perBroker.every(([broker, events]) => took.has(broker) || events.every(durableSomewhere))
    )
      return;
    // Not written only if no writer wrote: one broker may have taken events the other
    // refused, and they will be counted.
    const nothingWritten =
      took.size === 0 && failures.every((f) => isRafagaError(f) && f.notWritten);
    if (isRafagaError(first) && first.notWritten && !nothingWritten) {
      throw new RafagaError(first.code, first.message, {
        ...(first.retryAfter === undefined ? {} : { retryAfter: first.retryAfter }),
        notWritten: false,
        cause: first,
      });
    }
    throw first;
  };
}

/** The brokers a routing mode may send an event to. */
function brokersOf(mode: RoutingMode): BrokerName[] {
  return mode === "kafka" || mode === "rabbitmq" ? [mode] : ["kafka", "rabbitmq"];
}

/** The brokers some routing mode sends to. */
export function brokersUsed(modes: ReadonlyMap<Domain, RoutingMode>): BrokerName[] {
  return [...new Set([...modes.values()].flatMap(brokersOf))];
}

/** Whether a domain routed by `mode` can reach a durable ack, given which brokers are up. */
function routable(mode: RoutingMode, up: (broker: BrokerName) => boolean): boolean {
  const brokers = brokersOf(mode);
  return mode === "both" ? brokers.some(up) : brokers.every(up);
}

/**
 * Ready when every domain's events can reach a durable ack: routing "both" needs one of
 * its two writers connected, any other mode each writer it may send to.
 */
export function writersReady(
  writers: WriterClients,
  modes: ReadonlyMap<Domain, RoutingMode>,
): () => boolean {
  const routing = [...new Set(modes.values())];
  return () => routing.every((mode) => routable(mode, (b) => writers[b].isReady()));
}

/**
 * Accepting when some domain's events can: with one broker down, what is routed to the
 * other (or to both) still passes on, and the rest is refused at once as not written.
 */
export function writersAccepting(
  writers: Record<BrokerName, Pick<PipelineClient, "isAccepting">>,
  modes: ReadonlyMap<Domain, RoutingMode>,
): () => boolean {
  const routing = [...new Set(modes.values())];
  return () => routing.some((mode) => routable(mode, (b) => writers[b].isAccepting()));
}
