/**
 * Child processes a harness started, so that a failing or interrupted run still ends
 * them: a leftover producer would keep loading the broker under the next tier's numbers.
 */
export class ChildProcesses {
  readonly #procs = new Set<{
    pid: number;
    kill(signal?: number): void;
    exited: Promise<number>;
  }>();

  track = (proc: { pid: number; kill(signal?: number): void; exited: Promise<number> }): void => {
    this.#procs.add(proc);
    proc.exited.finally(() => this.#procs.delete(proc));
  };

  /** SIGTERM, then SIGKILL after a grace period, each by the PID we spawned. */
  async stopAll(graceMs = 3000): Promise<void> {
    await Promise.all(
      [...this.#procs].map(async (proc) => {
        proc.kill(15);
        const timer = setTimeout(() => proc.kill(9), graceMs);
        await proc.exited.catch(() => {});
        clearTimeout(timer);
      }),
    );
  }
}
