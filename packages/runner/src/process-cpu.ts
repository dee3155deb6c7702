import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { jitSecondsSince, jitThreadSeconds } from "./jit-threads.ts";
import { repoRoot } from "./node-bundle.ts";
import { statCpuSeconds, statFields } from "./proc-stat.ts";

const ourData = `${join(repoRoot, ".data")}/`;

/** CPU seconds (user + system) a process has used so far, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    return statCpuSeconds(`/proc/${pid}/stat`);
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of this process's children that have exited and been reaped: a short-lived
 * tool's CPU, which /proc no longer shows once it is gone.
 */
export function reapedChildrenCpuSeconds(): number {
  const fields = statFields("/proc/self/stat");
  // cutime and cstime are the 14th and 15th fields after the name.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/**
 * CPU seconds each named process used since the meter was made, the wall seconds, and the
 * part of each process's CPU that its JIT compiler threads used (at least that much).
 */
export function cpuSecondsMeter(
  processes: Record<string, number>,
): () => { wall: number; cpu: Record<string, number>; jit: Record<string, number> } {
  const entries = Object.entries(processes);
  const before = Object.fromEntries(entries.map(([name, pid]) => [name, cpuSeconds(pid)]));
  const jitBefore = new Map(entries.map(([name, pid]) => [name, jitThreadSeconds(pid)]));
  const started = performance.now();
  return () => ({
    wall: (performance.now() - started) / 1000,
    cpu: Object.fromEntries(
      entries.map(([name, pid]) => [name, Math.max(0, cpuSeconds(pid) - (before[name] ?? 0))]),
    ),
    jit: Object.fromEntries(
      entries.map(([name, pid]) => [name, jitSecondsSince(pid, jitBefore.get(name) ?? new Map())]),
    ),
  });
}

/**
 * Samples the CPU use of named processes over a phase. On two shared cores the tier that
 * sits near one full core (1.0) while the others wait is the one that limits throughput.
 */
export function cpuMeter(processes: Record<string, number>): () => Record<string, number> {
  const read = cpuSecondsMeter(processes);
  return () => {
    const { wall, cpu } = read();
    return Object.fromEntries(
      Object.entries(cpu).map(([name, seconds]) => [
        name,
        Math.round((seconds / wall) * 100) / 100,
      ]),
    );
  };
}

/**
 * The brokers and Valkey, found by command name: they are shared, not started per run.
 * Kafka's JVM must be the one whose config lives in this checkout: another checkout on the
 * same machine may run brokers of its own.
 */
export function infraPids(): Record<string, number> {
  const wanted: Record<string, string> = {
    java: "kafka (JVM)",
    "beam.smp": "rabbitmq (BEAM)",
    "valkey-server": "valkey",
  };
  const found: Record<string, number> = {};
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      const name = wanted[command];
      if (!name || name in found) continue;
      if (command === "java" && !readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(ourData))
        continue;
      found[name] = Number(entry);
    } catch {}
  }
  return found;
}

/**
 * "name us, ..." busiest first, and the sum over all but the load generator. With `jit`
 * (seconds per process, as cpuSecondsMeter gives), `jitText` says how much of the sum was
 * JIT compilation: a cost of warming up, which a pipeline that runs on stops paying.
 */
export function cpuPerEvent(
  cpuSeconds: Record<string, number>,
  events: number,
  jit: Record<string, number> = {},
): { pipelineUs: number; perProcessUs: Record<string, number>; text: string; jitText: string } {
  const us = (seconds: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(seconds).map(([name, s]) => [name, (s * 1e6) / Math.max(1, events)]),
    );
  const listed = (perProcess: Record<string, number>) =>
    Object.entries(perProcess)
      .filter(([, v]) => v >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([name, v]) => `${name} ${v.toFixed(0)}`)
      .join(", ");
  const pipeline = (perProcess: Record<string, number>) =>
    Object.entries(perProcess)
      .filter(([name]) => name !== "load generator")
      .reduce((sum, [, v]) => sum + v, 0);
  const perProcessUs = us(cpuSeconds);
  const pipelineUs = pipeline(perProcessUs);
  const { "load generator": _, ...jitUs } = us(jit);
  const jitSum = pipeline(jitUs);
  return {
    pipelineUs,
    perProcessUs,
    text: `${pipelineUs.toFixed(0)} us CPU per event over ${events} events (${listed(perProcessUs)})`,
    jitText:
      jitSum >= 0.5
        ? `of which JIT compilation ${jitSum.toFixed(0)} (${listed(jitUs)}): warm-up, which a running pipeline stops paying`
        : "",
  };
}

/** Every process of a running test pipeline, the infrastructure's and this one (the load). */
export function pipelinePids(tiers: readonly { spec: { name: string }; pid: number }[]) {
  return {
    ...Object.fromEntries(tiers.map((t) => [t.spec.name, t.pid])),
    ...infraPids(),
    "load generator": process.pid,
  };
}
