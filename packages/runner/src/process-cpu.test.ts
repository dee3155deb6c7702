import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

// Many distinct hot functions: the optimizing JITs compile each one on worker threads.
const COMPILING = `
const until = Date.now() + 3000;
let n = 0, acc = 0;
while (Date.now() < until) {
  const f = new Function("x", "let s = " + n + "; for (let i = 0; i < 2000; i++) s = (s * 31 + x + i * " + (n % 97) + ") | 0; return s;");
  for (let i = 0; i < 3000; i++) acc ^= f(i);
  n++;
}
console.log(acc);
`;

test("the meter tells the part of a process's CPU its JIT compiler threads used", async () => {
  // From a file: code given with -e ran without JIT worker threads here.
  const script = join(mkdtempSync(join(tmpdir(), "rafaga-jit-")), "compiling.js");
  writeFileSync(script, COMPILING);
  const child = Bun.spawn([process.execPath, script], { stdout: "ignore" });
  try {
    const read = cpuSecondsMeter({ child: child.pid });
    await Bun.sleep(2000);
    const { cpu, jit } = read();
    expect(jit.child).toBeGreaterThan(0.02);
    expect(jit.child).toBeLessThan(cpu.child ?? 0);
  } finally {
    child.kill();
    await child.exited;
  }
});

test("CPU per event says how much of it was JIT compilation, leaving the load generator out", () => {
  const cost = (jit?: Record<string, number>) =>
    cpuPerEvent({ edge: 0.3, "kafka (JVM)": 0.5, "load generator": 0.2 }, 10_000, jit);
  const { pipelineUs, text, jitText } = cost({
    edge: 0.02,
    "kafka (JVM)": 0.3,
    "load generator": 0.1,
  });
  expect(pipelineUs).toBeCloseTo(80, 2);
  expect(text).toBe(
    "80 us CPU per event over 10000 events (kafka (JVM) 50, edge 30, load generator 20)",
  );
  expect(jitText).toBe(
    "of which JIT compilation 32 (kafka (JVM) 30, edge 2): warm-up, which a running pipeline stops paying",
  );
  expect(cost().jitText).toBe("");
});
