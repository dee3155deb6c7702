import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { RafagaError } from "@rafaga/core";

/**
 * What identifies a server process as ours: a pid alone is not enough, since pids are reused
 * after a crash or a reboot and `down` must never signal a stranger.
 */
export interface ProcessIdentity {
  /** A substring of /proc/<pid>/exe's target (e.g. "beam.smp", "/bin/java"). */
  exe: string;
  /** Substrings that must all occur in /proc/<pid>/cmdline. */
  cmdline: string[];
}

export function pidFile(dir: string): string {
  return join(dir, "pid");
}

export function readPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(dir), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function writePid(dir: string, pid: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(pidFile(dir), `${pid}\n`);
}

export function forgetPid(dir: string): void {
  rmSync(pidFile(dir), { force: true });
}

/** Zombies count as dead: pid 1 in our containers does not always reap orphans. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

export function matches(pid: number, identity: ProcessIdentity): boolean {
  if (!isAlive(pid)) return false;
  try {
    const exe = readlinkSync(`/proc/${pid}/exe`);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    return exe.includes(identity.exe) && identity.cmdline.every((part) => cmdline.includes(part));
  } catch {
    return false;
  }
}

/** The recorded pid, only if it is still the process we started. */
export function ownedPid(dir: string, identity: ProcessIdentity): number | undefined {
  const pid = readPid(dir);
  return pid !== undefined && matches(pid, identity) ? pid : undefined;
}

export interface SpawnOptions {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
}

const maxLogBytes = 50 * 1024 * 1024;

/**
 * Starts a server that outlives us. It is started by a throwaway shell in the background,
 * in its own session (setsid), so that it is not our child at all: a Ctrl-C on `up` does not
 * reach it, and neither does a test runner that kills the processes a timed-out test spawned
 * (bun test does). Output goes to a log file rather than a pipe we would have to drain.
 */
export function spawnDetached(options: SpawnOptions): number {
  mkdirSync(dirname(options.logFile), { recursive: true });
  try {
    if (statSync(options.logFile).size > maxLogBytes)
      renameSync(options.logFile, `${options.logFile}.1`);
  } catch {
    // no log yet
  }
  const launcher = 'log="$1"; shift; setsid "$@" >>"$log" 2>&1 </dev/null & echo $!';
  const result = spawnSync(
    "sh",
    ["-c", launcher, "sh", options.logFile, options.command, ...options.args],
    {
      cwd: options.cwd,
      env: options.env ?? process.env,
      encoding: "utf8",
    },
  );
  const pid = Number(result.stdout?.trim());
  if (result.status !== 0 || !Number.isInteger(pid) || pid <= 0) {
    throw new RafagaError(
      "INFRA",
      `could not start ${options.command}: ${result.stderr || result.error}`,
    );
  }
  return pid;
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** SIGTERM for a clean shutdown (flushes, deregisters), SIGKILL if it does not finish in time. */
export async function terminate(pid: number, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, "SIGTERM");
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, "SIGKILL");
  if (!(await waitForExit(pid, 5000))) {
    throw new RafagaError("INFRA", `process ${pid} survived SIGKILL`);
  }
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
