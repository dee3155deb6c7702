import { weatherWorkload } from "@rafaga/domains";

export interface WeatherFaultLoad {
  /** Ids answered 202. */
  accepted: Set<string>;
  /** [sent, answered] of each 202, in answer order. */
  acceptedTimes: [number, number][];
  /** Ids of error answers that said `counted: "no"`. */
  refusedNotCounted: string[];
  /** Error answers by status; 0 for a connection that got no answer. */
  rejected: Record<number, number>;
  /** Requests sent so far (retries with a key count once). */
  sent(): number;
  stop(): Promise<void>;
}

/**
 * Weather reports from `clients` closed-loop clients that back off 50 ms after any answer
 * but 202, as a client honouring Retry-After would, roughly: the load of the fault tests
 * and of `npm run chaos`. With `keys`, each report carries an Idempotency-Key and an
 * answer that is neither 202 nor `counted: "no"` is retried with the same key.
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
    let retrying: { n: number; body: unknown } | undefined;
    while (running) {
      const n = retrying?.n ?? sent++;
      const itemBody = retrying?.body ?? next(n).body;
      const sentAt = performance.now();
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (opts.keys) headers["idempotency-key"] = `report-${n}`;
      let settled = true;
      const status = await fetch(url, { method: "POST", headers, body: JSON.stringify(itemBody) })
        .then(async (r) => {
          const body = (await r.json().catch(() => ({}))) as { id?: string; counted?: string };
          if (r.status === 202 && body.id) {
            accepted.add(body.id);
            acceptedTimes.push([sentAt, performance.now()]);
          } else if (body.counted === "no" && body.id) refusedNotCounted.push(body.id);
          else settled = false;
          return r.status;
        })
        .catch(() => {
          settled = false;
          return 0;
        });
      retrying = opts.keys && !settled ? { n, body: itemBody } : undefined;
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
