/**
 * Sheds load by how long events wait, not only by how many (CoDel's idea): if acks have
 * taken longer than the target for a whole interval, with not one quick ack in between, a
 * queue has formed that does not drain, and every request admitted now would only wait
 * longer. New requests are refused (429) until an ack is within the target again, or
 * nothing is in flight any more (no queue left). Only acks count: a failure after the
 * brokers' timeout says a broker is down (503), not that ingest is overloaded.
 *
 * Slow for an interval, as CoDel measures it, not slow within one fixed window: a broker
 * that stalls every write for a few seconds (a Kafka cluster electing new leaders after
 * a broker died) releases them all at once, in one window, and the writes after it are
 * quick again. Judged per window, that one burst refused the next 100 ms of requests
 * (3,324 429s from 10 closed-loop clients in a broker-kill test); it is not a queue.
 *
 * And only with more than `minInFlight` events in flight (CoDel drops nothing from a queue
 * shorter than one packet): a few events cannot form a queue, so a slow ack then is the
 * broker's own latency, which refusing requests cannot shorten; a cluster's new leaders
 * can answer the first writes after an election slowly for a second.
 *
 * It sees the wait from admission to ack, not the wait in the sockets before our code
 * runs: at 2,000 connections that queue is where the latency is (README, Overload).
 */
export class QueueDelayGate {
  readonly #targetMs: number;
  readonly #intervalMs: number;
  readonly #minInFlight: number;
  /** When acks began to exceed the target, none quick since; undefined while they are quick. */
  #slowSince: number | undefined;
  #overloaded = false;

  /** targetMs 0 turns the gate off. */
  constructor(targetMs: number, options: { intervalMs?: number; minInFlight?: number } = {}) {
    this.#targetMs = targetMs;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#minInFlight = options.minInFlight ?? 0;
  }

  /** One acknowledged request, `waitedMs` after it was admitted. */
  acked(waitedMs: number): void {
    if (waitedMs <= this.#targetMs) {
      this.#slowSince = undefined;
      this.#overloaded = false;
      return;
    }
    const now = performance.now();
    this.#slowSince ??= now;
    if (now - this.#slowSince >= this.#intervalMs) this.#overloaded = true;
  }

  /** Whether to refuse a new request now; `inFlight`: events admitted and not yet answered. */
  shouldShed(inFlight: number): boolean {
    if (this.#targetMs === 0) return false;
    if (inFlight === 0) {
      this.#overloaded = false;
      this.#slowSince = undefined;
    }
    return this.#overloaded && inFlight > this.#minInFlight;
  }
}
