import type { BrokerConsumer, InboundMessage } from "./broker.ts";

/** Records what a consumer received, by message text, and lets a test wait for a set of them. */
export class Collector {
  readonly seen = new Map<string, number>();
  /** The headers each message arrived with, by message text. */
  readonly headers = new Map<string, Record<string, string>>();
  /** Where each message sat (log and position), in arrival order. */
  readonly places: { text: string; log: string | undefined; position: string }[] = [];
  batches = 0;
  #waiters: (() => void)[] = [];

  constructor(
    readonly consumer: BrokerConsumer,
    private readonly beforeApply: (messages: InboundMessage[]) => Promise<void> = async () => {},
  ) {}

  start(source: string, group: string): Promise<void> {
    return this.consumer.start({
      source,
      group,
      handler: async (messages, turn) => {
        await turn;
        await this.beforeApply(messages);
        this.batches++;
        for (const m of messages) {
          const text = new TextDecoder().decode(m.value);
          this.seen.set(text, (this.seen.get(text) ?? 0) + 1);
          this.headers.set(text, m.headers);
          this.places.push({ text, log: m.log, position: m.position });
        }
        for (const wake of this.#waiters.splice(0)) wake();
      },
    });
  }

  /** Messages that arrived at or below an offset already seen in their log ("text at log/offset"). */
  outOfOrder(): string[] {
    const last = new Map<string, number>();
    const out: string[] = [];
    for (const { text, log, position } of this.places) {
      const offset = Number(position);
      if (offset <= (last.get(String(log)) ?? -1)) out.push(`${text} at ${log}/${position}`);
      last.set(String(log), Math.max(offset, last.get(String(log)) ?? -1));
    }
    return out;
  }

  missing(expected: Iterable<string>): string[] {
    return [...expected].filter((id) => !this.seen.has(id));
  }

  /** Resolves with the ids still missing when they all arrived or the time ran out. */
  async waitFor(expected: Iterable<string>, timeoutMs: number): Promise<string[]> {
    const ids = [...expected];
    const deadline = Date.now() + timeoutMs;
    while (this.missing(ids).length > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(500, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.missing(ids);
  }
}

export function textMessages(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const text = `${prefix}-${i}`;
    // Several headers: one binding once kept only the first of an object's headers.
    const headers = { "rafaga-id": text, "rafaga-domain": "1", "rafaga-ingest-ts-us": `${i}` };
    return { key: text, value: new TextEncoder().encode(text), headers };
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A full collection, under Bun or under Node (run with --expose-gc); a test that depends on
 * it must not pass for want of one.
 */
export function collectGarbage(): void {
  const runtime = globalThis as { Bun?: { gc(force: boolean): void }; gc?: () => void };
  if (runtime.Bun) runtime.Bun.gc(true);
  else if (runtime.gc) runtime.gc();
  else throw new Error("no garbage collector to call: run node with --expose-gc");
}
