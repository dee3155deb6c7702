import { expect, test } from "bun:test";
import { adaptFetchWait, type FetchingConsumer } from "./kafka-js-fetch-wait.ts";

const withRecords = { responses: [{ partitions: [{ records: null }, { records: [{}] }] }] };
const empty = { responses: [{ partitions: [{ records: null }, { records: [] }] }] };

test("waits for a batch while records flow, and for any byte after a fetch that brought none", () => {
  const asked: { minBytes: number; maxWaitTime: number; node: number }[] = [];
  let answer: unknown = withRecords;
  let error: unknown = null;
  const consumer: FetchingConsumer = {
    fetch: (options, callback) => {
      asked.push(options);
      callback(error, answer);
    },
  };
  adaptFetchWait(consumer, { minBytes: 65_536, maxWaitTime: 5 }, { minBytes: 1, maxWaitTime: 250 });
  const got: unknown[] = [];
  const fetch = () =>
    consumer.fetch({ node: 1, minBytes: 9, maxWaitTime: 9 }, (_, r) => got.push(r));
  fetch(); // busy until told otherwise
  answer = empty;
  fetch(); // brought nothing
  fetch(); // so this one long-polls
  answer = withRecords;
  fetch(); // still idle: the previous one was empty
  fetch(); // records again: busy
  error = new Error("broker gone");
  fetch(); // an error changes nothing
  expect(asked.map((o) => [o.node, o.minBytes, o.maxWaitTime])).toEqual([
    [1, 65_536, 5],
    [1, 65_536, 5],
    [1, 1, 250],
    [1, 1, 250],
    [1, 65_536, 5],
    [1, 65_536, 5],
  ]);
  expect(got).toEqual([withRecords, empty, empty, withRecords, withRecords, withRecords]);
});
