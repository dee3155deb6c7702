/**
 * The client side of the router-grpc tier, in its own process pinned to the other core.
 * `pipeline`: PipelineClient with maxBatch = batch, every event submitted on its own as
 * ingest does and counted when its ack came back ok. `raw`: the limit, the same batch-of-1
 * message pre-encoded once and written to bare grpc-js bidi streams.
 * Argument: JSON { mode, port, batch, seconds, warmupSeconds }; prints "RESULT <json>".
 */
import { Client, credentials } from "@grpc/grpc-js";
import { type Envelope, encodeEnvelopeBatch } from "@rafaga/core";
import { weatherDomain } from "@rafaga/domains";
import { PipelineClient } from "@rafaga/pipeline-grpc";
import { rawPublishStream } from "./grpc-raw-stream.ts";
import { microsHistogram, percentilesMs } from "./http-hdr.ts";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  mode: "pipeline" | "raw";
  port: number;
  batch: number;
  seconds: number;
  warmupSeconds: number;
};
const target = `127.0.0.1:${args.port}`;
// A weather report as ingest encodes it is ~10 bytes; ids are 26 characters.
const payload = new Uint8Array([8, 2, 16, 25, 24, 60, 32, 1, 0, 0]);
const envelope = (n: number): Envelope => ({
  id: `01JD${n.toString(36).padStart(22, "0")}`,
  domain: weatherDomain.id,
  ingestTsUs: Date.now() * 1000,
  payload,
});
const histogram = microsHistogram();
let counting = false;
let acked = 0;
let failed = 0;

/** Keeps `window` events outstanding until the deadline; `send` resolves on its ack. */
async function closedLoop(window: number, send: (n: number) => Promise<void>): Promise<number> {
  let outstanding = 0;
  let seq = 0;
  let wake: (() => void) | undefined;
  const started = performance.now();
  const warmEnd = started + args.warmupSeconds * 1000;
  const end = warmEnd + args.seconds * 1000;
  let measuredFrom = started;
  while (performance.now() < end) {
    if (!counting && performance.now() >= warmEnd) {
      counting = true;
      measuredFrom = performance.now();
    }
    while (outstanding < window) {
      outstanding++;
      const t0 = performance.now();
      const record = counting;
      send(seq++).then(
        () => {
          if (record) {
            acked++;
            histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
          }
          outstanding--;
          wake?.();
        },
        () => {
          failed++;
          outstanding--;
          wake?.();
        },
      );
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  return (performance.now() - measuredFrom) / 1000;
}

async function pipeline(): Promise<{ elapsed: number; avgBatch: number }> {
  const client = new PipelineClient({
    targets: [target],
    maxBatch: args.batch,
    lingerMs: 1,
    maxInFlightEvents: 1_000_000,
  });
  await client.waitForReady(5000);
  const elapsed = await closedLoop(Math.max(2000, args.batch * 16), (n) =>
    client.submit(envelope(n)),
  );
  await client.close();
  const s = client.stats();
  return { elapsed, avgBatch: s.eventsSent / Math.max(1, s.batchesSent) };
}

async function raw(): Promise<{ elapsed: number; avgBatch: number }> {
  const message = Buffer.from(encodeEnvelopeBatch({ batchId: 1, events: [envelope(0)] }));
  const client = new Client(target, credentials.createInsecure());
  // As many streams as PipelineClient opens by default, each answering in order.
  const streams = [rawPublishStream(client), rawPublishStream(client)];
  const elapsed = await closedLoop(2000, (n) =>
    (streams[n & 1] as (typeof streams)[number]).send(message),
  );
  for (const s of streams) s.cancel();
  client.close();
  return { elapsed, avgBatch: 1 };
}

const { elapsed, avgBatch } = args.mode === "raw" ? await raw() : await pipeline();
console.log(
  `RESULT ${JSON.stringify({
    perSecond: Math.round(acked / elapsed),
    acked,
    failed,
    avgBatch: Number(avgBatch.toFixed(1)),
    latencyMs: percentilesMs(histogram),
  })}`,
);
process.exit(0);
