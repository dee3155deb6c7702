import {
  EagerFlush,
  type Envelope,
  enqueueUnderTicket,
  parseOptions,
  RafagaError,
} from "@rafaga/core";
import { emptyStats, type PipelineClientStats } from "./client-stats.ts";
import type { ClientStream } from "./client-stream.ts";
import { DnsTarget, type Lookup, systemLookup } from "./dns-target.ts";
import { EndpointGroup } from "./endpoint-group.ts";
import { type PipelineClientInput, PipelineClientOptions } from "./options.ts";
import { newBatch, type OutBatch, settleBatch } from "./out-batch.ts";
import type { SlotEvents, StreamSlot } from "./stream-slot.ts";

export interface PipelineClientDeps {
  /** Resolves the host of "dns:///host:port" targets to addresses (tests fake it). */
  lookup?: Lookup;
}

/**
 * Sends envelopes to the next tier in micro-batches over several long-lived Publish
 * streams, round-robin. A submit resolves only on an ok ack for every batch carrying
 * its events, and always settles: ack error, broken stream, no stream, or timeout.
 */
export class PipelineClient {
  readonly options: PipelineClientOptions;
  readonly #targets: (EndpointGroup | DnsTarget)[] = [];
  #slots: StreamSlot[] = [];
  readonly #live = new Set<ClientStream>();
  readonly #stats = emptyStats();
  readonly #sweep: ReturnType<typeof setInterval>;
  #readyWaiters = new Set<() => void>();
  #idleWaiter: (() => void) | undefined;
  #queue: OutBatch;
  /** Unsent batches waiting for a stream (holdUnroutableMs), oldest first. */
  #held: OutBatch[] = [];
  #holdTimer: ReturnType<typeof setTimeout> | undefined;
  #nextBatchId = 1;
  readonly #eager: EagerFlush;
  #batchesInFlight = 0;
  #inFlightEvents = 0;
  #cursor = 0;
  #closing = false;
  #closed: Promise<void> | undefined;

