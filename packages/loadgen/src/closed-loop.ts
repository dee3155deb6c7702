import type { WorkloadItem } from "@rafaga/domains";
import * as hdr from "hdr-histogram-js";

export interface LoadResult {
  sent: number;
  /** Answers by status; 0 for none, -1 for a connection refused (nothing sent). */
  statuses: Map<number, number>;
  /** Accepted (2xx) items per tally key: the independent oracle tests compare Valkey with. */
  accepted: Map<string, number>;
  /** Request latency in microseconds, accepted requests only. */
  latency: hdr.Histogram;
  elapsedMs: number;
}

/**
 * A closed loop: `concurrency` clients, each sending its next request when the previous
 * one answered, until `total` were sent. This is the reference's Locust shape (10 users)
 * without think time. Only a 2xx counts as accepted.
 */
export async function runClosedLoop(opts: {
  url: string;
  total: number;
  concurrency: number;
  next: (index: number) => WorkloadItem;
  onProgress?: (done: number) => void;
  /** Once aborted, clients send nothing new; requests already sent are still awaited. */
  signal?: AbortSignal;
  /** Called for every 2xx with the item sent and the parsed response body. */
  onAccepted?: (item: WorkloadItem, response: unknown) => void;
  /**
   * Every answer's status (0: none, -1: connection refused, so nothing was sent) and when it
   * was sent and answered (performance.now()).
   */
  onAnswer?: (status: number, sentAt: number, answeredAt: number) => void;
}): Promise<LoadResult> {
  const statuses = new Map<number, number>();
  const accepted = new Map<string, number>();
  const latency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let issued = 0;
  let done = 0;
  const started = performance.now();
  const client = async () => {
    while (issued < opts.total && !opts.signal?.aborted) {
      const item = opts.next(issued++);
      const t0 = performance.now();
      let status: number;
      try {
        const response = await fetch(opts.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(item.body),
        });
        status = response.status;
        const text = await response.text();
        if (status >= 200 && status < 300 && opts.onAccepted)
          opts.onAccepted(item, JSON.parse(text));
      } catch (error) {
        status = (error as { code?: string })?.code === "ECONNREFUSED" ? -1 : 0;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      opts.onAnswer?.(status, t0, performance.now());
      if (status >= 200 && status < 300) {
        latency.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
        accepted.set(item.tallyKey, (accepted.get(item.tallyKey) ?? 0) + 1);
      }
      // Not inside the optional call: `f?.(++done)` skips the increment when f is absent.
      done++;
      opts.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, client));
  return { sent: done, statuses, accepted, latency, elapsedMs: performance.now() - started };
}
