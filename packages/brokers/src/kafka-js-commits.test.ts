import { expect, test } from "bun:test";
import { createLogger } from "@rafaga/core";
import type { InboundMessage } from "./broker.ts";
import { type CommitOffsets, IntervalCommits } from "./kafka-js-commits.ts";

const logger = createLogger("kafka-js-commits-test");
const noEpoch = () => -1;

function message(source: string, partition: number, offset: number): InboundMessage {
  return {
    key: undefined,
    value: new Uint8Array(0),
    headers: {},
    source,
    partition,
    position: String(offset),
  };
}

/** Records each commit request as `topic:partition@next offset` strings. */
function committer(requests: string[][], fail = false): CommitOffsets {
  return async (offsets) => {
    if (fail) throw new Error("commit refused (simulated)");
    requests.push(offsets.map((o) => `${o.topic}:${o.partition}@${o.offset}/${o.leaderEpoch}`));
  };
}

test("commits the next offset after the last applied message of each partition, in one request per flush, nothing twice", async () => {
  const requests: string[][] = [];
  const commits = new IntervalCommits(60_000, committer(requests), logger);
  const m = message;
  commits.applied([m("t", 0, 1), m("t", 0, 2), m("t", 1, 7), m("t", 0, 3), m("u", 0, 9)], noEpoch);
  commits.applied([m("t", 1, 8)], (partition) => partition * 10);
  await commits.flush();
  expect(requests).toHaveLength(1);
  expect(requests[0]?.sort()).toEqual(["t:0@4/-1", "t:1@9/10", "u:0@10/-1"]);
  await commits.flush();
  expect(requests).toHaveLength(1);
  await commits.close();
});

test("commits on its interval and on close", async () => {
  const requests: string[][] = [];
  const commits = new IntervalCommits(20, committer(requests), logger);
  commits.applied([message("t", 0, 1)], noEpoch);
  await Bun.sleep(200);
  expect(requests).toEqual([["t:0@2/-1"]]);
  commits.applied([message("t", 0, 2)], noEpoch);
  await commits.close();
  expect(requests).toEqual([["t:0@2/-1"], ["t:0@3/-1"]]);
});

test("a failed commit is logged, not thrown: the next flush still commits", async () => {
  const requests: string[][] = [];
  let refuse = true;
  const commit: CommitOffsets = async (offsets) => {
    if (refuse) throw new Error("commit refused (simulated)");
    await committer(requests)(offsets);
  };
  const commits = new IntervalCommits(60_000, commit, logger);
  commits.applied([message("t", 0, 1)], noEpoch);
  await commits.flush();
  refuse = false;
  commits.applied([message("t", 0, 2)], noEpoch);
  await commits.close();
  expect(requests).toEqual([["t:0@3/-1"]]);
});

test("a flush can go through another client: the one that read the messages, before it is replaced", async () => {
  const usual: string[][] = [];
  const old: string[][] = [];
  const commits = new IntervalCommits(60_000, committer(usual), logger);
  commits.applied([message("t", 0, 4)], noEpoch);
  await commits.flush(committer(old));
  await commits.close();
  expect({ usual, old }).toEqual({ usual: [], old: [["t:0@5/-1"]] });
});
