import {
  type Client,
  type ClientDuplexStream,
  Metadata,
  type StatusObject,
  status,
} from "@grpc/grpc-js";
import { type BatchAck, type EnvelopeBatch, RafagaError } from "@rafaga/core";
import { errorFromAck } from "./ack-error.ts";
import type { OutBatch } from "./out-batch.ts";
import { deserializeAck, PUBLISH_PATH, serializeBatch } from "./service-definition.ts";

export interface StreamHooks {
  onReady(stream: ClientStream): void;
  /** Called once, after every batch still pending on the stream was rejected. */
  onClosed(stream: ClientStream): void;
  settle(batch: OutBatch, error?: Error): void;
  /** The server ended the stream gracefully without taking this batch: none of it was written. */
  untaken(batch: OutBatch): void;
}

type State = "connecting" | "ready" | "retiring" | "closed";

/**
 * One Publish stream with its batches awaiting acks. A broken stream rejects them all:
 * whether the server handled them is unknown, and the caller decides about retries. A
 * stream the server ended (status OK) hands back the batches it never took.
 */
export class ClientStream {
  #state: State = "connecting";
  readonly #pending = new Map<number, OutBatch>();
  readonly #call: ClientDuplexStream<EnvelopeBatch, BatchAck>;

  constructor(
    client: Client,
    readonly target: string,
    private readonly hooks: StreamHooks,
  ) {
    this.#call = client.makeBidiStreamRequest(
      PUBLISH_PATH,
      serializeBatch,
      deserializeAck,
      new Metadata(),
    );
    // The server sends headers as soon as it accepted the stream.
    this.#call.on("metadata", () => {
      if (this.#state !== "connecting") return;
      this.#state = "ready";
      hooks.onReady(this);
    });
    this.#call.on("data", (ack: BatchAck) => this.#onAck(ack));
    // Failures arrive as "status" too; without this listener an error event would throw.
    this.#call.on("error", () => {});
    this.#call.on("status", (s: StatusObject) => this.#onStatus(s));
  }

  get ready(): boolean {
    return this.#state === "ready";
  }

  get pending(): number {
    return this.#pending.size;
  }

  send(batch: OutBatch): void {
    batch.sentAt = performance.now();
    this.#pending.set(batch.batchId, batch);
    this.#call.write({ batchId: batch.batchId, events: batch.events });
  }

  /** Rejects batches sent before `deadline` (performance.now() time); Map order is send order. */
  expire(deadline: number, timeoutMs: number): number {
    let expired = 0;
    for (const batch of this.#pending.values()) {
      if (batch.sentAt > deadline) break;
      this.#pending.delete(batch.batchId);
      const error = new RafagaError(
        "TIMEOUT",
        `no ack for batch ${batch.batchId} from ${this.target} within ${timeoutMs} ms`,
        {
          retryAfter: 1,
        },
      );
      this.hooks.settle(batch, error);
      expired++;
    }
    return expired;
  }

  /** Takes no new batches and half-closes once the pending ones are acked. */
  retire(): void {
    if (this.#state === "closed") return;
    this.#state = "retiring";
    if (this.#pending.size === 0) this.#call.end();
  }

  /** Immediate stop; pending batches are rejected (their delivery is unknown). */
  cancel(): void {
    if (this.#state === "closed") return;
    this.#call.cancel();
  }

  #onAck(ack: BatchAck): void {
    const batch = this.#pending.get(ack.batchId);
    // Unknown ids are acks that arrived after their batch timed out.
    if (!batch) return;
    this.#pending.delete(ack.batchId);
    this.hooks.settle(batch, ack.ok ? undefined : errorFromAck(ack));
    if (this.#state === "retiring" && this.#pending.size === 0) this.#call.end();
  }

  #onStatus(s: StatusObject): void {
    if (this.#state === "closed") return;
    const wasRetiring = this.#state === "retiring";
    this.#state = "closed";
    // A server ends a stream only once every batch it took is acked (ServedStream).
    if (s.code === status.OK) {
      const untaken = [...this.#pending.values()];
      this.#pending.clear();
      for (const batch of untaken) this.hooks.untaken(batch);
    }
    if (this.#pending.size > 0) {
      const reason =
        s.code === status.OK ? "ended by the server" : `${status[s.code]}: ${s.details}`;
      const error = new RafagaError(
        s.code === status.CANCELLED && wasRetiring ? "CLOSED" : "BROKER_UNAVAILABLE",
        `pipeline stream to ${this.target} failed (UNAVAILABLE, ${reason}); delivery unknown`,
        { retryAfter: 1 },
      );
      for (const batch of this.#pending.values()) this.hooks.settle(batch, error);
      this.#pending.clear();
    }
    this.hooks.onClosed(this);
  }
}
