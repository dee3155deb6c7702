import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createMetrics, RafagaError } from "@rafaga/core";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { HeldSink } from "./held-sink.ts";
import { createIngestApp } from "./ingest-app.ts";

const limits = {
  MAX_BODY_BYTES: 2048,
  MAX_BATCH_ITEMS: 5,
  MAX_IN_FLIGHT_EVENTS: 3,
  MAX_QUEUE_DELAY_MS: 0,
  QUEUE_DELAY_MIN_EVENTS: 0,
};
const sink = new HeldSink();
let server: ReturnType<typeof Bun.serve>;
const valid = { municipality: "guatemala", temperature: 25, humidity: 60, weather: "sunny" };
const post = (
  body: unknown,
  headers: Record<string, string> = { "content-type": "application/json" },
) =>
  fetch(`${server.url}api/tweets`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const metrics = createMetrics("ingest-test", { defaultMetrics: false });

beforeAll(() => {
  const app = createIngestApp({ domains: BUILT_IN_DOMAINS, limits, sink, metrics });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", routes: app.routes, fetch: app.fetch });
}, 60_000);
afterAll(() => server.stop(true), 60_000);

describe("ingest HTTP contract", () => {
  test("202 with the id, after the sink accepted the event", async () => {
    const before = sink.received.length;
    const response = await post(valid);
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toStartWith("application/json");
    const { id } = (await response.json()) as { id: string };
    expect(sink.received.slice(before).map((e) => e.id)).toEqual([id]);
  });

  test("a broker failure is a 503 with Retry-After, never a 2xx", async () => {
    sink.failWith = new RafagaError("BROKER_UNAVAILABLE", "rabbitmq down", { retryAfter: 1 });
    try {
      const response = await post(valid);
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      // A write may have happened: only a retry with the same key is safe.
      expect(((await response.json()) as { counted: string }).counted).toBe("maybe");
    } finally {
      sink.failWith = undefined;
    }
  });

  test("an error answer says whether the event may be counted", async () => {
    sink.failWith = new RafagaError("BROKER_UNAVAILABLE", "kafka down; nothing written", {
      retryAfter: 1,
      notWritten: true,
    });
    try {
      const refused = await post(valid);
      expect(refused.status).toBe(503);
      const answer = (await refused.json()) as { counted: string; id: string };
      expect(answer.counted).toBe("no");
      expect(answer.id).toMatch(/^[0-9A-Z]{26}$/);
    } finally {
      sink.failWith = undefined;
    }
    const invalid = await post({ ...valid, temperature: "hot" });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { counted: string }).counted).toBe("no");
  });

  test("beyond the in-flight bound: 429 with Retry-After", async () => {
    let release = () => {};
    sink.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waiting = [post(valid), post(valid), post(valid)];
    await Bun.sleep(50);
    const refused = await post(valid);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    sink.hold = undefined;
    release();
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([202, 202, 202]);
  });

  test("batch: per-item results, only valid items submitted", async () => {
    const before = sink.received.length;
    const response = await post([valid, { ...valid, humidity: 101 }, valid]);
    expect(response.status).toBe(202);
    const body = (await response.json()) as {
      accepted: number;
      rejected: number;
      results: { field?: string }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(1);
    expect(body.results[1]?.field).toBe("humidity");
    expect(sink.received.length - before).toBe(2);
  });

  test("NDJSON batch, and a batch over the item limit is 413", async () => {
    const ndjson = `${JSON.stringify(valid)}\n\n${JSON.stringify(valid)}\nnot json\n`;
    const response = await post(ndjson, { "content-type": "application/x-ndjson" });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { accepted: number; results: { field?: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.results[2]?.field).toBe("body");
    expect((await post(Array.from({ length: 6 }, () => valid))).status).toBe(413);
  });

  test("Idempotency-Key becomes the event id, so a retry counts once downstream", async () => {
    const response = await post(valid, {
      "content-type": "application/json",
      "idempotency-key": "order-1",
    });
    expect(((await response.json()) as { id: string }).id).toBe("key:order-1");
    const bad = await post(valid, {
      "content-type": "application/json",
      "idempotency-key": "has space",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe("idempotency-key");
  });

  test("an oversized chunked body (no Content-Length) is cut off with a JSON 413", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${server.url}api/tweets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { field: string }).field).toBe("body");
  });

  test("a body that is JSON but not an object is a 400 naming the body", async () => {
    for (const body of ["null", "42", '"text"', "true"]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe("body");
    }
  });

  test("an upload the client abandoned is a 499 in the metrics, not a server error", async () => {
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: Number(server.port),
      socket: { data() {} },
    });
    socket.write(
      'POST /api/tweets HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"municipality":',
    );
    await Bun.sleep(50);
    socket.end();
    const line = /rafaga_ingest_requests_total\{path="\/api\/tweets",status="(\d+)"/g;
    let statuses: string[] = [];
    for (let i = 0; i < 100 && !statuses.includes("499"); i++) {
      await Bun.sleep(20);
      statuses = [...(await metrics.render()).body.matchAll(line)].map((m) => m[1] as string);
    }
    expect(statuses).toContain("499");
    expect(statuses).not.toContain("500");
  });

  test("events that wait too long for their ack: new requests get 429 until the queue drains", async () => {
    const slow = new HeldSink();
    let ackDelayMs = 150;
    slow.submitMany = async (envelopes) => {
      await Bun.sleep(ackDelayMs);
      slow.received.push(...envelopes);
    };
    const app = createIngestApp({
      domains: BUILT_IN_DOMAINS,
      limits: { ...limits, MAX_IN_FLIGHT_EVENTS: 1000, MAX_QUEUE_DELAY_MS: 50 },
      sink: slow,
      metrics: createMetrics("ingest-delay-test", { defaultMetrics: false }),
    });
    const delayed = Bun.serve({ port: 0, hostname: "127.0.0.1", routes: app.routes });
    try {
      const send = () =>
        fetch(`${delayed.url}api/tweets`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(valid),
        });
      // A steady stream of requests, each acked 150 ms after admission (> 50 ms).
      const statuses: number[] = [];
      let shedAnswer: Response | undefined;
      for (let i = 0; i < 40 && shedAnswer === undefined; i++) {
        void send().then((r) => {
          statuses.push(r.status);
          if (r.status === 429) shedAnswer ??= r;
        });
        await Bun.sleep(15);
      }
      await Bun.sleep(300);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.filter((s) => s !== 429 && s !== 202)).toEqual([]);
      expect(shedAnswer?.headers.get("retry-after")).toBe("1");
      // Fast acks again and nothing left in flight: admitted at once.
      ackDelayMs = 0;
      expect((await send()).status).toBe(202);
    } finally {
      delayed.stop(true);
    }
  });

  test("an Idempotency-Key reused with another body is a 422; with the same body, the same id", async () => {
    const keyed = { "content-type": "application/json", "idempotency-key": "order-7" };
    const first = await post(valid, keyed);
    expect(first.status).toBe(202);
    const again = await post(valid, keyed);
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe("key:order-7");
    const other = await post({ ...valid, temperature: 26 }, keyed);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { field: string }).field).toBe("idempotency-key");
    const hash = await post(valid, { ...keyed, "idempotency-key": "a#1" });
    expect(hash.status).toBe(400);
  });

  test("a batch with an Idempotency-Key gives item i the id key:<key>#<i>, the same on a retry", async () => {
    const batch = [valid, { ...valid, humidity: 61 }];
    const headers = { "content-type": "application/json", "idempotency-key": "batch-1" };
    const ids = async () => {
      const response = await post(batch, headers);
      expect(response.status).toBe(202);
      const { results } = (await response.json()) as { results: { id: string }[] };
      return results.map((r) => r.id);
    };
    expect(await ids()).toEqual(["key:batch-1#0", "key:batch-1#1"]);
    expect(await ids()).toEqual(["key:batch-1#0", "key:batch-1#1"]);
  });
});

test("/readyz is the whole path; /readyz/traffic holds while some route works", async () => {
  const partial = new HeldSink();
  let wholePath = false;
  let accepting = true;
  partial.isReady = () => wholePath;
  partial.isAccepting = () => accepting;
  const app = createIngestApp({
    domains: BUILT_IN_DOMAINS,
    limits,
    sink: partial,
    metrics: createMetrics("ingest-readiness-test", { defaultMetrics: false }),
  });
  const probed = Bun.serve({ port: 0, hostname: "127.0.0.1", routes: app.routes });
  const status = async (path: string) => (await fetch(`${probed.url}${path}`)).status;
  try {
    expect([await status("readyz"), await status("readyz/traffic")]).toEqual([503, 200]);
    wholePath = true;
    expect([await status("readyz"), await status("readyz/traffic")]).toEqual([200, 200]);
    wholePath = false; // e.g. Kafka down while weather goes to RabbitMQ
    expect([await status("readyz"), await status("readyz/traffic")]).toEqual([503, 200]);
    accepting = false;
    expect([await status("readyz"), await status("readyz/traffic")]).toEqual([503, 503]);
  } finally {
    probed.stop(true);
  }
});
