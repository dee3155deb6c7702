import type { BrokerProducer } from "@rafaga/brokers";
import {
  type Domain,
  type Envelope,
  type EnvelopeBatch,
  EventBatcher,
  type EventBatcherOptions,
  RafagaError,
  type ServiceMetrics,
  toBrokerRecord,
} from "@rafaga/core";

/**
 * The writer's batch handler: one broker write per destination, all in parallel; it
 * resolves (and the router gets its ack) only when the broker confirmed every message.
 * With `merge`, batches that arrive while a write is in flight (from any router stream)
 * wait for its ack and leave together as one write per destination (EventBatcher): fewer,
 * bigger broker requests under load, no wait when idle. A merged write that fails fails
 * every batch in it.
 */
export function createWriterHandler(
  producer: BrokerProducer,
  destinations: ReadonlyMap<Domain, string>,
  metrics: ServiceMetrics,
  merge?: Partial<EventBatcherOptions>,
) {
  // The broker label keeps the writers apart where they share a registry (the edge).
  const broker = producer.kind;
  const written = metrics.counter("writer_events", "events durably written, by destination", [
    "destination",
    "broker",
  ]);
  const failed = metrics.counter("writer_failed_events", "events whose write failed", [
    "destination",
    "broker",
  ]);
  const latency = metrics.histogram(
    "writer_batch_seconds",
    "time for the broker to confirm a batch",
    ["broker"],
  );
  const destinationOf = (event: Envelope): string => {
    const destination = destinations.get(event.domain);
    if (destination === undefined) {
      // The router knows a domain this writer does not (their DOMAIN_MODULES differ).
      // Checked before any write: the whole batch is refused, nothing of it written.
      throw new RafagaError(
        "CONFIG",
        `event ${event.id}: no destination for domain ${event.domain}`,
        {
          field: "domain",
          notWritten: true,
        },
      );
    }
    return destination;
  };
  const write = async (events: readonly Envelope[]): Promise<void> => {
    const perDestination = new Map<string, ReturnType<typeof toBrokerRecord>[]>();
    for (const event of events) {
      const destination = destinationOf(event);
      let list = perDestination.get(destination);
      if (!list) {
        list = [];
        perDestination.set(destination, list);
      }
      list.push(toBrokerRecord(event));
    }
    const started = performance.now();
    await Promise.all(
      [...perDestination].map(async ([destination, records]) => {
        try {
          await producer.writeBatch(destination, records);
          written.inc({ destination, broker }, records.length);
        } catch (error) {
          failed.inc({ destination, broker }, records.length);
          throw error;
        }
      }),
    );
    latency.observe({ broker }, (performance.now() - started) / 1000);
  };
  if (!merge) return (batch: EnvelopeBatch): Promise<void> => write(batch.events);
  const batcher = new EventBatcher(write, merge);
  return async (batch: EnvelopeBatch): Promise<void> => {
    // A batch this writer cannot route is refused alone, before it joins a merged write.
    for (const event of batch.events) destinationOf(event);
    return batcher.submitMany(batch.events);
  };
}
