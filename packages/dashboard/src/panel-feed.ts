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

// A request waits at most this long for a read of its own, then answers from what it has.
const ON_DEMAND_READ_TIMEOUT_MS = 2000;

/**
 * Reads every domain's panels once per interval while anyone watches, whatever the number
 * of viewers and the rate of events, and hands a snapshot to the viewers only when
 * something in it changed: a run at 100k events/s costs the browser one update per
 * interval. Nobody watching, nothing is read (a read of the weather and sales panels takes
 * about 2 ms of CPU, the pipeline's more); a request for the panels or for readiness reads
 * on demand instead.
 */
export class PanelFeed {
  readonly #sources: readonly DashboardSource[];
  readonly #intervalMs: number;
  readonly #listeners = new Set<Listener>();
  #domains: DomainPanels[] = [];
  #latest: string | undefined;
  #lastContent = "";
  #lastRead = Number.NEGATIVE_INFINITY;
  #lastGoodRead = Number.NEGATIVE_INFINITY;
  #started = false;
  #looping = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;
  #reading: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  constructor(sources: readonly DashboardSource[], intervalMs: number) {
    this.#sources = sources;
    this.#intervalMs = intervalMs;
  }

  /** Reads once now, then every interval while a viewer follows the panels. */
  start(): void {
    this.#started = true;
    void this.#refresh();
    this.#follow();
  }

  /** The snapshot as JSON, at most one interval old (read now if need be); undefined if none. */
  async current(): Promise<string | undefined> {
    if (performance.now() - this.#lastRead > this.#intervalMs) await this.#refreshWithin();
    return this.#latest;
  }

  /**
   * Ready while a read succeeded within three intervals; past that, a read of its own
   * decides (Valkey came back, or nobody watched so nothing was read).
   */
  async ready(): Promise<boolean> {
    if (this.#closing) return false;
    if (this.#fresh()) return true;
    await this.#refreshWithin();
    return this.#fresh();
  }

  get viewers(): number {
    return this.#listeners.size;
  }

  /** Calls `listener` with the latest snapshot now (if any) and with every change after. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    if (this.#latest !== undefined) listener(this.#latest);
    this.#follow();
    return () => this.#listeners.delete(listener);
  }

  /** Idempotent: stops reading, waits for a read in progress, closes the Valkey clients. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearTimeout(this.#timer);
      this.#wake?.();
      await this.#reading;
      this.#listeners.clear();
      await Promise.allSettled(this.#sources.map((s) => s.dashboard.close()));
    })();
    return this.#closing;
  }

  #fresh(): boolean {
    return performance.now() - this.#lastGoodRead <= 3 * this.#intervalMs + 1000;
  }

  #watched(): boolean {
    return this.#started && !this.#closing && this.#listeners.size > 0;
  }

  /** One read loop at a time, for as long as anyone watches. */
  #follow(): void {
    if (this.#looping || !this.#watched()) return;
    this.#looping = true;
    void (async () => {
      while (this.#watched()) {
        await this.#refresh();
        if (!this.#watched()) break;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          this.#timer = setTimeout(resolve, this.#intervalMs);
        });
      }
      this.#looping = false;
    })();
  }

  /** A read, waited for no longer than a request should wait (Valkey may hang). */
  async #refreshWithin(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ON_DEMAND_READ_TIMEOUT_MS);
    });
    await Promise.race([this.#refresh(), timeout]);
    clearTimeout(timer);
  }

  /** A read, shared by everyone who asks while it runs. */
  #refresh(): Promise<void> {
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
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
    this.#lastRead = performance.now();
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
