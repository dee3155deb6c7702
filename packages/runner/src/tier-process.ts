import type { Subprocess } from "bun";

export interface TierSpec {
  name: string;
  /** The command, e.g. ["bun", "packages/ingest/src/main.ts"] or ["node", "dist/.../main.js"]. */
  command: string[];
  env: Record<string, string>;
  /** An HTTP URL that answers 200 once the tier is ready. */
  readyUrl?: string;
}

/** Tiers still running: killed if this process exits before it stopped them. */
const live = new Set<TierProcess>();
// A second Ctrl-C (or an exception) ends the runner without the orderly stop; tiers left
// behind would hold the pipeline's ports, and the next `npm start` would find them taken.
process.on("exit", () => {
  for (const tier of live) tier.kill();
});

/**
 * One tier as a child process, its output prefixed with its name so that a person can
 * follow six interleaved services in one terminal.
 */
export class TierProcess {
  readonly #proc: Subprocess<"ignore", "pipe", "pipe">;
  readonly exited: Promise<number>;
  #stopRequested = false;

  constructor(
    readonly spec: TierSpec,
    cwd: string,
    sink: (line: string) => void,
  ) {
    this.#proc = Bun.spawn(spec.command, {
      cwd,
      env: { ...process.env, ...spec.env },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    this.exited = this.#proc.exited;
    live.add(this);
    void this.exited.then(() => live.delete(this));
    const prefix = `${spec.name.padEnd(17)}|`;
    for (const stream of [this.#proc.stdout, this.#proc.stderr])
      void pipeLines(stream, (l) => sink(`${prefix} ${l}`));
  }

  get pid(): number {
    return this.#proc.pid;
  }

  /** True once stop() was called: its exit is not a crash. */
  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  /** The signal that ended it, e.g. "SIGKILL"; null while it runs or if it exited. */
  get signalCode(): string | null {
    const signal = this.#proc.signalCode;
    return signal === null ? null : String(signal);
  }

  get running(): boolean {
    return this.#proc.exitCode === null && this.#proc.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. Resolves with the exit code. */
  async stop(timeoutMs = 20_000): Promise<number> {
    this.#stopRequested = true;
    if (!this.running) return this.exited;
    this.#proc.kill("SIGTERM");
    const timer = setTimeout(() => this.#proc.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    this.#proc.kill("SIGKILL");
  }
}

async function pipeLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    rest += decoder.decode(chunk, { stream: true });
    const lines = rest.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line !== "") onLine(line);
  }
  if (rest !== "") onLine(rest);
}
