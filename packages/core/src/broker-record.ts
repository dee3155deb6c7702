import { type Domain, isDomain } from "./domain.ts";
import { isId } from "./event-id-pattern.ts";
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

/**
 * The one header we write: `<id> <domain> <ingest time, us>[ <copies>]`. One header, not
 * four: every header is an object per record in librdkafka's consumer and a handful of
 * varints per record in the producer.
 */
export const HEADER_EVENT = "rafaga";
// Read, never written: records from an earlier version, or written by another tool.
export const HEADER_ID = "rafaga-id";
export const HEADER_DOMAIN = "rafaga-domain";
export const HEADER_INGEST_TS_US = "rafaga-ingest-ts-us";
/** Present only when the router sent the event to more than one broker. */
export const HEADER_COPIES = "rafaga-copies";

/** Ingest's event id for a request with an Idempotency-Key: the key itself, prefixed. */
export const CLIENT_KEY_ID_PREFIX = "key:";

/**
 * The two ways another broker record of an event can exist, each checked by id as well as
 * by offset: it went to more than one broker (its twin comes through the other one), or
 * its id is a client's key (a retry after an error writes it again, at any time).
 */
export const hasTwin = (e: Envelope): boolean => (e.copies ?? 1) > 1;
export const hasClientKey = (e: Envelope): boolean => e.id.startsWith(CLIENT_KEY_ID_PREFIX);

/**
 * No key: nothing downstream needs events in order (every aggregate is order-free and the
 * dedup is by id), and keyless records let a producer put a whole batch in one partition
 * instead of spreading it by hash over all of them.
 */
export function toBrokerRecord(e: Envelope): BrokerRecord {
  const copies = e.copies !== undefined && e.copies > 1 ? ` ${e.copies}` : "";
  return {
    value: e.payload,
    headers: { [HEADER_EVENT]: `${e.id} ${e.domain} ${e.ingestTsUs}${copies}` },
  };
}

/** Throws RafagaError DECODE naming the missing or broken header. */
export function fromBrokerRecord(r: {
  value: Uint8Array;
  headers: Record<string, string>;
}): Envelope {
  const compact = r.headers[HEADER_EVENT];
  if (compact === undefined) return fromHeaderPerField(r.value, r.headers);
  const [id, domain, ts, copies, extra] = compact.split(" ");
  if (!id || extra !== undefined) {
    throw new RafagaError("DECODE", `message with a broken ${HEADER_EVENT} header`, {
      field: HEADER_EVENT,
    });
  }
  return envelopeOf(id, domain, ts, copies, r.value, HEADER_EVENT);
}

function fromHeaderPerField(value: Uint8Array, headers: Record<string, string>): Envelope {
  const id = headers[HEADER_ID];
  if (!id)
    throw new RafagaError("DECODE", `message without ${HEADER_ID} header`, { field: HEADER_ID });
  return envelopeOf(
    id,
    headers[HEADER_DOMAIN],
    headers[HEADER_INGEST_TS_US],
    headers[HEADER_COPIES],
    value,
  );
}

function envelopeOf(
  id: string,
  domainText: string | undefined,
  tsText: string | undefined,
  copiesText: string | undefined,
  payload: Uint8Array,
  compactHeader?: string,
): Envelope {
  // Checked here, once per record, so every store can pack ids into its script arguments.
  if (!isId(id)) {
    const field = compactHeader ?? HEADER_ID;
    throw new RafagaError("DECODE", `message with a malformed event id in ${field}`, { field });
  }
  const domain = Number(domainText);
  if (!isDomain(domain)) {
    const field = compactHeader ?? HEADER_DOMAIN;
    throw new RafagaError("DECODE", `message ${id} has no valid domain in ${field}`, { field });
  }
  const ts = Number(tsText);
  if (!Number.isSafeInteger(ts) || ts <= 0) {
    const field = compactHeader ?? HEADER_INGEST_TS_US;
    throw new RafagaError("DECODE", `message ${id} has no valid ingest time in ${field}`, {
      field,
    });
  }
  const envelope: Envelope = { id, domain: domain as Domain, ingestTsUs: ts, payload };
  // A broken count is read as "maybe more than one": the safe side is the id check.
  if (copiesText !== undefined) envelope.copies = Math.max(2, Number(copiesText) || 2);
  return envelope;
}