  constructor(input: PipelineClientInput, deps: PipelineClientDeps = {}) {
    this.options = parseOptions("pipeline client", PipelineClientOptions, input);
    this.#queue = newBatch(this.#nextBatchId++);
    this.#eager = new EagerFlush(
      { eagerBatches: this.options.eagerBatches, lingerMs: this.options.lingerMs },
      {
        queued: () => this.#queue.events.length,
        inFlight: () => this.#batchesInFlight + this.#held.length,
        flush: () => this.#flush(),
      },
    );
    const events: SlotEvents & { changed(): void } = {
      opened: (s) => {
        this.#live.add(s);
        this.#stats.streamsOpened++;
      },
      closed: (s) => {
        this.#live.delete(s);
        this.#stats.streamsClosed++;
      },
      ready: () => this.#notifyReady(),
      sendable: () => this.#release(),
      settle: (batch, error) => this.#settle(batch, error),
      untaken: (batch) => this.#resend(batch),
      changed: () => this.#collectSlots(),
    };
    for (const target of this.options.targets) {
      const dns = /^dns:\/\/\/(.+):(\d+)$/.exec(target);
      if (dns) {
        const resolved = new DnsTarget(
          dns[1] as string,
          dns[2] as string,
          this.options,
          events,
          deps.lookup ?? systemLookup,
        );
        this.#targets.push(resolved);
        void resolved.refresh();
      } else {
        this.#targets.push(new EndpointGroup(target, this.options, events));
      }
    }
    this.#collectSlots();
    const every = Math.max(10, Math.min(1000, Math.floor(this.options.ackTimeoutMs / 4)));
    this.#sweep = setInterval(() => this.#expire(), every);
    this.#sweep.unref();
  }

  submit(envelope: Envelope): Promise<void> {
    return this.submitMany([envelope]);
  }

  submitMany(envelopes: readonly Envelope[]): Promise<void> {
    if (this.#closing)
      return Promise.reject(new RafagaError("CLOSED", "pipeline client is closed"));
    if (envelopes.length === 0) return Promise.resolve();
    const { maxBatch, maxInFlightEvents } = this.options;
    if (this.#inFlightEvents + envelopes.length > maxInFlightEvents) {
      this.#stats.overloadRejects++;
      const message = `more than ${maxInFlightEvents} events waiting for the next tier`;
      return Promise.reject(
        new RafagaError("OVERLOADED", message, { retryAfter: 1, notWritten: true }),
      );
    }
    this.#inFlightEvents += envelopes.length;
    const submitted = enqueueUnderTicket(
      envelopes,
      maxBatch,
      () => this.#queue,
      () => this.#flush(),
    );
    this.#eager.dispatch();
    return submitted;
  }

  /** True when a connected stream's server can pass every batch on (the whole path is up). */
  isReady(): boolean {
    return this.#slots.some((slot) => slot.wholePathReady);
  }

  /** True when a connected stream's server can pass some batch on: batches are sent. */
  isAccepting(): boolean {
    return this.#slots.some((slot) => slot.stream !== undefined);
  }

  waitForReady(timeoutMs: number): Promise<void> {
    if (this.#closing)
      return Promise.reject(new RafagaError("CLOSED", "pipeline client is closed"));
    if (this.isReady()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.#readyWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#readyWaiters.delete(done);
        const targets = this.options.targets.join(", ");
        reject(
          new RafagaError("TIMEOUT", `no pipeline stream to ${targets} within ${timeoutMs} ms`, {
            retryAfter: 1,
          }),
        );
      }, timeoutMs);
      this.#readyWaiters.add(done);
    });
  }

  stats(): Readonly<PipelineClientStats> & { inFlightEvents: number; liveStreams: number } {
    return { ...this.#stats, inFlightEvents: this.#inFlightEvents, liveStreams: this.#live.size };
  }

  /** Sends what is queued, waits for the acks (up to closeTimeoutMs), then disconnects. */
  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  #flush(): void {
    this.#eager.flushed();
    const batch = this.#queue;
    if (batch.events.length === 0) return;
    this.#queue = newBatch(this.#nextBatchId++);
    this.#route(batch);
  }

  #route(batch: OutBatch): void {
    // Behind batches already held, so that events leave in the order they came.
    if (this.#held.length > 0) this.#release();
    const stream = this.#held.length === 0 ? this.#pick() : undefined;
    if (stream) this.#send(stream, batch);
    // A server that is connected but accepts nothing said so (a broker down behind it):
    // waiting would only delay its "no". Held is what no server has heard of yet.
    else if (this.options.holdUnroutableMs > 0 && !this.#slots.some((s) => s.connected))
      this.#hold(batch);
    else this.#refuseUnroutable(batch);
  }

  /**
   * A server that closes ends its streams once what it took is acked and takes nothing
   * more: a batch it left unacked was not written, and goes to another stream (or waits
   * for one) instead of getting "maybe".
   */
  #resend(batch: OutBatch): void {
    if (batch.settled) return;
    this.#stats.batchesUntaken++;
    batch.sent = false;
    this.#batchesInFlight--;
    this.#route(batch);
  }

  #send(stream: ClientStream, batch: OutBatch): void {
    this.#stats.batchesSent++;
    this.#stats.eventsSent += batch.events.length;
    batch.sent = true;
    this.#batchesInFlight++;
    stream.send(batch);
  }

  #refuseUnroutable(batch: OutBatch): void {
    this.#stats.batchesUnroutable++;
    const message = `UNAVAILABLE: no pipeline stream connected to ${this.options.targets.join(", ")}`;
    this.#settle(
      batch,
      new RafagaError("BROKER_UNAVAILABLE", message, { retryAfter: 1, notWritten: true }),
    );
  }

  #hold(batch: OutBatch): void {
    // A batch held before (sent since, and left untaken) keeps its first deadline.
    batch.holdUntil ||= performance.now() + this.options.holdUnroutableMs;
    if (batch.holdUntil <= performance.now()) {
      this.#refuseUnroutable(batch);
      return;
    }
    this.#stats.batchesHeld++;
    this.#held.push(batch);
    this.#armHoldTimer();
  }

  /** A stream can be sent on again: the held batches leave, oldest first. */
  #release(): void {
    while (this.#held.length > 0) {
      const stream = this.#pick();
      if (!stream) return;
      this.#send(stream, this.#held.shift() as OutBatch);
    }
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#eager.dispatch();
  }

  /** Held batches past their time are refused; none of them is written anywhere. */
  #armHoldTimer(): void {
    if (this.#holdTimer || this.#held.length === 0) return;
    const first = Math.min(...this.#held.map((batch) => batch.holdUntil));
    this.#holdTimer = setTimeout(
      () => {
        this.#holdTimer = undefined;
        const now = performance.now();
        const due = this.#held.filter((batch) => batch.holdUntil <= now);
        this.#held = this.#held.filter((batch) => batch.holdUntil > now);
        for (const batch of due) this.#refuseUnroutable(batch);
        this.#armHoldTimer();
        this.#eager.dispatch();
      },
      Math.max(1, Math.ceil(first - performance.now())),
    );
  }

  #collectSlots(): void {
    this.#slots = this.#targets.flatMap((t) =>
      t instanceof DnsTarget ? [...t.groups.values()].flatMap((g) => g.slots) : t.slots,
    );
  }

  /**
   * Round-robin over the streams whose server can pass every batch on; only when there is
   * none, over those that can pass some on. A replica that is still connecting to one
   * broker is not sent what another replica could pass on, and when every replica lost
   * the same broker, what the other broker takes still goes through.
   */
  #pick(): ClientStream | undefined {
    const slots = this.#slots;
    for (let n = 0; n < slots.length; n++) {
      const slot = slots[this.#cursor++ % slots.length] as StreamSlot;
      if (slot.wholePathReady) return slot.stream;
    }
    for (let n = 0; n < slots.length; n++) {
      const slot = slots[this.#cursor++ % slots.length] as StreamSlot;
      if (slot.stream) return slot.stream;
    }
    return undefined;
  }

  #settle(batch: OutBatch, error?: Error): void {
    if (!settleBatch(batch, error)) return;
    this.#inFlightEvents -= batch.events.length;
    if (batch.sent) {
      this.#batchesInFlight--;
      // An ack frees an eager slot: what queued up while waiting leaves now.
      if (!this.#closing) this.#eager.dispatch();
    }
    if (!error) this.#stats.batchesOk++;
    else {
      this.#stats.batchesFailed++;
      if (error instanceof RafagaError && error.code === "TIMEOUT") this.#stats.timeouts++;
    }
    if (this.#inFlightEvents === 0) this.#idleWaiter?.();
  }

  #expire(): void {
    const { ackTimeoutMs } = this.options;
    const deadline = performance.now() - ackTimeoutMs;
    for (const stream of this.#live) stream.expire(deadline, ackTimeoutMs);
  }

  #notifyReady(): void {
    for (const waiter of [...this.#readyWaiters]) waiter();
  }

  async #shutdown(): Promise<void> {
    this.#closing = true;
    this.#flush();
    await this.#until(() => this.#inFlightEvents === 0, this.options.closeTimeoutMs);
    const drained = this.#inFlightEvents === 0;
    // Stopped slots half-close their streams, which the server answers by ending them.
    for (const target of this.#targets) target.stop();
    if (drained) await this.#until(() => this.#live.size === 0, 1000);
    // Cancelling rejects (CLOSED) whatever still waits for an ack past the timeout.
    for (const stream of this.#live) stream.cancel();
    clearTimeout(this.#holdTimer);
    for (const batch of this.#held.splice(0)) this.#refuseUnroutable(batch);
    await this.#until(() => this.#live.size === 0, 1000);
    clearInterval(this.#sweep);
    for (const target of this.#targets) target.closeChannels();
  }

  /** Waits for a condition that #settle or a closing stream makes true, bounded. */
  async #until(condition: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition() && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(50, Math.max(1, deadline - performance.now())));
        this.#idleWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.#idleWaiter = undefined;
  }
}
