/**
 * Sheds load by how long events wait, not only by how many (CoDel's idea): if even the
 * quickest acknowledgement of the last interval took longer than the target, a queue has
 * formed that does not drain, and every request admitted now would only wait longer. New
 * requests are refused (429) until an interval again has an ack within the target, or
 * nothing is in flight any more (no queue left). Only acks count: a failure after the
 * brokers' timeout says a broker is down (503), not that ingest is overloaded.
 *
 * It sees the wait from admission to ack, not the wait in the sockets before our code
 * runs: at 2,000 connections that queue is where the latency is (README, Overload).
 */
export class QueueDelayGate {
  readonly #targetMs: number;
  readonly #intervalMs: number;
  #windowStart = performance.now();
  #windowMin = Number.POSITIVE_INFINITY;
  #overloaded = false;

  /** targetMs 0 turns the gate off. */
  constructor(targetMs: number, intervalMs = 100) {
    this.#targetMs = targetMs;
    this.#intervalMs = intervalMs;
  }

  /** One acknowledged request, `waitedMs` after it was admitted. */
  acked(waitedMs: number): void {
    this.#roll(performance.now());
    if (waitedMs < this.#windowMin) this.#windowMin = waitedMs;
  }

  /** Whether to refuse a new request now; `inFlight`: events admitted and not yet answered. */
  shouldShed(inFlight: number): boolean {
    if (this.#targetMs === 0) return false;
    this.#roll(performance.now());
    if (inFlight === 0) this.#overloaded = false;
    return this.#overloaded;
  }

  #roll(now: number): void {
    if (now - this.#windowStart < this.#intervalMs) return;
    // An interval without acks keeps the verdict: it says nothing new about the queue.
    if (this.#windowMin !== Number.POSITIVE_INFINITY)
      this.#overloaded = this.#windowMin > this.#targetMs;
    this.#windowStart = now;
    this.#windowMin = Number.POSITIVE_INFINITY;
  }
}
