import type { BrokerProducer } from "@rafaga/brokers";
import {
  type Domain,
  type EnvelopeBatch,
  RafagaError,
  type ServiceMetrics,
  toBrokerRecord,
} from "@rafaga/core";

/**
 * The writer's batch handler: one broker write per destination in the batch, all in
 * parallel; it resolves (and the router gets its ack) only when the broker confirmed
 * every message.
 */
export function createWriterHandler(
  producer: BrokerProducer,
  destinations: ReadonlyMap<Domain, string>,
  metrics: ServiceMetrics,
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
  return async (batch: EnvelopeBatch): Promise<void> => {
    const perDestination = new Map<string, ReturnType<typeof toBrokerRecord>[]>();
    for (const event of batch.events) {
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
}
