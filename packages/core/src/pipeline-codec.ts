import { type Domain, isDomain } from "./domain.ts";
import { decodeOrThrow, encodeWith, protoType, safeNumber } from "./proto-root.ts";
import { RafagaError } from "./rafaga-error.ts";

const EnvelopeType = protoType("rafaga.pipeline.Envelope");
const BatchType = protoType("rafaga.pipeline.EnvelopeBatch");
const AckType = protoType("rafaga.pipeline.BatchAck");

/** One accepted event between tiers; `payload` is the encoded reference request. */
export interface Envelope {
  id: string;
  domain: Domain;
  /** Microseconds since the Unix epoch (fits a double exactly until year 2255). */
  ingestTsUs: number;
  /** May share memory with the decoded buffer: copy it if you keep the buffer for reuse. */
  payload: Uint8Array;
  /** How many brokers carry this event (set by the router when more than one). */
  copies?: number;
}

export interface EnvelopeBatch {
  batchId: number;
  events: Envelope[];
}

export interface BatchAck {
  batchId: number;
  ok: boolean;
  /** A RafagaError code when ok is false. */
  errorCode?: string;
  error?: string;
  retryAfterS?: number;
  /** No broker took any event of the batch (see RafagaError.notWritten). */
  notWritten?: boolean;
  /** The error is about these events alone (positions in the batch); the others are durable. */
  failedEvents?: number[];
}

type LongLike = number | { toNumber(): number };
type EnvelopeWire = Omit<Envelope, "ingestTsUs" | "domain" | "copies"> & {
  domain: number;
  ingestTsUs: LongLike;
  copies: number;
};

function fromWire(m: EnvelopeWire): Envelope {
  if (!isDomain(m.domain)) {
    throw new RafagaError("DECODE", `envelope ${m.id} has unknown domain ${m.domain}`);
  }
  if (m.id === "") throw new RafagaError("DECODE", "envelope without id");
  const envelope: Envelope = {
    id: m.id,
    domain: m.domain,
    ingestTsUs: safeNumber(m.ingestTsUs, "ingest_ts_us"),
    payload: m.payload,
  };
  if (m.copies > 1) envelope.copies = m.copies;
  return envelope;
}

// The pipeline contract uses camelCase names, so rafaga's objects encode as they are.
export const encodeEnvelope = (e: Envelope): Uint8Array => encodeWith(EnvelopeType, e);
export const decodeEnvelope = (bytes: Uint8Array): Envelope =>
  fromWire(decodeOrThrow<EnvelopeWire>(EnvelopeType, bytes));

export const encodeEnvelopeBatch = (b: EnvelopeBatch): Uint8Array => encodeWith(BatchType, b);

export function decodeEnvelopeBatch(bytes: Uint8Array): EnvelopeBatch {
  const m = decodeOrThrow<{ batchId: LongLike; events: EnvelopeWire[] }>(BatchType, bytes);
  return { batchId: safeNumber(m.batchId, "batch_id"), events: m.events.map(fromWire) };
}

export const encodeBatchAck = (a: BatchAck): Uint8Array => encodeWith(AckType, a);

export function decodeBatchAck(bytes: Uint8Array): BatchAck {
  const m = decodeOrThrow<Required<Omit<BatchAck, "batchId">> & { batchId: LongLike }>(
    AckType,
    bytes,
  );
  const ack: BatchAck = { batchId: safeNumber(m.batchId, "batch_id"), ok: m.ok };
  // proto3 cannot tell "" from absent; absent is what callers mean.
  if (m.errorCode !== "") ack.errorCode = m.errorCode;
  if (m.error !== "") ack.error = m.error;
  if (m.retryAfterS !== 0) ack.retryAfterS = m.retryAfterS;
  if (m.notWritten) ack.notWritten = true;
  if (m.failedEvents.length > 0) ack.failedEvents = m.failedEvents;
  return ack;
}
