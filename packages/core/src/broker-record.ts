import { type Domain, isDomain } from "./domain.ts";
import type { Envelope } from "./pipeline-codec.ts";
import { RafagaError } from "./rafaga-error.ts";

/**
 * How an event sits in a broker. The body stays the reference protobuf message, so that
 * the reference consumers can read our topics and queues unchanged; the event id, domain
 * and ingest time ride in headers (Kafka record headers, AMQP message headers).
 */
export interface BrokerRecord {
  key?: string;
  value: Uint8Array;
  headers: Record<string, string>;
}

export const HEADER_ID = "rafaga-id";
export const HEADER_DOMAIN = "rafaga-domain";
export const HEADER_INGEST_TS_US = "rafaga-ingest-ts-us";
/** Present only when the router sent the event to more than one broker. */
export const HEADER_COPIES = "rafaga-copies";

/** Ingest's event id for a request with an Idempotency-Key: the key itself, prefixed. */
export const CLIENT_KEY_ID_PREFIX = "key:";

/**
 * Whether another broker record of this event can exist: it went to more than one broker,
 * or its id is a client's key (a retry after an error writes it again). A consumer that
 * skips redeliveries by offset must still check such events by id.
 */
export const mayRepeat = (e: Envelope): boolean =>
  (e.copies ?? 1) > 1 || e.id.startsWith(CLIENT_KEY_ID_PREFIX);

/**
 * No key: nothing downstream needs events in order (every aggregate is order-free and the
 * dedup is by id), and keyless records let a producer put a whole batch in one partition
 * instead of spreading it by hash over all of them.
 */
export function toBrokerRecord(e: Envelope): BrokerRecord {
  const headers: Record<string, string> = {
    [HEADER_ID]: e.id,
    [HEADER_DOMAIN]: String(e.domain),
    [HEADER_INGEST_TS_US]: String(e.ingestTsUs),
  };
  if (e.copies !== undefined && e.copies > 1) headers[HEADER_COPIES] = String(e.copies);
  return { value: e.payload, headers };
}

/** Throws RafagaError DECODE naming the missing or broken header. */
export function fromBrokerRecord(r: {
  value: Uint8Array;
  headers: Record<string, string>;
}): Envelope {
  const id = r.headers[HEADER_ID];
  if (!id)
    throw new RafagaError("DECODE", `message without ${HEADER_ID} header`, { field: HEADER_ID });
  const domain = Number(r.headers[HEADER_DOMAIN]);
  if (!isDomain(domain)) {
    throw new RafagaError("DECODE", `message ${id} has no valid ${HEADER_DOMAIN} header`, {
      field: HEADER_DOMAIN,
    });
  }
  const ts = Number(r.headers[HEADER_INGEST_TS_US]);
  if (!Number.isSafeInteger(ts) || ts <= 0) {
    throw new RafagaError("DECODE", `message ${id} has no valid ${HEADER_INGEST_TS_US} header`, {
      field: HEADER_INGEST_TS_US,
    });
  }
  const envelope: Envelope = { id, domain: domain as Domain, ingestTsUs: ts, payload: r.value };
  const copies = r.headers[HEADER_COPIES];
  // A broken count is read as "maybe more than one": the safe side is the id check.
  if (copies !== undefined) envelope.copies = Math.max(2, Number(copies) || 2);
  return envelope;
}
