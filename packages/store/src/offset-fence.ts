import { RafagaError } from "@rafaga/core";

/**
 * Where a record sits in an ordered, replayable log: a Kafka partition, named so that a
 * recreated topic is another log (topic, topic id, partition).
 */
export interface LogPosition {
  log: string;
  offset: number;
  /**
   * A RabbitMQ writer's sequence on one queue rather than a Kafka partition: its records
   * arrive out of order, so the scripts keep a window of sequences instead of one fence.
   */
  windowed?: boolean;
  /**
   * This record is one copy of an event sent to both brokers: its own redeliveries are
   * caught by the position, and the pair is counted once by the event's id marker, which
   * the second copy shortens to `pairedMarkerTtlSeconds` (offset-fence.lua).
   */
  paired?: boolean;
}

/** Log names become key suffixes and tab-separated script fields; a leading "~" marks a windowed log. */
const LOG_NAME = /^[\x21-\x7d][\x21-\x7e]{0,299}$/;

/** Whether a name can be a log's (printable ASCII, no leading "~", at most 300). */
export const isLogName = (name: string): boolean => LOG_NAME.test(name);

/**
 * The apply scripts' fence arguments for a batch: the logs as one tab-separated string
 * (a windowed log's name after a "~"), and for each event "" (checked by its id marker),
 * "<log index>:<offset>" (counted by that log's fence or window, with no marker) or
 * "<log index>:<offset>:p" (a paired copy: its log, then the id marker).
 * Rejects VALIDATION naming the event index for a bad position.
 */
export function fenceArgs(
  positions: readonly (LogPosition | undefined)[] | undefined,
  count: number,
): { logs: string; fields: string[] } {
  if (positions === undefined) return { logs: "", fields: new Array<string>(count).fill("") };
  if (positions.length !== count) {
    throw new RafagaError("VALIDATION", `${positions.length} positions for ${count} events`, {
      field: "positions",
    });
  }
  const index = new Map<string, number>();
  const fields = positions.map((p, i) => {
    if (p === undefined) return "";
    if (!LOG_NAME.test(p.log) || !Number.isSafeInteger(p.offset) || p.offset < 0) {
      throw new RafagaError("VALIDATION", `event ${i}: bad log position`, {
        field: "positions",
      });
    }
    const name = p.windowed ? `~${p.log}` : p.log;
    let j = index.get(name);
    if (j === undefined) {
      j = index.size + 1;
      index.set(name, j);
    }
    return p.paired ? `${j}:${p.offset}:p` : `${j}:${p.offset}`;
  });
  return { logs: [...index.keys()].join("\t"), fields };
}

/**
 * fence-ranges.lua's argument when every event of a batch has a position and each log's
 * offsets rise through the batch: "L1 \t first \t last \t L2 ...". Undefined otherwise
 * (an event without a position, with a windowed one or a paired one, a log that goes
 * back), and the batch is then applied event by event.
 */
export function fenceRanges(
  positions: readonly (LogPosition | undefined)[] | undefined,
  count: number,
): string | undefined {
  if (positions === undefined || positions.length !== count || count === 0) return undefined;
  const ranges = new Map<string, { first: number; last: number }>();
  for (const p of positions) {
    if (
      p === undefined ||
      p.windowed ||
      p.paired ||
      !Number.isSafeInteger(p.offset) ||
      p.offset < 0
    ) {
      return undefined;
    }
    const range = ranges.get(p.log);
    if (range === undefined) {
      if (!LOG_NAME.test(p.log)) return undefined;
      ranges.set(p.log, { first: p.offset, last: p.offset });
    } else if (p.offset > range.last) {
      range.last = p.offset;
    } else {
      return undefined;
    }
  }
  let text = "";
  for (const [log, { first, last }] of ranges) {
    text += `${text === "" ? "" : "\t"}${log}\t${first}\t${last}`;
  }
  return text;
}
