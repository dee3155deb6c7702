import {
  type BatchAck,
  type ErrorCode,
  isErrorCode,
  isRafagaError,
  RafagaError,
} from "@rafaga/core";

/** The negative ack for a failed handler; unknown errors are bugs, so INFRA (500). */
export function ackFromError(batchId: number, error: unknown): BatchAck {
  if (isRafagaError(error)) {
    const ack: BatchAck = { batchId, ok: false, errorCode: error.code, error: error.message };
    if (error.retryAfter !== undefined) ack.retryAfterS = Math.max(1, Math.ceil(error.retryAfter));
    if (error.notWritten) ack.notWritten = true;
    if (error.failedEvents) ack.failedEvents = [...error.failedEvents];
    return ack;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { batchId, ok: false, errorCode: "INFRA", error: message };
}

/** The sender's view of a negative ack; a code from a newer server counts as unavailable. */
export function errorFromAck(ack: BatchAck): RafagaError {
  const code: ErrorCode =
    ack.errorCode !== undefined && isErrorCode(ack.errorCode)
      ? ack.errorCode
      : "BROKER_UNAVAILABLE";
  const message = ack.error ?? `batch ${ack.batchId} refused (${ack.errorCode ?? "no code"})`;
  return new RafagaError(code, message, {
    ...(ack.retryAfterS === undefined ? {} : { retryAfter: ack.retryAfterS }),
    ...(ack.notWritten ? { notWritten: true } : {}),
    ...(ack.failedEvents ? { failedEvents: ack.failedEvents } : {}),
  });
}
