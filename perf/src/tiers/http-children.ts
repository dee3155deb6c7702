/**
 * Child processes of the tier harnesses (servers, load tools, runners), shared by the
 * http-, grpc- and valkey- harnesses. Every child is tracked by PID so a harness that
 * throws half-way still leaves nothing running: `stopAll` in a finally, and a last
 * SIGKILL on exit for the case where the harness process itself is torn down.
 */
import type { Subprocess } from "bun";

export const bunPath = process.execPath;

const live = new Set<Subprocess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export interface Child {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything the child printed so far (stdout and stderr), for parsing and errors. */
  output: () => string;
  /** Resolves when both pipes are closed: the output is complete. */
  drained: Promise<unknown>;
}

/**
 * Spawns `cmd` pinned to `cpu` (taskset), and resolves once a stdout line matches
 * `ready` (the server printed its port). Rejects with the child's output if it exits first.
 */
export async function spawnChild(
  cmd: string[],
  opts: { cpu?: number; ready?: RegExp; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ child: Child; match: RegExpExecArray | undefined }> {
  const argv = opts.cpu === undefined ? cmd : ["taskset", "-c", String(opts.cpu), ...cmd];
  const proc = Bun.spawn(argv, {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...opts.env },
  });
  live.add(proc);
  void proc.exited.then(() => live.delete(proc));
  let out = "";
  const pump = async (stream: ReadableStream<Uint8Array>, onText: () => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      out += decoder.decode(chunk, { stream: true });
      if (out.length > 64_000) out = out.slice(-32_000);
      onText();
    }
  };
  let onText = () => {};
  const drained = Promise.all([
    pump(proc.stdout, () => onText()),
    pump(proc.stderr, () => onText()),
  ]);
  const child: Child = { proc, output: () => out, drained };
  if (!opts.ready) return { child, match: undefined };
  const ready = opts.ready;
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const limitMs = opts.timeoutMs ?? 30_000;
    const timer = setTimeout(
      () => reject(new Error(`${cmd.join(" ")} not ready after ${limitMs} ms`)),
      limitMs,
    );
    const check = () => {
      const m = ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      onText = () => {};
      resolve(m);
    };
    onText = check;
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd.join(" ")} exited (${code}) before ready:\n${out.slice(-2000)}`));
    });
    check();
  }).catch(async (error) => {
    await stop(child);
    throw error;
  });
  return { child, match };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the PID is gone. */
export async function stop(child: Child, graceMs = 3000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill("SIGTERM");
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), graceMs);
  await child.proc.exited;
  clearTimeout(timer);
}

/**
 * Runs a command to completion and returns its output; throws with it on failure. A child
 * still running after `timeoutMs` is killed, so a hung load tool cannot hang the report.
 */
export async function runToEnd(
  cmd: string[],
  opts: { cpu?: number; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<string> {
  const { child } = await spawnChild(cmd, opts);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.proc.kill("SIGKILL");
  }, opts.timeoutMs ?? 180_000);
  const code = await child.proc.exited;
  clearTimeout(timer);
  await child.drained;
  if (timedOut)
    throw new Error(
      `${cmd[0]} killed after ${opts.timeoutMs ?? 180_000} ms:\n${child.output().slice(-2000)}`,
    );
  if (code !== 0)
    throw new Error(
      `${cmd.join(" ").slice(0, 300)} exited ${code}:\n${child.output().slice(-2000)}`,
    );
  return child.output();
}
