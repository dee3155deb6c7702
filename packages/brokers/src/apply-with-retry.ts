import type { Logger } from "@rafaga/core";
import type { BatchHandler, InboundMessage } from "./broker.ts";

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Runs the handler until it succeeds. A batch that failed (Valkey down, say) must not be
 * acknowledged, and skipping it would lose events, so the consumer holds its position and
 * retries with capped exponential backoff. Returns false if the consumer was stopped
 * before the batch succeeded: the caller must then leave it unacknowledged.
 * `firstAttempt`: a call of the handler already under way, awaited instead of a first call.
 */
export async function applyWithRetry(
  handler: BatchHandler,
  messages: InboundMessage[],
  isStopped: () => boolean,
  policy: RetryPolicy,
  logger: Logger,
  firstAttempt?: Promise<void>,
): Promise<boolean> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await (attempt === 1 && firstAttempt ? firstAttempt : handler(messages));
      return true;
    } catch (error) {
      if (isStopped()) return false;
      logger.warn({ err: error, attempt, size: messages.length }, "batch handler failed; retrying");
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (isStopped()) return false;
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
