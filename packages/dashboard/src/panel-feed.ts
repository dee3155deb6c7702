import { createLogger } from "@rafaga/core";
import type { DomainDashboard } from "@rafaga/domains";
import { failureLog } from "./failure-log.ts";
import type { DashboardSnapshot, DomainPanels } from "./snapshot.ts";

export interface DashboardSource {
  name: string;
  description: string;
  dashboard: DomainDashboard;
}

type Listener = (snapshot: string) => void;

const logger = createLogger("dashboard");
const readFailures = failureLog(
  logger,
  "reading the panels failed; showing the last ones read",
  "reading the panels works again",
);

/**
 * Reads every domain's panels once per interval, whatever the number of viewers and the
 * rate of events, and hands a snapshot to the viewers only when something in it changed:
 * a run at 100k events/s costs the browser one update per interval, an idle pipeline none.
 */
export class PanelFeed {
  readonly #sources: readonly DashboardSource[];
  readonly #intervalMs: number;
  readonly #listeners = new Set<Listener>();
  #domains: DomainPanels[] = [];
  #latest: string | undefined;
  #lastContent = "";
  #lastGoodRead = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(sources: readonly DashboardSource[], intervalMs: number) {
    this.#sources = sources;
    this.#intervalMs = intervalMs;
  }

  /** Reads now and then every interval. */
  start(): void {
    const tick = async () => {
      this.#reading = this.#read();
      await this.#reading;
      if (!this.#closing) this.#timer = setTimeout(tick, this.#intervalMs);
    };
    void tick();
  }

  /** The snapshot as JSON, or undefined before the first read. */
  latest(): string | undefined {
    return this.#latest;
  }

  /** True while the last successful read is at most three intervals old. */
  isReady(): boolean {
    return performance.now() - this.#lastGoodRead <= 3 * this.#intervalMs + 1000;
  }

  get viewers(): number {
    return this.#listeners.size;
  }

  /** Calls `listener` with the latest snapshot now (if any) and with every change after. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#latest !== undefined) listener(this.#latest);
    return () => this.#listeners.delete(listener);
  }

  /** Idempotent: stops reading, waits for a read in progress, closes the Valkey clients. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#timer);
      await this.#reading;
      this.#listeners.clear();
      await Promise.allSettled(this.#sources.map((s) => s.dashboard.close()));
    })();
    return this.#closing;
  }

  async #read(): Promise<void> {
    let error: string | undefined;
    try {
      this.#domains = await Promise.all(
        this.#sources.map(async (s) => ({
          name: s.name,
          description: s.description,
          panels: await s.dashboard.read(),
        })),
      );
      this.#lastGoodRead = performance.now();
      readFailures(undefined);
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      readFailures(failure);
    }
    // readAt stays out of the comparison: only a change of what is shown is news.
    const content = JSON.stringify({ domains: this.#domains, ...(error ? { error } : {}) });
    if (this.#latest !== undefined && content === this.#lastContent) return;
    this.#lastContent = content;
    const snapshot: DashboardSnapshot = {
      readAt: Date.now(),
      domains: this.#domains,
      ...(error ? { error } : {}),
    };
    this.#latest = JSON.stringify(snapshot);
    for (const listener of this.#listeners) listener(this.#latest);
  }
}
