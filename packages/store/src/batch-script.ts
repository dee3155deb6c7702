import { type ApplyResult, applyResult } from "./apply-result.ts";
import { fenceArgs, fenceRanges, type LogPosition } from "./offset-fence.ts";
import type { ValkeyConnection } from "./valkey-connection.ts";

/**
 * A domain's second script for batches that are all fenced Kafka records: the events
 * combined into a few arguments (counts, sums), so Valkey's work per batch stops growing
 * with its size. ARGV: `head`, the logs' offset ranges (fence-ranges.lua), then
 * `combine(events)`. It answers `{ -1, 0 }` and writes nothing when a range overlaps
 * its fence, and the batch is then applied event by event.
 */
export interface CombinedScript<E> {
  script: string;
  combine: (events: readonly E[]) => string[];
}

/**
 * Every domain's apply has this shape: one atomic script call per batch, each event at
 * most once by its id marker or its Kafka offset fence (offset-fence.lua). The script's
 * ARGV: `head` (key prefix, dedup TTL, then the script's own settings), the batch's logs,
 * then one string per event, `id \t pack(event) \t fence`, in apply order. `positions[i]`,
 * when given, is where events[i] sits in a Kafka partition with no other record of it;
 * when every event has one, rising per log, and the domain has a `combined` script, that
 * is tried first. Ids are not checked: the envelope decode already refused any outside
 * ID_PATTERN. Rejects VALIDATION for a bad position, STORE_UNAVAILABLE when nothing was
 * applied.
 */
export async function applyBatchScript<E extends { id: string }>(
  connection: ValkeyConnection,
  script: string,
  head: readonly (string | number)[],
  pack: (event: E) => string,
  events: readonly E[],
  positions?: readonly (LogPosition | undefined)[],
  combined?: CombinedScript<E>,
): Promise<ApplyResult> {
  if (events.length === 0) return { applied: 0, duplicates: 0 };
  const ranges = combined && fenceRanges(positions, events.length);
  if (combined && ranges) {
    const args = [...head, ranges, ...combined.combine(events)];
    const result = applyResult(await connection.run(combined.script, args));
    if (result.applied >= 0) return result;
  }
  const fence = fenceArgs(positions, events.length);
  const args: (string | number)[] = [...head, fence.logs];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as E;
    args.push(`${event.id}\t${pack(event)}\t${fence.fields[i]}`);
  }
  return applyResult(await connection.run(script, args));
}
