import { RafagaError } from "@rafaga/core";
import amqp, { type ChannelModel } from "amqplib";

/** `notWritten`: the failure came before any publish (see RafagaError.notWritten). */
export function rabbitUnavailable(error: unknown, what: string, notWritten = false): RafagaError {
  if (error instanceof RafagaError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RafagaError("BROKER_UNAVAILABLE", `RabbitMQ ${what} failed: ${reason}`, {
    retryAfter: 1,
    notWritten,
    cause: error,
  });
}

/** Durable queue of the configured type; quorum queues replicate and survive node loss. */
export function queueArguments(queueType: "classic" | "quorum"): Record<string, unknown> {
  return { "x-queue-type": queueType };
}

/**
 * Opens a connection whose death is observable: amqplib does not reconnect by itself,
 * so producers and consumers check `alive` and open a new one when it turns false.
 */
export async function openConnection(
  url: string,
  timeoutMs: number,
): Promise<{ model: ChannelModel; alive: () => boolean }> {
  const model = await amqp.connect(url, { timeout: timeoutMs });
  let alive = true;
  model.on("close", () => {
    alive = false;
  });
  // Without an error listener, a broker crash becomes an uncaught exception.
  model.on("error", () => {
    alive = false;
  });
  return { model, alive: () => alive };
}

/** The header that carries `<writer>:<sequence>` from RabbitProducer to RabbitConsumer. */
export const HEADER_SEQUENCE = "rafaga-seq";
