import { randomUUID } from "node:crypto";
import type { BrokerConsumer, BrokerProducer } from "@rafaga/brokers";
import { RafagaError } from "@rafaga/core";

export interface RoundTripResult {
  adapter: string;
  destination: string;
  /** Write acknowledged -> delivered to the consumer, in milliseconds. */
  writeMs: number;
  deliverMs: number;
}

/**
 * One event through a broker and back: proves that the broker, the adapter and the
 * acknowledgements work before anything heavier runs. The group is fixed so that the
 * committed position skips what earlier runs left behind.
 */
export async function roundTrip(
  producer: BrokerProducer,
  consumer: BrokerConsumer,
  destination: string,
  timeoutMs = 30_000,
): Promise<RoundTripResult> {
  const id = `smoke-${randomUUID()}`;
  let delivered: () => void = () => {};
  const arrived = new Promise<void>((resolve) => {
    delivered = resolve;
  });
  try {
    await consumer.start({
      source: destination,
      group: "rafaga-smoke",
      handler: async (messages) => {
        if (messages.some((m) => new TextDecoder().decode(m.value) === id)) delivered();
      },
    });
    const t0 = performance.now();
    await producer.writeBatch(destination, [{ key: id, value: new TextEncoder().encode(id) }]);
    const t1 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new RafagaError("TIMEOUT", `${producer.kind}: event not delivered in ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
    });
    await Promise.race([arrived, timeout]).finally(() => clearTimeout(timer));
    return {
      adapter: producer.kind,
      destination,
      writeMs: t1 - t0,
      deliverMs: performance.now() - t1,
    };
  } finally {
    await Promise.all([producer.close(), consumer.close()]);
  }
}

export function formatRoundTrip(r: RoundTripResult): string {
  return `${r.adapter.padEnd(14)} ${r.destination.padEnd(14)} acked in ${r.writeMs.toFixed(1)} ms, delivered ${r.deliverMs.toFixed(1)} ms later`;
}
