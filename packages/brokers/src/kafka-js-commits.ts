import type { Logger } from "@rafaga/core";

/** What the committer needs of a @platformatic/kafka message. */
export interface CommittableMessage {
  topic: string;
  partition: number;
  commit(): void | Promise<void>;
}

/**
 * Commits the last applied message of each partition every `intervalMs`, and on `flush()`.
 * A commit round trip per batch cost the consumer and Kafka a request per partition per
 * batch; a crash replays at most one interval, which the store's offset fence and the
 * idempotent apply absorb.
 */
export class IntervalCommits {
  readonly #pending = new Map<string, CommittableMessage>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #logger: Logger;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(intervalMs: number, logger: Logger) {
    this.#logger = logger;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref?.();
  }

  /** Marks a batch applied: its messages are in offset order within each partition. */
  applied(batch: readonly CommittableMessage[]): void {
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i] as CommittableMessage;
      const next = batch[i + 1];
      // One map write per run of a partition's messages, from its last (a later run wins).
      if (next && next.partition === m.partition && next.topic === m.topic) continue;
      this.#pending.set(`${m.topic}:${m.partition}`, m);
    }
  }

  /** Commits what is pending; a failed commit is only logged (its batches may be redelivered). */
  flush(): Promise<void> {
    if (this.#pending.size === 0) return this.#inFlight;
    const messages = [...this.#pending.values()];
    this.#pending.clear();
    this.#inFlight = this.#inFlight
      .then(() => Promise.all(messages.map((m) => m.commit())))
      .then(
        () => {},
        (error) =>
          this.#logger.warn({ err: error }, "offset commit failed; batches may be redelivered"),
      );
    return this.#inFlight;
  }

  /** Commits what is pending and stops the timer. */
  close(): Promise<void> {
    clearInterval(this.#timer);
    return this.flush();
  }
}
