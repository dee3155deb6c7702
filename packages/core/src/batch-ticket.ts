/**
 * One submit of a batcher (the gRPC client's or the edge's): its events may span several
 * batches, and it settles once, when the last of them is acknowledged or the first fails.
 */
export interface Ticket {
  /** Batches carrying its events that are not acknowledged yet. */
  remaining: number;
  done: boolean;
  resolve(): void;
  reject(error: Error): void;
}

/** Settles one batch's tickets: a failure rejects each at once, a success counts down. */
export function settleTickets(tickets: readonly Ticket[], error?: Error): void {
  for (const ticket of tickets) {
    if (ticket.done) continue;
    if (error) {
      ticket.done = true;
      ticket.reject(error);
    } else if (--ticket.remaining === 0) {
      ticket.done = true;
      ticket.resolve();
    }
  }
}
