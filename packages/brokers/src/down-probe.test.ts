import { expect, test } from "bun:test";
import { DownProbe } from "./down-probe.ts";

test("probes only while down, one at a time, at most every interval; a success clears it", async () => {
  let calls = 0;
  let answer: (() => void) | undefined;
  const probe = new DownProbe(() => {
    calls++;
    return new Promise<void>((resolve) => (answer = resolve));
  }, 50);
  expect(probe.writable()).toBe(true);
  expect(calls).toBe(0);
  probe.markDown();
  expect(probe.writable()).toBe(false);
  expect(probe.writable()).toBe(false);
  expect(calls).toBe(1);
  answer?.();
  await Bun.sleep(0);
  expect(probe.writable()).toBe(true);
  expect(calls).toBe(1);
});

test("a failed probe keeps it down, and the next waits for the interval", async () => {
  let calls = 0;
  const probe = new DownProbe(async () => {
    calls++;
    throw new Error("still down");
  }, 50);
  probe.markDown();
  expect(probe.writable()).toBe(false);
  await Bun.sleep(0);
  expect(probe.writable()).toBe(false);
  expect(calls).toBe(1);
  await Bun.sleep(60);
  expect(probe.writable()).toBe(false);
  expect(calls).toBe(2);
});
