/** What one applyBatch did: events counted now, and events already counted before. */
export interface ApplyResult {
  applied: number;
  duplicates: number;
}

/** The scripts answer `{ applied, duplicates }` as a two-integer array. */
export function applyResult(reply: unknown): ApplyResult {
  if (!Array.isArray(reply) || reply.length !== 2) {
    throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
  }
  return { applied: Number(reply[0]), duplicates: Number(reply[1]) };
}
