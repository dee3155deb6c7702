import type { TierProcess } from "./tier-process.ts";

export interface SupervisorOptions {
  /** The wait before the second quick restart in a row; it doubles up to maxDelayMs. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A tier that ran this long before it exited is restarted at once again. */
  stableAfterMs: number;
}

export const defaultSupervisorOptions: SupervisorOptions = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  stableAfterMs: 30_000,
};

export interface TierExit {
  name: string;
  code: number | null;
  signal: string | null;
  ranMs: number;
  /** This tier's restarts so far, this one included. */
  restarts: number;
  delayMs: number;
}

export interface SupervisorHooks {
  /** Starts a fresh process for the tier in place of the dead one. */
  respawn(name: string): TierProcess;
  /** Resolves once the tier answers ready; rejects if it exits first or never does. */
  waitReady(tier: TierProcess): Promise<void>;
  exited(exit: TierExit): void;
  ready(name: string, downMs: number): void;
  /** A restarted tier that did not become ready (if it died, it is restarted again). */
  failed(name: string, error: unknown): void;
}

/**
 * Restarts a tier that exited without being asked to: at once the first time, then with
 * doubling delays while it keeps dying young (a crash loop must not spin the machine).
 * A tier that stopped because stop() asked it to is left alone.
 */
export class TierSupervisor {
  readonly #options: SupervisorOptions;
  readonly #hooks: SupervisorHooks;
  readonly #restarts = new Map<string, number>();
  readonly #quickFailures = new Map<string, number>();
  #stopped = false;

  constructor(hooks: SupervisorHooks, options: Partial<SupervisorOptions> = {}) {
    this.#hooks = hooks;
    this.#options = { ...defaultSupervisorOptions, ...options };
  }

  restarts(name: string): number {
    return this.#restarts.get(name) ?? 0;
  }

  watch(tier: TierProcess): void {
    const started = performance.now();
    void tier.exited.then(async (code) => {
      if (this.#stopped || tier.stopRequested) return;
      const name = tier.spec.name;
      const ranMs = performance.now() - started;
      const quick = ranMs < this.#options.stableAfterMs ? (this.#quickFailures.get(name) ?? 0) : 0;
      this.#quickFailures.set(name, quick + 1);
      const delayMs =
        quick === 0
          ? 0
          : Math.min(this.#options.initialDelayMs * 2 ** (quick - 1), this.#options.maxDelayMs);
      const restarts = this.restarts(name) + 1;
      this.#restarts.set(name, restarts);
      this.#hooks.exited({ name, code, signal: tier.signalCode, ranMs, restarts, delayMs });
      if (delayMs > 0) await Bun.sleep(delayMs);
      if (this.#stopped) return;
      const down = performance.now();
      const fresh = this.#hooks.respawn(name);
      this.watch(fresh);
      try {
        await this.#hooks.waitReady(fresh);
        this.#hooks.ready(name, performance.now() - down + delayMs);
      } catch (error) {
        if (!this.#stopped) this.#hooks.failed(name, error);
      }
    });
  }

  /** No restarts from now on (the pipeline is stopping). */
  stop(): void {
    this.#stopped = true;
  }
}
