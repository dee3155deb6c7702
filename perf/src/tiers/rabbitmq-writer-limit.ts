import amqp from "amqplib";
import * as hdr from "hdr-histogram-js";

export interface RawMessage {
  body: Uint8Array;
  headers: Record<string, string>;
  messageId: string;
}

export interface RawConfirmResult {
  perSecond: number;
  /** Per message: from its publish to its confirm. */
  latencyMs: { p50: number; p90: number; p99: number; p999: number };
}

/**
 * The limit of the rabbitmq-writer tier: amqplib alone, no rafaga code. Publishes persistent
 * messages on a confirm channel keeping `window` confirms outstanding (a sliding window: a
 * new publish as soon as a confirm frees a slot), then waitForConfirms for the tail, which
 * is the most a producer that must not lose a message can do with that many outstanding.
 */
export async function rawConfirmLoop(o: {
  url: string;
  queue: string;
  queueType: "classic" | "quorum";
  messages: RawMessage[];
  window: number;
  warmupMs: number;
  durationMs: number;
}): Promise<RawConfirmResult> {
  const connection = await amqp.connect(o.url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(o.queue, {
      durable: true,
      arguments: { "x-queue-type": o.queueType },
    });
    const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000 });
    let outstanding = 0;
    let confirmed = 0;
    let failed: unknown;
    let slotFree: (() => void) | undefined;
    const run = async (durationMs: number, record: boolean) => {
      const end = performance.now() + durationMs;
      for (let i = 0; performance.now() < end; i++) {
        if (outstanding >= o.window) await new Promise<void>((r) => (slotFree = r));
        if (failed !== undefined) throw failed;
        const m = o.messages[i % o.messages.length] as RawMessage;
        const t0 = performance.now();
        outstanding++;
        channel.publish(
          "",
          o.queue,
          Buffer.from(m.body),
          { persistent: true, headers: m.headers, messageId: m.messageId },
          (error) => {
            if (error) failed ??= error;
            outstanding--;
            if (record) {
              confirmed++;
              latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
            }
            slotFree?.();
            slotFree = undefined;
          },
        );
      }
      await channel.waitForConfirms();
    };
    await run(o.warmupMs, false);
    const started = performance.now();
    await run(o.durationMs, true);
    const seconds = (performance.now() - started) / 1000;
    const ms = (q: number) => latency.getValueAtPercentile(q) / 1000;
    return {
      perSecond: confirmed / seconds,
      latencyMs: { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9) },
    };
  } finally {
    await connection.close().catch(() => {});
  }
}
