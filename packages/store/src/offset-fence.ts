import { RafagaError } from "@rafaga/core";

/**
 * Where a record sits in an ordered, replayable log: a Kafka partition, named so that a
 * recreated topic is another log (topic, topic id, partition).
 */
export interface LogPosition {
  log: string;
  offset: number;
}

/** Log names become key suffixes and tab-separated script fields. */
const LOG_NAME = /^[\x21-\x7e]{1,300}$/;

/**
 * The apply scripts' fence arguments for a batch: the logs as one tab-separated string,
 * and for each event "" (checked by its id marker) or "<log index>:<offset>" (counted
 * only past the highest offset applied from that log, with no marker). Rejects
 * VALIDATION naming the event index for a bad position.
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
    let j = index.get(p.log);
    if (j === undefined) {
      j = index.size + 1;
      index.set(p.log, j);
    }
    return `${j}:${p.offset}`;
  });
  return { logs: [...index.keys()].join("\t"), fields };
}

/**
 * fence-ranges.lua's argument when every event of a batch has a position and each log's
 * offsets rise through the batch: "L1 \t first \t last \t L2 ...". Undefined otherwise
 * (an event without a position, a log that goes back), and the batch is then applied
 * event by event.
 */
export function fenceRanges(
  positions: readonly (LogPosition | undefined)[] | undefined,
  count: number,
): string | undefined {
  if (positions === undefined || positions.length !== count || count === 0) return undefined;
  const ranges = new Map<string, { first: number; last: number }>();
  for (const p of positions) {
    if (p === undefined || !Number.isSafeInteger(p.offset) || p.offset < 0) return undefined;
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
