import {
  Metadata,
  type ServerReadableStream,
  type ServerUnaryCall,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { createLogger, type Domain, eventId, isRafagaError, RafagaError } from "@rafaga/core";
import { grpcFailure } from "./grpc-status.ts";
import { clientKeyId, type IngestApp } from "./ingest-app.ts";

/** What the handlers of one domain's methods need from ingest. */
export interface CallContext extends Pick<IngestApp, "acceptOne" | "acceptBatch"> {
  domain: Domain;
  path: string;
  /** Decodes one request into the HTTP body's shape, or throws RafagaError DECODE. */
  toItem(bytes: Buffer): unknown;
  /** The reference's response for an accepted event. */
  accepted(id: string): Record<string, unknown>;
  maxStreamItems: number;
}

const logger = createLogger("reference-grpc");

function asFailure(error: unknown, path: string): RafagaError {
  if (isRafagaError(error)) return error;
  logger.error({ err: error, path }, "call failed");
  return new RafagaError("INFRA", "internal error");
}

const keyOf = (metadata: Metadata) => clientKeyId(metadata.get("idempotency-key")[0]?.toString());

/** One event per call: OK with the reference's response once the brokers acked it. */
export function unaryCall(ctx: CallContext) {
  return async (call: ServerUnaryCall<Buffer, object>, callback: sendUnaryData<object>) => {
    let id: string | undefined;
    try {
      const keyId = keyOf(call.metadata);
      id = keyId ?? eventId();
      const item = ctx.toItem(call.request);
      // A call whose deadline passed or that the client cancelled writes nothing.
      if (call.cancelled) throw new RafagaError("CLIENT_CLOSED", "the call was cancelled");
      const keyed =
        keyId === undefined ? undefined : { key: keyId, body: call.request.toString("base64") };
      await ctx.acceptOne(ctx.domain, item, id, keyed);
      const trailers = new Metadata();
      trailers.set("rafaga-event-id", id);
      callback(null, ctx.accepted(id), trailers);
    } catch (error) {
      callback(grpcFailure(asFailure(error, ctx.path), id), null);
    }
  };
}

/**
 * Many events per call (`<method>Stream`): each validated alone, the valid ones written
 * together when the client half-closes, as an HTTP batch; the summary names each refusal.
 */
export function streamCall(ctx: CallContext) {
  return (call: ServerReadableStream<Buffer, object>, callback: sendUnaryData<object>) => {
    const items: { item?: unknown; error?: RafagaError }[] = [];
    const bodies: string[] = [];
    let keyId: string | undefined;
    try {
      keyId = keyOf(call.metadata);
    } catch (error) {
      callback(grpcFailure(asFailure(error, ctx.path)), null);
      return;
    }
    call.on("data", (bytes: Buffer) => {
      // One past the limit is enough for acceptBatch to refuse the call.
      if (items.length > ctx.maxStreamItems) return;
      if (keyId !== undefined) bodies.push(bytes.toString("base64"));
      try {
        items.push({ item: ctx.toItem(bytes) });
      } catch (error) {
        items.push({ error: asFailure(error, ctx.path) });
      }
    });
    call.on("end", async () => {
      try {
        if (call.cancelled) throw new RafagaError("CLIENT_CLOSED", "the call was cancelled");
        if (items.length === 0) {
          throw new RafagaError("VALIDATION", "the stream carried no event", { field: "body" });
        }
        const keyed = keyId === undefined ? undefined : { key: keyId, body: bodies.join(",") };
        const outcomes = await ctx.acceptBatch(ctx.domain, items, keyed);
        const accepted = outcomes.filter((o) => "id" in o).length;
        // Nothing was written, every event was refused: the first refusal is the call's status.
        const first = outcomes[0];
        if (accepted === 0 && first && "error" in first) throw first.error;
        const results = outcomes.map((o, index) =>
          "id" in o
            ? { index, ok: true, id: o.id }
            : {
                index,
                ok: false,
                code: o.error.code,
                field: o.error.field ?? "",
                error: o.error.message,
              },
        );
        callback(null, { accepted, rejected: results.length - accepted, results });
      } catch (error) {
        callback(grpcFailure(asFailure(error, ctx.path)), null);
      }
    });
  };
}
