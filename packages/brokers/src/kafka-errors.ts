import { RafagaError } from "@rafaga/core";

/** Any failed Kafka write is retryable from the client's point of view: answer 503. */
export function kafkaUnavailable(error: unknown, what: string): RafagaError {
  if (error instanceof RafagaError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RafagaError("BROKER_UNAVAILABLE", `Kafka ${what} failed: ${reason}`, {
    retryAfter: 1,
    cause: error,
  });
}
