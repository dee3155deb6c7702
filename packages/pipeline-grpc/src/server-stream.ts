import { Metadata, type ServerDuplexStream } from "@grpc/grpc-js";
import type { BatchAck, EnvelopeBatch, Logger } from "@rafaga/core";
import { ackFromError } from "./ack-error.ts";

export type BatchHandler = (batch: EnvelopeBatch) => Promise<void>;

/** How often a stream opened before the server could pass a batch on looks again. */
const READY_POLL_MS = 25;

/** What all streams of one server share: the concurrency bound and the closing flag. */
export interface ServerState {
  readonly handler: BatchHandler;
  readonly maxConcurrentBatches: number;
  readonly log: Logger;
  /** Whether some batch taken now can reach its durable ack (the router: a domain's writers connected). */
  readonly accepting: () => boolean;
  readonly streams: Set<ServedStream>;
  inFlight: number;
  closing: boolean;
}

/**
 * One Publish stream. The stream is ended by the server only when nothing it accepted
 * is still unacked, so a graceful close never drops an ack the sender is waiting for,
 * and a batch still unacked at that end was never taken: the sender may send it again.
 */
export class ServedStream {
  #pending = 0;
  #clientDone = false;
  #finished = false;

  constructor(
    private readonly call: ServerDuplexStream<EnvelopeBatch, BatchAck>,
    private readonly state: ServerState,
  ) {
    state.streams.add(this);
    // The client uses a stream once its headers arrive, so they are sent only once this
    // server can pass a batch on: a router with no writer connected yet is not sent
    // batches it could only refuse. Whether it can pass every batch on, the client asks
    // the health check before it counts the stream as ready.
    this.#announceWhenReady();
    call.on("data", (batch: EnvelopeBatch) => this.#accept(batch));
    call.on("end", () => {
      this.#clientDone = true;
      this.maybeEnd();
    });
    call.on("error", (error) => {
      state.log.debug({ err: error }, "publish stream failed");
      this.#forget();
    });
    call.on("cancelled", () => this.#forget());
  }

  #announceWhenReady(): void {
    if (this.#finished) return;
    if (this.state.accepting()) {
      this.call.sendMetadata(new Metadata());
      return;
    }
    setTimeout(() => this.#announceWhenReady(), READY_POLL_MS);
  }

  /** Ends the stream once it is idle and either side wants to stop. */
  maybeEnd(): void {
    if (this.#finished || this.#pending > 0) return;
    if (!this.#clientDone && !this.state.closing) return;
    this.#forget();
    this.call.end();
  }

  #accept(batch: EnvelopeBatch): void {
    const { state } = this;
    // Not taken, and not answered either: the stream ends once what it took is acked,
    // and the sender reads what is left unacked at that graceful end as not written and
    // sends it to another stream. An ack refusing it would tell the sender only that
    // this batch was not taken, and it would answer its clients "no" instead.
    if (state.closing) return;
    if (state.inFlight >= state.maxConcurrentBatches) {
      this.#write({
        batchId: batch.batchId,
        ok: false,
        errorCode: "OVERLOADED",
        error: `more than ${state.maxConcurrentBatches} batches in progress`,
        retryAfterS: 1,
        notWritten: true,
      });
      return;
    }
    state.inFlight++;
    this.#pending++;
    // Promise.resolve().then: a handler that throws synchronously still gets an ack.
    Promise.resolve()
      .then(() => state.handler(batch))
      .then(
        () => ({ batchId: batch.batchId, ok: true }),
        (error: unknown) => {
          state.log.warn({ err: error, batchId: batch.batchId }, "batch handler failed");
          return ackFromError(batch.batchId, error);
        },
      )
      .then((ack: BatchAck) => {
        state.inFlight--;
        this.#pending--;
        this.#write(ack);
        this.maybeEnd();
      });
  }

  #write(ack: BatchAck): void {
    if (this.#finished) return;
    this.call.write(ack);
  }

  #forget(): void {
    this.#finished = true;
    this.state.streams.delete(this);
  }
}
