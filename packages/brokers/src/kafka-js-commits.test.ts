import { expect, test } from "bun:test";
import { createLogger } from "@rafaga/core";
import { IntervalCommits } from "./kafka-js-commits.ts";

const logger = createLogger("kafka-js-commits-test");

function messages(committed: string[], fail = false) {
  return (topic: string, partition: number, offset: number) => ({
    topic,
    partition,
    commit: async () => {
      if (fail) throw new Error("commit refused (simulated)");
      committed.push(`${topic}:${partition}@${offset}`);
    },
  });
}

test("commits the last applied message of each partition, once per flush, and nothing twice", async () => {
  const committed: string[] = [];
  const m = messages(committed);
  const commits = new IntervalCommits(60_000, logger);
  commits.applied([m("t", 0, 1), m("t", 0, 2), m("t", 1, 7), m("t", 0, 3), m("u", 0, 9)]);
  commits.applied([m("t", 1, 8)]);
  await commits.flush();
  expect(committed.sort()).toEqual(["t:0@3", "t:1@8", "u:0@9"]);
  await commits.flush();
  expect(committed).toHaveLength(3);
  await commits.close();
});

test("commits on its interval and on close", async () => {
  const committed: string[] = [];
  const m = messages(committed);
  const commits = new IntervalCommits(20, logger);
  commits.applied([m("t", 0, 1)]);
  await Bun.sleep(200);
  expect(committed).toEqual(["t:0@1"]);
  commits.applied([m("t", 0, 2)]);
  await commits.close();
  expect(committed).toEqual(["t:0@1", "t:0@2"]);
});

test("a failed commit is logged, not thrown: the next flush still commits", async () => {
  const committed: string[] = [];
  const commits = new IntervalCommits(60_000, logger);
  commits.applied([messages(committed, true)("t", 0, 1)]);
  await commits.flush();
  commits.applied([messages(committed)("t", 0, 2)]);
  await commits.close();
  expect(committed).toEqual(["t:0@2"]);
});
