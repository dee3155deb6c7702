import { expect, test } from "bun:test";
import { QueueDelayGate } from "./queue-delay-gate.ts";

test("acks slower than the target for a whole interval: shed until an ack is quick again", async () => {
  const gate = new QueueDelayGate(50);
  gate.acked(150);
  expect(gate.shouldShed(5)).toBe(false);
  await Bun.sleep(110);
  gate.acked(150);
  expect(gate.shouldShed(5)).toBe(true);
  gate.acked(10);
  expect(gate.shouldShed(5)).toBe(false);
});

test("a burst of slow acks after a stall is not a queue: nothing shed", async () => {
  const gate = new QueueDelayGate(50);
  // A broker held every write for 4 s and released them at once; the requests that come
  // next must be admitted (judged per 100 ms window, that burst refused them).
  for (let i = 0; i < 10; i++) gate.acked(4000);
  await Bun.sleep(110);
  expect(gate.shouldShed(10)).toBe(false);
  gate.acked(5);
  expect(gate.shouldShed(10)).toBe(false);
});

test("nothing in flight: no queue left, admitted", async () => {
  const gate = new QueueDelayGate(50);
  gate.acked(150);
  await Bun.sleep(110);
  gate.acked(150);
  expect(gate.shouldShed(3)).toBe(true);
  expect(gate.shouldShed(0)).toBe(false);
});

test("target 0 turns the gate off", async () => {
  const gate = new QueueDelayGate(0);
  gate.acked(1000);
  await Bun.sleep(110);
  gate.acked(1000);
  expect(gate.shouldShed(1)).toBe(false);
});

test("too few events in flight to be a queue: a slow broker is not shed", async () => {
  const gate = new QueueDelayGate(50, { minInFlight: 100 });
  gate.acked(150);
  await Bun.sleep(110);
  gate.acked(150);
  expect(gate.shouldShed(10)).toBe(false);
  expect(gate.shouldShed(500)).toBe(true);
});
