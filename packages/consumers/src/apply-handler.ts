import type {
  BatchHandler,
  BrokerProducer,
  InboundMessage,
  OutboundMessage,
} from "@rafaga/brokers";
import {
  createLogger,
  type Envelope,
  fromBrokerRecord,
  hasClientKey,
  hasTwin,
  nowUs,
  RafagaError,
  type ServiceMetrics,
} from "@rafaga/core";
import type { DomainApplier } from "@rafaga/domains";
import { isLogName, type LogPosition } from "@rafaga/store";

/**
 * Where a record sits: a Kafka record by its offset (the store's fence), a RabbitMQ
 * message by its writer's sequence (the store's window). That alone deduplicates an event
 * of which no other copy exists, with no marker per event. One copy of a pair sent to
 * both brokers is checked by its position and then by the event's id marker (paired);
 * an event with a client's key, which a retry may bring again at any time, by its id
 * marker alone.
 */
function positionOf(message: InboundMessage, envelope: Envelope): LogPosition | undefined {
  if (hasClientKey(envelope)) return undefined;
  const paired = hasTwin(envelope) ? { paired: true } : {};
  if (message.log !== undefined) {
    return { log: message.log, offset: Number(message.position), ...paired };
  }
  const sequence = message.sequence;
  if (sequence === undefined || !isLogName(sequence.log)) return undefined;
  return { log: sequence.log, offset: sequence.number, windowed: true, ...paired };
}

/** A message that cannot be applied, as it goes to `<source>.dlq`. */
const deadLetter = (message: InboundMessage, reason: string): OutboundMessage => ({
  ...(message.key ? { key: message.key } : {}),
  value: message.value,
  headers: {
    ...message.headers,
    [HEADER_DLQ_REASON]: reason,
    [HEADER_DLQ_SOURCE]: message.source,
  },
});

const STALE =
  "redelivered after its writer's dedup window had moved past it: it may or may not have been counted";

export const HEADER_DLQ_REASON = "rafaga-dlq-reason";
export const HEADER_DLQ_SOURCE = "rafaga-dlq-source";

const logger = createLogger("consumer");

/**
 * Turns a broker batch into one Valkey round trip. Messages that can never be applied
 * (broken bytes, wrong domain, invalid fields) go to `<source>.dlq` with the reason, so
 * they neither block the partition nor vanish. Any failure to apply or to dead-letter
 * throws, and the adapter retries the whole batch without acknowledging it: the apply
 * is idempotent, so a retry never counts twice.
 */
export function createApplyHandler(
  applier: DomainApplier,
  deadLetters: BrokerProducer,
  metrics: ServiceMetrics,
): BatchHandler {
  const labels = { domain: applier.name };
  const applied = metrics.counter("consumer_applied_events", "events counted in Valkey", [
    "domain",
  ]);
  const duplicates = metrics.counter(
    "consumer_duplicate_events",
    "redelivered events counted once",
    ["domain"],
  );
  const dead = metrics.counter(
    "consumer_dead_letter_events",
    "events sent to the dead-letter destination",
    ["domain"],
  );
  // Observed per event: BatchHistogram, bound to its labels once, costs a fraction of a
  // prom-client observe (which hashes the labels every time).
  const endToEnd = metrics
    .eventHistogram("consumer_end_to_end_seconds", "ingest accepted -> applied in Valkey")
    .labels(labels);
  const delivery = metrics
    .eventHistogram(
      "consumer_delivery_seconds",
      "ingest accepted -> handed to the consumer by the broker",
    )
    .labels(labels);
  const applyTime = metrics.histogram("consumer_apply_seconds", "one batch's Valkey script call", [
    "domain",
  ]);

  return async (messages: InboundMessage[], turn?: Promise<void>) => {
    const received = nowUs();
    const events: unknown[] = [];
    const decoded: InboundMessage[] = [];
    const positions: (LogPosition | undefined)[] = [];
    const ingestTimes: number[] = [];
    const rejected: OutboundMessage[] = [];
    for (const message of messages) {
      try {
        const envelope = fromBrokerRecord(message);
        if (envelope.domain !== applier.domain) {
          throw new RafagaError(
            "DECODE",
            `a domain ${envelope.domain} event on the ${applier.name} stream`,
          );
        }
        events.push(applier.decode(envelope));
        decoded.push(message);
        positions.push(positionOf(message, envelope));
        ingestTimes.push(envelope.ingestTsUs);
      } catch (error) {
        rejected.push(deadLetter(message, error instanceof Error ? error.message : String(error)));
      }
    }
    // Decoded while the batch before is applied; written only after it.
    await turn;
    if (events.length > 0) {
      const sent = nowUs();
      const result = await applier.apply(events, positions);
      applied.inc(labels, result.applied);
      duplicates.inc(labels, result.duplicates);
      // Neither counted nor dropped: an operator decides, from the dead letters.
      for (const i of result.stale ?? []) {
        const message = decoded[i];
        if (message) rejected.push(deadLetter(message, STALE));
      }
      const now = nowUs();
      applyTime.observe(labels, (now - sent) / 1e6);
      for (const t of ingestTimes) {
        delivery.observe((received - t) / 1e6);
        endToEnd.observe((now - t) / 1e6);
      }
    }
    if (rejected.length > 0) {
      const source = messages[0]?.source ?? applier.name;
      await deadLetters.writeBatch(`${source}.dlq`, rejected);
      dead.inc(labels, rejected.length);
      logger.warn(
        { count: rejected.length, source, first: rejected[0]?.headers?.[HEADER_DLQ_REASON] },
        "dead-lettered",
      );
    }
  };
}
