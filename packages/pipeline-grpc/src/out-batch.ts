import { type Envelope, settleTickets, type Ticket } from "@rafaga/core";

export type { Ticket };

/** A batch on its way: the events, whose callers wait for it, and when it left. */
export interface OutBatch {
  batchId: number;
  events: Envelope[];
  tickets: Ticket[];
  /** Where each ticket's events end in `events` (see FillingBatch). */
  ends: number[];
  sentAt: number;
  /** Handed to a stream (an unroutable batch is settled without being sent). */
  sent: boolean;
  /** While held for want of a stream: when it is refused (performance.now()). */
  holdUntil: number;
  settled: boolean;
}

export function newBatch(batchId: number): OutBatch {
  return {
    batchId,
    events: [],
    tickets: [],
    ends: [],
    sentAt: 0,
    sent: false,
    holdUntil: 0,
    settled: false,
  };
}

/**
 * Settles a batch exactly once. A caller resolves only when every batch carrying its
 * events was acked ok; the first failure rejects it (resolving it later is impossible).
 */
export function settleBatch(batch: OutBatch, error?: Error): boolean {
  if (batch.settled) return false;
  batch.settled = true;
  settleTickets(batch, error);
  return true;
}
