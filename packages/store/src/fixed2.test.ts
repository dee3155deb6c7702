import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { fixed2, money } from "@rafaga/core";
import type { Valkey } from "iovalkey";
import { valkeyForTests } from "./testing/valkey-test-kit.ts";

let raw: Valkey;
beforeAll(async () => {
  raw = await valkeyForTests();
}, 60_000);
afterAll(() => raw.disconnect(), 60_000);

// Ties, negatives (weather averages), zero, and the largest exact sums.
const cases: [number, number][] = [
  [1, 200],
  [1, 201],
  [2, 3],
  [0, 5],
  [-325, 100],
  [-1, 200],
  [-1, 1000],
  [999_999, 1000],
  [12_340, 100],
  [2 ** 53 - 1, 100],
  [2 ** 53 - 1, 7],
];

test("the scripts' fixed2 include and the oracles' fixed2 write the same text", async () => {
  const include = readFileSync(new URL("./lua/includes/fixed2.lua", import.meta.url), "utf8");
  const script = `${include}\nlocal out = {}\nfor i = 1, #ARGV, 2 do out[#out + 1] = fixed2(tonumber(ARGV[i]), tonumber(ARGV[i + 1])) end\nreturn out`;
  const fromLua = await raw.eval(script, 0, ...cases.flat().map(String));
  expect(fromLua).toEqual(cases.map(([num, den]) => fixed2(num, den)));
  expect(cases.slice(0, 7).map(([num, den]) => fixed2(num, den))).toEqual([
    "0.01",
    "0.00",
    "0.67",
    "0.00",
    "-3.25",
    "-0.01",
    "0.00",
  ]);
  expect([money(12_340), money(123_456_789_012), fixed2(7, 0)]).toEqual([
    "123.40",
    "1234567890.12",
    "0.00",
  ]);
});
