import type { Envelope } from "./pipeline-codec.ts";

/**
 * One submit of a batcher (the gRPC client's or the EventBatcher): its events may span several
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

/** The batch a batcher is filling: its events and the tickets of the submits they came from. */
export interface FillingBatch {
  events: Envelope[];
  tickets: Ticket[];
}

/**
 * Queues one submit's events under one ticket: into `current()`, calling `flush` each time
 * it holds `maxBatch` (flush starts the next batch), so the submit settles once every batch
 * carrying its events did.
 */
export function enqueueUnderTicket(
  envelopes: readonly Envelope[],
  maxBatch: number,
  current: () => FillingBatch,
  flush: () => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ticket: Ticket = { remaining: 0, done: false, resolve, reject };
    let i = 0;
    while (i < envelopes.length) {
      const batch = current();
      const take = Math.min(maxBatch - batch.events.length, envelopes.length - i);
      for (let k = 0; k < take; k++) batch.events.push(envelopes[i + k] as Envelope);
      i += take;
      batch.tickets.push(ticket);
      ticket.remaining++;
      if (batch.events.length >= maxBatch) flush();
    }
  });
}
