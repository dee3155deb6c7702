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

/**
 * No key: nothing downstream needs events in order (every aggregate is order-free and the
 * dedup is by id), and keyless records let a producer put a whole batch in one partition
 * instead of spreading it by hash over all of them.
 */
export function toBrokerRecord(e: Envelope): BrokerRecord {
  return {
    value: e.payload,
    headers: {
      [HEADER_ID]: e.id,
      [HEADER_DOMAIN]: String(e.domain),
      [HEADER_INGEST_TS_US]: String(e.ingestTsUs),
    },
  };
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
  return { id, domain: domain as Domain, ingestTsUs: ts, payload: r.value };
}
