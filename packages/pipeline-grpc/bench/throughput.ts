/**
 * Events/s through PipelineClient -> PipelineServer (no-op handler, server in a child
 * Bun process) for several batch sizes. Every event is submitted on its own, as ingest
 * does, and counted only when its ack came back ok.
 *
 *   bun packages/pipeline-grpc/bench/throughput.ts [seconds per size, default 3]
 */
import { join } from "node:path";
import { Domain, type Envelope } from "@rafaga/core";
import { PipelineClient } from "../src/index.ts";

const seconds = Number(process.argv[2] ?? 3);
const sizes = [1, 10, 100, 1000];
// A weather report as ingest encodes it is ~10 bytes; ids are 26-char ULID-like strings.
const payload = new Uint8Array([8, 2, 16, 25, 24, 60, 32, 1, 0, 0]);

const child = Bun.spawn([process.execPath, join(import.meta.dir, "server-process.ts")], {
  stdout: "pipe",
  stderr: "inherit",
});
const port = await readPort(child.stdout);

const rows: Record<string, string | number>[] = [];
for (const size of sizes) rows.push(await run(size));
console.table(rows);
child.kill("SIGTERM");
await child.exited;

async function run(maxBatch: number): Promise<Record<string, string | number>> {
  const client = new PipelineClient({
    targets: [`127.0.0.1:${port}`],
    maxBatch,
    lingerMs: 1,
    maxInFlightEvents: 1_000_000,
  });
  await client.waitForReady(5000);
  // Outstanding events: enough to fill several batches per stream, bounded for size 1.
  const window = Math.max(2000, maxBatch * 16);
  const latencies: number[] = [];
  let outstanding = 0;
  let acked = 0;
  let failed = 0;
  let seq = 0;
  let wake: (() => void) | undefined;
  const started = performance.now();
  const end = started + seconds * 1000;
  while (performance.now() < end) {
    while (outstanding < window) {
      outstanding++;
      const sample = (seq & 15) === 0;
      const t0 = sample ? performance.now() : 0;
      client.submit(envelope(seq++)).then(
        () => {
          acked++;
          if (sample) latencies.push(performance.now() - t0);
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
  await client.close();
  const elapsed = (performance.now() - started) / 1000;
  const s = client.stats();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.floor(p * (latencies.length - 1))] ?? 0).toFixed(2);
  return {
    maxBatch,
    "events/s": Math.round(acked / elapsed),
    "batches/s": Math.round(s.batchesOk / elapsed),
    "avg batch": Number((s.eventsSent / Math.max(1, s.batchesSent)).toFixed(1)),
    "p50 ms": pct(0.5),
    "p99 ms": pct(0.99),
    failed,
  };
}

function envelope(n: number): Envelope {
  return {
    id: `01JD${n.toString(36).padStart(22, "0")}`,
    domain: Domain.WEATHER,
    ingestTsUs: Date.now() * 1000,
    payload,
  };
}

async function readPort(stream: ReadableStream<Uint8Array>): Promise<number> {
  let text = "";
  for await (const chunk of stream) {
    text += new TextDecoder().decode(chunk);
    const m = /port (\d+)/.exec(text);
    if (m) return Number(m[1]);
  }
  throw new Error("server process exited before listening");
}
