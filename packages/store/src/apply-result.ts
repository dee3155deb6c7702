/**
 * What one applyBatch did: events counted now, events already counted before, and the
 * batch indices of events too old for their writer's dedup window (offset-fence.lua):
 * those may or may not have been counted, so they are neither, and the caller
 * dead-letters them.
 */
export interface ApplyResult {
  applied: number;
  duplicates: number;
  stale?: number[];
}

/** The scripts answer `{ applied, duplicates, stale indices... }` as an integer array. */
export function applyResult(reply: unknown): ApplyResult {
  if (!Array.isArray(reply) || reply.length < 2) {
    throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
  }
  const result: ApplyResult = { applied: Number(reply[0]), duplicates: Number(reply[1]) };
  if (reply.length > 2) result.stale = reply.slice(2).map(Number);
  return result;
}
