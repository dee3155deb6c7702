import { type BatchAck, type ErrorCode, isRafagaError, RafagaError } from "@rafaga/core";

const knownCodes = new Set<string>([
  "VALIDATION",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "OVERLOADED",
  "BROKER_UNAVAILABLE",
  "CONFIG",
  "CLOSED",
  "TIMEOUT",
  "DECODE",
  "STORE_UNAVAILABLE",
  "INFRA",
] satisfies ErrorCode[]);

/** The negative ack for a failed handler; unknown errors are bugs, so INFRA (500). */
export function ackFromError(batchId: number, error: unknown): BatchAck {
  if (isRafagaError(error)) {
    const ack: BatchAck = { batchId, ok: false, errorCode: error.code, error: error.message };
    if (error.retryAfter !== undefined) ack.retryAfterS = Math.max(1, Math.ceil(error.retryAfter));
    if (error.notWritten) ack.notWritten = true;
    return ack;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { batchId, ok: false, errorCode: "INFRA", error: message };
}

/** The sender's view of a negative ack; a code from a newer server counts as unavailable. */
export function errorFromAck(ack: BatchAck): RafagaError {
  const code = (
    ack.errorCode !== undefined && knownCodes.has(ack.errorCode)
      ? ack.errorCode
      : "BROKER_UNAVAILABLE"
  ) as ErrorCode;
  const message = ack.error ?? `batch ${ack.batchId} refused (${ack.errorCode ?? "no code"})`;
  return new RafagaError(code, message, {
    ...(ack.retryAfterS === undefined ? {} : { retryAfter: ack.retryAfterS }),
    ...(ack.notWritten ? { notWritten: true } : {}),
  });
}
