import { expect, test } from "bun:test";
import { type FetchResponse, takeFetchedRecords } from "./kafka-js-fetched-records.ts";

const record = (offsetDelta: number, value: string, headers: [string, string][] = []) => ({
  offsetDelta,
  key: null,
  value: Buffer.from(value),
  headers: headers.map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as [Buffer, Buffer]),
});

const batch = (
  firstOffset: number,
  attributes: number,
  ...records: ReturnType<typeof record>[]
) => ({
  firstOffset: BigInt(firstOffset),
  attributes,
  partitionLeaderEpoch: 3,
  records,
});

test("takes the records of the partitions asked for, from the offset asked for, and empties every batch", () => {
  const request = {
    topics: [
      {
        topicId: "id-a",
        partitions: [
          { partition: 0, fetchOffset: 11n },
          { partition: 1, fetchOffset: 0n },
        ],
      },
    ],
  };
  const control = batch(13, 1 << 5, record(0, "commit marker"));
  const response: FetchResponse = {
    responses: [
      {
        topicId: "id-a",
        partitions: [
          // A compressed batch can start before the offset asked for: 10 was read before.
          {
            partitionIndex: 0,
            records: [
              batch(10, 0, record(0, "a10"), record(1, "a11", [["rafaga", "id 1 5"]])),
              control,
            ],
          },
          { partitionIndex: 1, records: [batch(0, 0, record(0, "b0"))] },
          // Left over in an incremental fetch session, not asked for this time.
          { partitionIndex: 2, records: [batch(0, 0, record(0, "stale"))] },
        ],
      },
    ],
  };
  const epochs = new Map<number, number>();
  const taken = takeFetchedRecords(request, response, "weather", epochs);
  expect(taken.map((m) => [m.partition, m.position, Buffer.from(m.value).toString()])).toEqual([
    [0, "11", "a11"],
    [1, "0", "b0"],
  ]);
  expect(taken[0]).toMatchObject({
    key: undefined,
    source: "weather",
    headers: { rafaga: "id 1 5" },
  });
  expect([...epochs]).toEqual([
    [0, 3],
    [1, 3],
  ]);
  const left = response.responses?.[0]?.partitions?.flatMap((p) => p.records ?? []) ?? [];
  expect(
    left.filter((b) => b.records.length > 0).map((b) => b.records[0]?.value?.toString()),
  ).toEqual(["stale"]);
});

test("an empty or error-free response without records takes nothing", () => {
  expect(takeFetchedRecords({ topics: [] }, {}, "weather", new Map())).toEqual([]);
  expect(
    takeFetchedRecords(
      { topics: [{ topicId: "x", partitions: [{ partition: 0, fetchOffset: 0n }] }] },
      { responses: [{ topicId: "x", partitions: [{ partitionIndex: 0, records: null }] }] },
      "weather",
      new Map(),
    ),
  ).toEqual([]);
});
