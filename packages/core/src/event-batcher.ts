import { type Static, Type } from "@sinclair/typebox";
import { enqueueUnderTicket, type FillingBatch, settleTickets } from "./batch-ticket.ts";
import { EagerFlush } from "./eager-flush.ts";
import { parseOptions } from "./options.ts";
import type { Envelope } from "./pipeline-codec.ts";
import { RafagaError } from "./rafaga-error.ts";

export const EventBatcherOptions = Type.Object(
  {
    maxBatch: Type.Integer({ minimum: 1, default: 2000 }),
    /** Longest wait for a batch to fill once the eager window is used up. */
    lingerMs: Type.Number({ minimum: 0, default: 2 }),
    /** Batches in flight below which queued events leave after the current tick. */
    eagerBatches: Type.Integer({ minimum: 0, default: 4 }),
  },
  { additionalProperties: false },
);
export type EventBatcherOptions = Static<typeof EventBatcherOptions>;

/** Writes one batch; resolves when every broker it goes to durably accepted it. */
export type BatchWriter = (events: Envelope[]) => Promise<void>;

const emptyPending = (): FillingBatch => ({ events: [], tickets: [], ends: [] });

/**
 * Events on their way to a broker write, merged: submits made in the same tick share one
 * batch, and while `eagerBatches` writes are in flight what arrives meanwhile leaves
 * together on the next ack, so a busy process sends one broker write where it had one per
 * submit, and an idle one adds no wait (EagerFlush, the same rule as the gRPC client). The
 * edge puts it in front of its router, a writer tier in front of its producer.
 */
export class EventBatcher {
  readonly options: EventBatcherOptions;
  readonly #write: BatchWriter;
  #pending = emptyPending();
  #inFlight = 0;
  readonly #eager: EagerFlush;
  #closing: Promise<void> | undefined;
  readonly #settled = new Set<Promise<void>>();

  constructor(write: BatchWriter, input: Partial<EventBatcherOptions> = {}) {
    this.options = parseOptions("event batcher", EventBatcherOptions, input);
    this.#write = write;
    this.#eager = new EagerFlush(this.options, {
      queued: () => this.#pending.events.length,
      inFlight: () => this.#inFlight,
      flush: () => this.#flush(),
    });
  }

  submitMany(envelopes: readonly Envelope[]): Promise<void> {
    if (this.#closing) return Promise.reject(new RafagaError("CLOSED", "pipeline is closing"));
    if (envelopes.length === 0) return Promise.resolve();
    const submitted = enqueueUnderTicket(
      envelopes,
      this.options.maxBatch,
      () => this.#pending,
      () => this.#flush(),
    );
    this.#eager.dispatch();
    return submitted;
  }

  /** Writes what is queued and waits for every batch in flight. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#flush();
      await Promise.allSettled([...this.#settled]);
    })();
    return this.#closing;
  }

  #flush(): void {
    this.#eager.flushed();
    const batch = this.#pending;
    if (batch.events.length === 0) return;
    this.#pending = emptyPending();
    this.#inFlight++;
    const done = this.#write(batch.events).then(
      () => this.#settle(batch, undefined),
      (error: unknown) =>
        this.#settle(batch, error instanceof Error ? error : new Error(String(error))),
    );
    this.#settled.add(done);
    void done.finally(() => this.#settled.delete(done));
  }

  #settle(batch: FillingBatch, error: Error | undefined): void {
    this.#inFlight--;
    settleTickets(batch, error);
    // A finished batch frees an eager slot: what queued up meanwhile leaves now.
    this.#eager.dispatch();
  }
}
