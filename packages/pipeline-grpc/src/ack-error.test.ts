import { expect, test } from "bun:test";
import {
  decodeBatchAck,
  ERROR_STATUS,
  type ErrorCode,
  encodeBatchAck,
  RafagaError,
} from "@rafaga/core";
import { ackFromError, errorFromAck } from "./ack-error.ts";

test("every error code survives the trip through a negative ack, with retry-after and not-written", () => {
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
    const sent = new RafagaError(code, `${code} here`, { retryAfter: 0.2, notWritten: true });
    const back = errorFromAck(ackFromError(7, sent));
    expect([back.code, back.status, back.message, back.retryAfter, back.notWritten]).toEqual([
      code,
      ERROR_STATUS[code],
      `${code} here`,
      1,
      true,
    ]);
  }
});

test("a code from a newer peer counts as unavailable; a non-rafaga error is INFRA", () => {
  expect(errorFromAck({ batchId: 1, ok: false, errorCode: "FROM_THE_FUTURE" }).code).toBe(
    "BROKER_UNAVAILABLE",
  );
  const ack = ackFromError(2, new TypeError("bug"));
  expect([ack.errorCode, ack.error, ack.notWritten]).toEqual(["INFRA", "bug", undefined]);
  expect(errorFromAck(ack).notWritten).toBe(false);
});

test("the events a failure is about survive the ack's encoding; a whole-batch failure names none", () => {
  const partial = new RafagaError("BROKER_UNAVAILABLE", "kafka down", {
    notWritten: true,
    failedEvents: [0, 4, 300],
  });
  const wire = decodeBatchAck(encodeBatchAck(ackFromError(9, partial)));
  expect(wire.failedEvents).toEqual([0, 4, 300]);
  expect(errorFromAck(wire).failedEvents).toEqual([0, 4, 300]);
  const whole = decodeBatchAck(encodeBatchAck(ackFromError(9, new RafagaError("TIMEOUT", "late"))));
  expect(whole.failedEvents).toBeUndefined();
  expect(errorFromAck(whole).failedEvents).toBeUndefined();
});
