import { type Domain, type EnvelopeBatch, isRafagaError, RafagaError } from "@rafaga/core";
import type { PipelineClient } from "@rafaga/pipeline-grpc";
import { type BrokerName, brokersFor, type RoutingMode, routeBatch } from "./routing.ts";

export type WriterClients = Record<BrokerName, Pick<PipelineClient, "submitMany" | "isReady">>;

/**
 * The router's batch handler: fans each ingest batch out to the writers of the brokers its
 * events are routed to, and succeeds when every event is durable in at least one of its
 * brokers. With routing "both" one broker suffices: the consumers count the event once by
 * its id, whichever broker delivers it (and if both do). Otherwise the events that are
 * durable nowhere fail (failedEvents when the others are), so ingest answers 503 for
 * them rather than a false 2xx, and 2xx for the rest.
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
    if (outcomes.every((outcome) => outcome.status === "fulfilled")) return;
    const refusedBy = new Map<BrokerName, unknown>();
    perBroker.forEach(([broker], i) => {
      const outcome = outcomes[i];
      if (outcome?.status === "rejected") refusedBy.set(broker, outcome.reason);
    });
    // An event is durable once any broker it was sent to took it; the others fail, and
    // were not written only if each of their brokers refused before writing.
    const failed: number[] = [];
    let notWritten = true;
    let first: unknown;
    batch.events.forEach((event, i) => {
      const brokers = brokersFor(modeOf(event.domain), event);
      if (!brokers.every((broker) => refusedBy.has(broker))) return;
      failed.push(i);
      for (const broker of brokers) {
        const reason = refusedBy.get(broker);
        first ??= reason;
        if (!(isRafagaError(reason) && reason.notWritten)) notWritten = false;
      }
    });
    if (failed.length === 0) return;
    const some = failed.length < batch.events.length ? { failedEvents: failed } : {};
    if (!isRafagaError(first)) {
      const message = first instanceof Error ? first.message : String(first);
      throw new RafagaError("INFRA", message, { ...some, cause: first });
    }
    throw first.restated({ notWritten, ...some });
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
