import { readdirSync, readFileSync } from "node:fs";
import { statCpuSeconds } from "./proc-stat.ts";

/**
 * Threads that compile code rather than run it: HotSpot's C1/C2 compiler threads (Kafka's
 * JVM) and JavaScriptCore's JIT workers (Bun). Their names as /proc shows them (15 bytes).
 */
const JIT_THREAD = /^(C[12] CompilerThre|JITWorker)/;

/**
 * CPU seconds of each JIT compiler thread of a process, by thread id; empty once the
 * process is gone. A thread that exits takes its count with it, so a difference of two
 * readings is at least what the compilers used in between, never more.
 */
export function jitThreadSeconds(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const task = `/proc/${pid}/task/${tid}`;
      if (!JIT_THREAD.test(readFileSync(`${task}/comm`, "utf8"))) continue;
      out.set(Number(tid), statCpuSeconds(`${task}/stat`));
    } catch {}
  }
  return out;
}

/** What the JIT threads of `before` (same process) used since, summed. */
export function jitSecondsSince(pid: number, before: Map<number, number>): number {
  let sum = 0;
  for (const [tid, seconds] of jitThreadSeconds(pid)) sum += seconds - (before.get(tid) ?? 0);
  return Math.max(0, sum);
}
