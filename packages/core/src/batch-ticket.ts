import type { Envelope } from "./pipeline-codec.ts";
import { isRafagaError } from "./rafaga-error.ts";

/**
 * One submit of a batcher (the gRPC client's or the EventBatcher): its events may span several
 * batches, and it settles once, when the last of them is acknowledged or the first fails.
 */
export interface Ticket {
  /** Batches carrying its events that are not acknowledged yet. */
  remaining: number;
  /** Batches carrying its events in all. */
  batches: number;
  done: boolean;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Settles one batch's tickets: a failure rejects each at once, a success counts down. A
 * failure about some events only (`failedEvents`) rejects the tickets holding one of them
 * and counts the others down as a success.
 */
export function settleTickets(batch: Readonly<FillingBatch>, error?: Error): void {
  const failed = isRafagaError(error) ? error.failedEvents : undefined;
  let next = 0; // the next failed position not yet below a ticket's span
  batch.tickets.forEach((ticket, i) => {
    let failure = error;
    let allFailed = true;
    if (failed) {
      const end = batch.ends[i] as number;
      const start = i === 0 ? 0 : (batch.ends[i - 1] as number);
      while (next < failed.length && (failed[next] as number) < start) next++;
      let hits = 0;
      while (next + hits < failed.length && (failed[next + hits] as number) < end) hits++;
      if (hits === 0) failure = undefined;
      allFailed = hits === end - start;
    }
    if (ticket.done) return;
    if (failure) {
      ticket.done = true;
      // Some of its events are (or may yet be) durable: the submit as a whole may count.
      ticket.reject(forSubmit(failure, !allFailed || ticket.batches > 1));
    } else if (--ticket.remaining === 0) {
      ticket.done = true;
      ticket.resolve();
    }
  });
}

/**
 * A batch's failure as one submit's answer: without the batch's event positions, and not
 * "not written" when some of the submit's events may have been (`partly`).
 */
function forSubmit(error: Error, partly: boolean): Error {
  if (!isRafagaError(error)) return error;
  const notWritten = error.notWritten && !partly;
  if (notWritten === error.notWritten && error.failedEvents === undefined) return error;
  return error.restated({ notWritten });
}

/**
 * The batch a batcher is filling: its events and the tickets of the submits they came from,
 * each with the end (exclusive) of its events in `events`, in the same order.
 */
export interface FillingBatch {
  events: Envelope[];
  tickets: Ticket[];
  ends: number[];
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
    const ticket: Ticket = { remaining: 0, batches: 0, done: false, resolve, reject };
    let i = 0;
    while (i < envelopes.length) {
      const batch = current();
      const take = Math.min(maxBatch - batch.events.length, envelopes.length - i);
      for (let k = 0; k < take; k++) batch.events.push(envelopes[i + k] as Envelope);
      i += take;
      batch.tickets.push(ticket);
      batch.ends.push(batch.events.length);
      ticket.remaining++;
      ticket.batches++;
      if (batch.events.length >= maxBatch) flush();
    }
  });
}
