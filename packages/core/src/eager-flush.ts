/**
 * When a batcher's queued events leave, shared by the gRPC client and the in-process edge:
 * with fewer than `eagerBatches` batches in flight, after the current tick (submits made in
 * the same tick share a batch); past that, at the linger's end or when a batch in flight
 * settles (the owner calls dispatch() again then), whichever comes first. So an idle hop
 * adds no wait, and a busy one sends bigger batches instead of more of them.
 */
export class EagerFlush {
  #scheduled = false;
  #linger: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: { eagerBatches: number; lingerMs: number },
    private readonly owner: { queued(): number; inFlight(): number; flush(): void },
  ) {}

  /** Call after queueing events and after a batch in flight settled. */
  dispatch(): void {
    if (this.owner.queued() === 0) return;
    if (this.owner.inFlight() < this.options.eagerBatches) {
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        if (this.owner.inFlight() < this.options.eagerBatches) this.owner.flush();
        else this.dispatch();
      });
    } else if (this.#linger === undefined) {
      this.#linger = setTimeout(() => this.owner.flush(), this.options.lingerMs);
    }
  }

  /** Call when the owner flushes, for whatever reason: the linger has done its job. */
  flushed(): void {
    clearTimeout(this.#linger);
    this.#linger = undefined;
  }
}
