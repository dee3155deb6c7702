import { expect, test } from "bun:test";
import { cpuPerEvent, cpuSecondsMeter } from "./process-cpu.ts";

test("a process's CPU seconds are counted from the meter's start", () => {
  const read = cpuSecondsMeter({ self: process.pid, gone: 2 ** 22 + 1 });
  const until = performance.now() + 300;
  let spin = 0;
  while (performance.now() < until) spin++;
  const { wall, cpu } = read();
  expect(spin).toBeGreaterThan(0);
  expect(wall).toBeGreaterThanOrEqual(0.3);
  // /proc counts in 10 ms ticks: 300 ms of spinning is at least 0.2 s of it on a busy machine.
  expect(cpu.self).toBeGreaterThanOrEqual(0.2);
  expect(cpu.gone).toBe(0);
});

test("CPU per event: busiest first, the load generator listed but not summed", () => {
  const { pipelineUs, text } = cpuPerEvent(
    { edge: 0.3, "kafka (JVM)": 0.5, "load generator": 0.2, idle: 0.000001 },
    10_000,
  );
  expect(pipelineUs).toBeCloseTo(80, 2);
  expect(text).toBe(
    "80 us CPU per event over 10000 events (kafka (JVM) 50, edge 30, load generator 20)",
  );
});
