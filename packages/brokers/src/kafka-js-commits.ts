import type { Logger } from "@rafaga/core";
import type { InboundMessage } from "./broker.ts";

/** One partition's commit: the next offset to read, as Kafka's OffsetCommit takes it. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: bigint;
  leaderEpoch: number;
}

/** Sends one OffsetCommit for all the partitions given (the client's `commit`). */
export type CommitOffsets = (offsets: PartitionOffset[]) => Promise<void>;

/**
 * Commits the last applied message of each partition every `intervalMs`, and on `flush()`.
 * A commit round trip per batch cost the consumer and Kafka a request per partition per
 * batch; a crash replays at most one interval, which the store's offset fence and the
 * idempotent apply absorb.
 */
export class IntervalCommits {
  readonly #pending = new Map<string, PartitionOffset>();
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #commit: CommitOffsets;
  readonly #logger: Logger;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(intervalMs: number, commit: CommitOffsets, logger: Logger) {
    this.#commit = commit;
    this.#logger = logger;
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref?.();
  }

  /**
   * Marks a batch applied: its messages are in offset order within each partition.
   * `epochOf` names the leader epoch a partition's records were read under (-1: unknown).
   */
  applied(batch: readonly InboundMessage[], epochOf: (partition: number) => number): void {
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i] as InboundMessage;
      const next = batch[i + 1];
      // One map write per run of a partition's messages, from its last (a later run wins).
      if (next && next.partition === m.partition && next.source === m.source) continue;
      this.#pending.set(`${m.source}:${m.partition}`, {
        topic: m.source,
        partition: m.partition,
        offset: BigInt(m.position) + 1n,
        leaderEpoch: epochOf(m.partition),
      });
    }
  }

  /**
   * Commits what is pending; a failed commit is only logged (its batches may be redelivered).
   * `commit` replaces the usual one for this flush (the client that read them, going away).
   */
  flush(commit: CommitOffsets = this.#commit): Promise<void> {
    if (this.#pending.size === 0) return this.#inFlight;
    const offsets = [...this.#pending.values()];
    this.#pending.clear();
    this.#inFlight = this.#inFlight
      .then(() => commit(offsets))
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
