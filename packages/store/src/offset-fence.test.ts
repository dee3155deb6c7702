import { describe, expect, test } from "bun:test";
import { fenceRanges } from "./offset-fence.ts";

describe("fenceRanges", () => {
  test("one range per log, in first-seen order, from interleaved rising offsets", () => {
    const positions = [
      { log: "t:a:1", offset: 7 },
      { log: "t:a:0", offset: 3 },
      { log: "t:a:1", offset: 8 },
      { log: "t:a:0", offset: 9 },
      { log: "t:a:1", offset: 12 },
    ];
    expect(fenceRanges(positions, 5)).toBe("t:a:1\t7\t12\tt:a:0\t3\t9");
    expect(fenceRanges([{ log: "t:a:0", offset: 0 }], 1)).toBe("t:a:0\t0\t0");
  });

  test("none when an event has no position, a log goes back or repeats, or a position is bad", () => {
    const a = (offset: number) => ({ log: "t:a:0", offset });
    expect(fenceRanges(undefined, 2)).toBeUndefined();
    expect(fenceRanges([a(1), undefined], 2)).toBeUndefined();
    expect(fenceRanges([a(2), a(1)], 2)).toBeUndefined();
    expect(fenceRanges([a(2), a(2)], 2)).toBeUndefined();
    expect(fenceRanges([a(-1)], 1)).toBeUndefined();
    expect(fenceRanges([a(1.5)], 1)).toBeUndefined();
    expect(fenceRanges([{ log: "bad log", offset: 1 }], 1)).toBeUndefined();
    expect(fenceRanges([a(1)], 2)).toBeUndefined();
    expect(fenceRanges([], 0)).toBeUndefined();
  });
});
