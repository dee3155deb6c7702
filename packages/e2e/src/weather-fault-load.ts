import { weatherWorkload } from "@rafaga/domains";

export interface WeatherFaultLoad {
  /** Ids answered 202. */
  accepted: Set<string>;
  /** [sent, answered] of each 202, in answer order. */
  acceptedTimes: [number, number][];
  /** Ids of error answers that said `counted: "no"`. */
  refusedNotCounted: string[];
  /**
   * Error answers by status; 0 for a request that got no answer, -1 for a connection
   * refused (nothing was sent: the port was closed, a tier restarting).
   */
  rejected: Record<number, number>;
  /** Requests sent so far (retries with a key count once). */
  sent(): number;
  stop(): Promise<void>;
}

/**
 * Weather reports from `clients` closed-loop clients that back off 50 ms after any answer
 * but 202, as a client honouring Retry-After would, roughly: the load of the fault tests
 * and of `npm run chaos`. With `keys`, each report carries an Idempotency-Key and an
 * answer that is neither 202 nor `counted: "no"` is retried with the same key; once an
 * attempt may have been counted, only a 202 settles it (a later "no" speaks for that
 * attempt alone).
 */
export function startWeatherFaultLoad(
  url: string,
  opts: { clients: number; seed: number; keys?: boolean },
): WeatherFaultLoad {
  const next = weatherWorkload(opts.seed);
  const accepted = new Set<string>();
  const acceptedTimes: [number, number][] = [];
  const refusedNotCounted: string[] = [];
  const rejected: Record<number, number> = {};
  let sent = 0;
  let running = true;
  const client = async () => {
    let retrying: { n: number; body: unknown; mayBeCounted: boolean } | undefined;
    while (running) {
      const n = retrying?.n ?? sent++;
      const itemBody = retrying?.body ?? next(n).body;
      const sentAt = performance.now();
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (opts.keys) headers["idempotency-key"] = `report-${n}`;
      const answer = await fetch(url, { method: "POST", headers, body: JSON.stringify(itemBody) })
        .then(async (r) => {
          const body = (await r.json().catch(() => ({}))) as { id?: string; counted?: string };
          return { status: r.status, ...body };
        })
        .catch((error: { code?: string }) => ({
          status: error?.code === "ECONNREFUSED" ? -1 : 0,
          id: undefined,
          counted: undefined,
        }));
      const { status, id } = answer;
      const saidNo = status !== 202 && answer.counted === "no" && id !== undefined;
      // With a key, an earlier "maybe" (or no answer) may still be counted under this id.
      const mayBeCounted = (retrying?.mayBeCounted ?? false) || !saidNo;
      if (status === 202 && id) {
        accepted.add(id);
        acceptedTimes.push([sentAt, performance.now()]);
        retrying = undefined;
      } else if (saidNo && !(opts.keys && retrying?.mayBeCounted)) {
        refusedNotCounted.push(id);
        retrying = undefined;
      } else retrying = opts.keys ? { n, body: itemBody, mayBeCounted } : undefined;
      if (status !== 202) {
        rejected[status] = (rejected[status] ?? 0) + 1;
        await Bun.sleep(50);
      }
    }
  };
  const done = Promise.all(Array.from({ length: opts.clients }, client));
  return {
    accepted,
    acceptedTimes,
    refusedNotCounted,
    rejected,
    sent: () => sent,
    stop: async () => {
      running = false;
      await done;
    },
  };
}
