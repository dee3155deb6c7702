/**
 * Whether a producer's broker is known to be down, and finding out when it is back: while
 * down, `probeWhenDue()` runs one probe at a time, at most every `everyMs`, and the first
 * that succeeds clears the state. Called from writes and from readiness, so a producer
 * that gets no writes (its pod is not ready) still notices the broker's return.
 */
export class DownProbe {
  #down = false;
  #probing = false;
  #lastProbe = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly everyMs: number,
  ) {}

  get down(): boolean {
    return this.#down;
  }

  markDown(): void {
    this.#down = true;
  }

  markUp(): void {
    this.#down = false;
  }

  /** While down: starts a probe if none runs and the last began `everyMs` ago or more. */
  probeWhenDue(): void {
    if (!this.#down || this.#probing) return;
    const now = performance.now();
    if (now - this.#lastProbe < this.everyMs) return;
    this.#lastProbe = now;
    this.#probing = true;
    this.probe().then(
      () => {
        this.#down = false;
        this.#probing = false;
      },
      () => {
        this.#probing = false;
      },
    );
  }

  /** What a producer's writable() says: not down (asking again while down). */
  writable(): boolean {
    this.probeWhenDue();
    return !this.#down;
  }
}
