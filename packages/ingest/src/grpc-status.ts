import { Metadata, type StatusObject, status } from "@grpc/grpc-js";
import type { ErrorCode, RafagaError } from "@rafaga/core";
import protobuf from "protobufjs";
import { countedOf } from "./ingest-app.ts";

/** A RafagaError in gRPC terms: the status code a gRPC client branches on. */
const GRPC_CODE: Record<ErrorCode, status> = {
  VALIDATION: status.INVALID_ARGUMENT,
  DECODE: status.INVALID_ARGUMENT,
  KEY_REUSED: status.INVALID_ARGUMENT,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  UNSUPPORTED_MEDIA_TYPE: status.INVALID_ARGUMENT,
  NOT_FOUND: status.UNIMPLEMENTED,
  METHOD_NOT_ALLOWED: status.UNIMPLEMENTED,
  CLIENT_CLOSED: status.CANCELLED,
  OVERLOADED: status.RESOURCE_EXHAUSTED,
  BROKER_UNAVAILABLE: status.UNAVAILABLE,
  CLOSED: status.UNAVAILABLE,
  TIMEOUT: status.UNAVAILABLE,
  STORE_UNAVAILABLE: status.UNAVAILABLE,
  CONFIG: status.INTERNAL,
  INFRA: status.INTERNAL,
};

/**
 * google.rpc.Status and the two details we send (google/rpc/error_details.proto), declared
 * here rather than loaded from files: BadRequest names the field, RetryInfo the wait.
 */
const rpc = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: {
              fields: { type_url: { type: "string", id: 1 }, value: { type: "bytes", id: 2 } },
            },
            Duration: {
              fields: { seconds: { type: "int64", id: 1 }, nanos: { type: "int32", id: 2 } },
            },
          },
        },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: "int32", id: 1 },
                message: { type: "string", id: 2 },
                details: { rule: "repeated", type: "google.protobuf.Any", id: 3 },
              },
            },
            BadRequest: {
              fields: { field_violations: { rule: "repeated", type: "FieldViolation", id: 1 } },
              nested: {
                FieldViolation: {
                  fields: {
                    field: { type: "string", id: 1 },
                    description: { type: "string", id: 2 },
                  },
                },
              },
            },
            RetryInfo: { fields: { retry_delay: { type: "google.protobuf.Duration", id: 1 } } },
          },
        },
      },
    },
  },
});
const StatusType = rpc.lookupType("google.rpc.Status");
const BadRequest = rpc.lookupType("google.rpc.BadRequest");
const RetryInfo = rpc.lookupType("google.rpc.RetryInfo");

const any = (type: protobuf.Type, message: object) => ({
  type_url: `type.googleapis.com/${type.fullName.slice(1)}`,
  value: type.encode(type.fromObject(message)).finish(),
});

/**
 * The status for a failed call. Trailers say what HTTP's body says: `rafaga-counted` (no:
 * not in any broker, any retry counts once; maybe: retry only with the same
 * idempotency-key), `rafaga-field`, `rafaga-error-code`, `retry-after` and the event id;
 * `grpc-status-details-bin` carries the same as google.rpc details for rich-error clients.
 */
export function grpcFailure(error: RafagaError, id?: string): Partial<StatusObject> {
  const code = GRPC_CODE[error.code];
  const metadata = new Metadata();
  metadata.set("rafaga-error-code", error.code);
  metadata.set("rafaga-counted", countedOf(error));
  if (error.field !== undefined) metadata.set("rafaga-field", error.field);
  if (error.retryAfter !== undefined) metadata.set("retry-after", String(error.retryAfter));
  if (id !== undefined) metadata.set("rafaga-event-id", id);
  const details = [
    ...(error.field === undefined
      ? []
      : [
          any(BadRequest, {
            field_violations: [{ field: error.field, description: error.message }],
          }),
        ]),
    ...(error.retryAfter === undefined
      ? []
      : [any(RetryInfo, { retry_delay: { seconds: error.retryAfter, nanos: 0 } })]),
  ];
  const rich = StatusType.encode(
    StatusType.fromObject({ code, message: error.message, details }),
  ).finish();
  metadata.set("grpc-status-details-bin", Buffer.from(rich));
  return { code, details: error.message, metadata };
}

/** For tests and clients written in TypeScript: the field a status' details name. */
export function violatedField(statusDetails: Buffer | undefined): string | undefined {
  if (!statusDetails) return undefined;
  const decoded = StatusType.toObject(StatusType.decode(statusDetails)) as {
    details?: { type_url: string; value: Uint8Array }[];
  };
  const violation = decoded.details?.find((d) => d.type_url.endsWith("google.rpc.BadRequest"));
  if (!violation) return undefined;
  const bad = BadRequest.toObject(BadRequest.decode(violation.value)) as {
    field_violations?: { field: string }[];
  };
  return bad.field_violations?.[0]?.field;
}
