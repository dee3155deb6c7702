import { type Client, status } from "@grpc/grpc-js";
import { ClientStream, type StreamHooks } from "./client-stream.ts";
import {
  ACCEPTING,
  healthRequest,
  healthService,
  isServingResponse,
  WHOLE_PATH,
} from "./health.ts";
import type { OutBatch } from "./out-batch.ts";

export interface SlotOptions {
  streamMaxAgeMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
}

/** How often a slot asks its server's health whether a batch sent now could be acked. */
const HEALTH_POLL_MS = 500;

export interface SlotEvents {
  /** Every stream the slot opens, so the owner can sweep timeouts and wait on them. */
  opened(stream: ClientStream): void;
  closed(stream: ClientStream): void;
  ready(): void;
  /** The slot is connected again: its server sent a stream's headers, so it accepts. */
  sendable(): void;
  settle(batch: OutBatch, error?: Error): void;
  untaken(batch: OutBatch): void;
}

/**
 * One place in the client's round-robin: keeps a stream open on a channel, reopens it
 * with backoff when it breaks, and replaces it when it gets old. The replacement
 * takes over only once connected, so rotating never leaves the slot without a stream.
 */
export class StreamSlot {
  #current: ClientStream | undefined;
  #next: ClientStream | undefined;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /**
   * The server's last health answers: whether it can pass some batch on (a stream's
   * headers say it could when they came) and whether it can pass every batch on (unknown
   * until it answers). A server without the health service counts as both.
   */
  #accepting = true;
  #wholePath = false;
  #healthPoll: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly channel: Client,
    private readonly target: string,
    private readonly options: SlotOptions,
    private readonly events: SlotEvents,
  ) {
    this.#current = this.#open();
    // A connected stream is not enough: the server may have lost what is behind it (a
    // writer whose broker is down says NOT_SERVING). Its batches would only be refused,
    // and the caller's readiness should say so.
    this.#healthPoll = setInterval(() => this.#checkHealth(), HEALTH_POLL_MS);
    this.#healthPoll.unref?.();
  }

  /** The stream to send on: connected, and its server can pass some batch on. */
  get stream(): ClientStream | undefined {
    return this.#accepting && this.#current?.ready ? this.#current : undefined;
  }

  /** Connected, whether or not its server accepts batches now. */
  get connected(): boolean {
    return this.#current?.ready === true;
  }

  /** Connected, and the server can pass every batch on: the whole path is ready. */
  get wholePathReady(): boolean {
    return this.#wholePath && this.#accepting && this.#current?.ready === true;
  }

  #checkHealth(): void {
    if (!this.#current?.ready) return;
    this.#ask(WHOLE_PATH, (serving) => {
      this.#wholePath = serving;
      // A whole path that works accepts too; only a broken one needs the second question.
      if (serving) this.#accepting = true;
      else
        this.#ask(ACCEPTING, (accepting) => {
          this.#accepting = accepting;
        });
    });
  }

  #ask(service: string, answer: (serving: boolean) => void): void {
    const check = healthService.check;
    this.channel.makeUnaryRequest(
      check.path,
      check.requestSerialize,
      check.responseDeserialize,
      healthRequest(service),
      { deadline: Date.now() + HEALTH_POLL_MS * 2 },
      (error, response) => {
        const was = this.wholePathReady;
        if (!error && response) answer(isServingResponse(response));
        else if (error?.code === status.UNIMPLEMENTED)
          answer(true); // no health service
        // Asked ACCEPTING, a server that answers only for the whole path, which is down.
        else if (error?.code === status.NOT_FOUND) answer(false);
        // Other errors say nothing new: a broken connection closes the stream anyway.
        if (!was && this.wholePathReady) this.events.ready();
      },
    );
  }

  /** No more streams; the open ones half-close once their batches are acked. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearInterval(this.#healthPoll);
    this.#next?.cancel();
    this.#current?.retire();
  }

  #open(): ClientStream {
    const hooks: StreamHooks = {
      onReady: (s) => this.#onReady(s),
      onClosed: (s) => this.#onClosed(s),
      settle: this.events.settle,
      untaken: this.events.untaken,
    };
    const stream = new ClientStream(this.channel, this.target, hooks);
    this.events.opened(stream);
    return stream;
  }

  #onReady(stream: ClientStream): void {
    if (this.#stopped) {
      stream.retire();
      return;
    }
    if (stream === this.#next) {
      const old = this.#current;
      this.#current = stream;
      this.#next = undefined;
      old?.retire();
    }
    if (stream !== this.#current) {
      stream.retire();
      return;
    }
    this.#failures = 0;
    // Jittered so that the slots of one client (and of all replicas) do not rotate in step.
    this.#schedule(this.options.streamMaxAgeMs * (0.8 + Math.random() * 0.4), () => this.#rotate());
    // Headers come only from a server that can pass some batch on; whether it can pass
    // every batch on, it is asked now rather than at the next poll.
    this.#accepting = true;
    this.events.sendable();
    this.#checkHealth();
  }

  #onClosed(stream: ClientStream): void {
    this.events.closed(stream);
    if (this.#stopped) return;
    if (stream === this.#next) {
      // The replacement failed; keep the old stream and try again later.
      this.#next = undefined;
      this.#schedule(this.#backoff(), () => this.#rotate());
    } else if (stream === this.#current) {
      this.#current = undefined;
      // The next stream may reach another process (a restarted server): ask it afresh.
      this.#wholePath = false;
      this.#schedule(this.#backoff(), () => {
        this.#current = this.#open();
      });
    }
  }

  #rotate(): void {
    if (this.#stopped || this.#next) return;
    if (!this.#current) {
      this.#current = this.#open();
      return;
    }
    this.#next = this.#open();
  }

  #schedule(delayMs: number, run: () => void): void {
    clearTimeout(this.#timer);
    if (delayMs <= 0) return;
    this.#timer = setTimeout(run, delayMs);
  }

  /** Exponential with jitter, so replicas that lost the same server do not reconnect in step. */
  #backoff(): number {
    const { reconnectInitialMs, reconnectMaxMs } = this.options;
    const base = Math.min(reconnectMaxMs, reconnectInitialMs * 2 ** this.#failures++);
    return Math.max(1, Math.round(base * (0.5 + Math.random() / 2)));
  }
}
