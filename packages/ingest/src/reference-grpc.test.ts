import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Client, credentials, Metadata, status } from "@grpc/grpc-js";
import { createMetrics, encodeWith, protoType, RafagaError } from "@rafaga/core";
import { BUILT_IN_DOMAINS } from "@rafaga/domains";
import { HeldSink } from "./held-sink.ts";
import { createIngestApp } from "./ingest-app.ts";
import { type ReferenceGrpcServer, serveReferenceGrpc } from "./reference-grpc.ts";

const sink = new HeldSink();
const limits = {
  MAX_BODY_BYTES: 2048,
  MAX_BATCH_ITEMS: 5,
  MAX_IN_FLIGHT_EVENTS: 3,
  MAX_QUEUE_DELAY_MS: 0,
  QUEUE_DELAY_MIN_EVENTS: 0,
};
let server: ReferenceGrpcServer;
let client: Client;
const Request = protoType("weathertweet.WeatherTweetRequest");
const Response = protoType("weathertweet.WeatherTweetResponse");
const report = { municipality: 2, temperature: 25, humidity: 60, weather: 1 };

interface Answer {
  code: status;
  response?: { status?: string };
  trailers: Record<string, unknown>;
}

function call(
  bytes: Uint8Array,
  opts: { deadlineMs?: number; path?: string } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    let trailers: Record<string, unknown> = {};
    let done: Omit<Answer, "trailers"> | undefined;
    let statusSeen = false;
    // The answer and the status (with the trailers) arrive separately, in either order.
    const finish = () => done && statusSeen && resolve({ ...done, trailers });
    const pending = client.makeUnaryRequest(
      opts.path ?? "/weathertweet.WeatherTweetService/SendTweet",
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => Response.toObject(Response.decode(b)),
      bytes,
      new Metadata(),
      { deadline: Date.now() + (opts.deadlineMs ?? 10_000) },
      (error, response) => {
        done = { code: error ? error.code : status.OK, ...(response ? { response } : {}) };
        if (error) trailers = error.metadata.getMap();
        finish();
      },
    );
    pending.on("status", (s) => {
      trailers = { ...trailers, ...s.metadata.getMap() };
      statusSeen = true;
      finish();
    });
  });
}
const encoded = (message: object) => encodeWith(Request, message);

beforeAll(async () => {
  const metrics = createMetrics("grpc-test", { defaultMetrics: false });
  const app = createIngestApp({ domains: BUILT_IN_DOMAINS, limits, sink, metrics });
  server = await serveReferenceGrpc({
    domains: BUILT_IN_DOMAINS,
    services: new Map(),
    acceptOne: app.acceptOne,
    acceptBatch: app.acceptBatch,
    maxStreamItems: limits.MAX_BATCH_ITEMS,
    port: 0,
    host: "127.0.0.1",
  });
  client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
}, 60_000);
afterAll(async () => {
  client?.close();
  await server?.close();
}, 60_000);

describe("the reference gRPC contract", () => {
  test("OK with the reference's response once the sink took the event; its id in the trailers", async () => {
    const before = sink.received.length;
    const answer = await call(encoded(report));
    expect(status[answer.code]).toBe("OK");
    expect(answer.response).toEqual({ status: "accepted" });
    expect(sink.received.slice(before).map((e) => e.id)).toEqual([
      answer.trailers["rafaga-event-id"] as string,
    ]);
  });

  test("a broker refusal is UNAVAILABLE, counted no; a failure after the write is counted maybe", async () => {
    sink.failWith = new RafagaError("BROKER_UNAVAILABLE", "down", {
      retryAfter: 1,
      notWritten: true,
    });
    try {
      const refused = await call(encoded(report));
      expect(status[refused.code]).toBe("UNAVAILABLE");
      expect([refused.trailers["rafaga-counted"], refused.trailers["retry-after"]]).toEqual([
        "no",
        "1",
      ]);
      sink.failWith = new RafagaError("TIMEOUT", "no ack in time");
      const unsure = await call(encoded(report));
      expect(status[unsure.code]).toBe("UNAVAILABLE");
      expect(unsure.trailers["rafaga-counted"]).toBe("maybe");
    } finally {
      sink.failWith = undefined;
    }
  });

  test("beyond MAX_IN_FLIGHT_EVENTS: RESOURCE_EXHAUSTED with retry-after, not counted", async () => {
    let release = () => {};
    sink.hold = new Promise((resolve) => {
      release = resolve;
    });
    const held = [call(encoded(report)), call(encoded(report)), call(encoded(report))];
    await Bun.sleep(100);
    const over = await call(encoded(report));
    release();
    sink.hold = undefined;
    expect(status[over.code]).toBe("RESOURCE_EXHAUSTED");
    expect([over.trailers["rafaga-counted"], over.trailers["retry-after"]]).toEqual(["no", "1"]);
    expect((await Promise.all(held)).map((a) => status[a.code])).toEqual(["OK", "OK", "OK"]);
  });

  test("a deadline passes while the brokers have not acked: DEADLINE_EXCEEDED, not OK", async () => {
    let release = () => {};
    sink.hold = new Promise((resolve) => {
      release = resolve;
    });
    const answer = await call(encoded(report), { deadlineMs: 150 });
    release();
    sink.hold = undefined;
    expect(status[answer.code]).toBe("DEADLINE_EXCEEDED");
  });

  test("bytes that are no WeatherTweetRequest: INVALID_ARGUMENT, nothing submitted", async () => {
    const before = sink.received.length;
    const answer = await call(new Uint8Array([0x0a, 0xff, 0xff, 0xff]));
    expect(status[answer.code]).toBe("INVALID_ARGUMENT");
    expect(answer.trailers["rafaga-error-code"]).toBe("DECODE");
    expect(sink.received.length).toBe(before);
  });

  test("an unknown method path is UNIMPLEMENTED (the package in the path must match)", async () => {
    const answer = await call(encoded(report), { path: "/weather.WeatherTweetService/SendTweet" });
    expect(status[answer.code]).toBe("UNIMPLEMENTED");
  });
});
