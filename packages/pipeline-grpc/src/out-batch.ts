import type { Envelope } from "@rafaga/core";

/** One submit()/submitMany() call; its events may span several batches. */
export interface Ticket {
  /** Batches carrying its events that are not acked yet. */
  remaining: number;
  done: boolean;
  resolve(): void;
  reject(error: Error): void;
}

/** A batch on its way: the events, whose callers wait for it, and when it left. */
export interface OutBatch {
  batchId: number;
  events: Envelope[];
  tickets: Ticket[];
  sentAt: number;
  /** Handed to a stream (an unroutable batch is settled without being sent). */
  sent: boolean;
  settled: boolean;
}

export function newBatch(batchId: number): OutBatch {
  return { batchId, events: [], tickets: [], sentAt: 0, sent: false, settled: false };
}

/**
 * Settles a batch exactly once. A caller resolves only when every batch carrying its
 * events was acked ok; the first failure rejects it (resolving it later is impossible).
 */
export function settleBatch(batch: OutBatch, error?: Error): boolean {
  if (batch.settled) return false;
  batch.settled = true;
  for (const ticket of batch.tickets) {
    if (ticket.done) continue;
    if (error) {
      ticket.done = true;
      ticket.reject(error);
    } else if (--ticket.remaining === 0) {
      ticket.done = true;
      ticket.resolve();
    }
  }
  return true;
}
