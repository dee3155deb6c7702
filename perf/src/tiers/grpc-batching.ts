/**
 * Tier "router-grpc": events/s through PipelineClient -> PipelineServer against batch
 * size, a no-op handler downstream (null sink). Server and client are separate Bun
 * processes on separate cores, as ingest and router are separate pods. The limit is a
 * bare grpc-js bidi stream carrying the same batch-of-1 message, pre-encoded.
 */
import { join } from "node:path";
import { repoRoot } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { bunPath, type Child, runToEnd, spawnChild, stop } from "./http-children.ts";

const SIZES = [1, 10, 100, 1000];
const pipelineServer = join(repoRoot, "packages/pipeline-grpc/bench/server-process.ts");
const rawServer = join(import.meta.dir, "grpc-raw-server.ts");
const clientRunner = join(import.meta.dir, "grpc-client-runner.ts");

interface RunnerResult {
  perSecond: number;
  acked: number;
  failed: number;
  avgBatch: number;
  latencyMs: NonNullable<Measurement["latencyMs"]>;
}

async function run({ quick, progress }: HarnessOptions): Promise<TierResult> {
  const seconds = quick ? 1.5 : 5;
  const warmupSeconds = quick ? 0.5 : 1;
  const notes: string[] = [];

  async function withServer<T>(script: string, body: (port: number) => Promise<T>): Promise<T> {
    let child: Child | undefined;
    try {
      const started = await spawnChild([bunPath, script], { cpu: 0, ready: /port (\d+)/ });
      child = started.child;
      return await body(Number(started.match?.[1]));
    } finally {
      if (child) await stop(child);
    }
  }

  async function client(mode: "pipeline" | "raw", port: number, batch: number) {
    const spec = JSON.stringify({ mode, port, batch, seconds, warmupSeconds });
    const out = await runToEnd([bunPath, clientRunner, spec], { cpu: 1 });
    const line = /^RESULT (\{.*\})$/m.exec(out)?.[1];
    if (!line) throw new Error(`gRPC client runner printed no RESULT:\n${out.slice(-2000)}`);
    const r = JSON.parse(line) as RunnerResult;
    if (r.failed > 0) notes.push(`${mode} batch ${batch}: ${r.failed} events failed (not counted)`);
    return r;
  }

  const measurements = await withServer(pipelineServer, async (port) => {
    const rows: Measurement[] = [];
    for (const batch of SIZES) {
      progress(`router-grpc: PipelineClient maxBatch ${batch}, ${seconds}s`);
      const r = await client("pipeline", port, batch);
      rows.push({
        label: `PipelineClient -> PipelineServer, maxBatch ${batch}`,
        perSecond: r.perSecond,
        latencyMs: r.latencyMs,
        params: { batch, "avg batch sent": r.avgBatch },
      });
    }
    return rows;
  });
  progress(`router-grpc: limit, raw grpc-js bidi stream, ${seconds}s`);
  const raw = await withServer(rawServer, (port) => client("raw", port, 1));
  const limit: Measurement = {
    label: "raw grpc-js bidi stream, pre-encoded batch-of-1 message, 2 streams",
    perSecond: raw.perSecond,
    latencyMs: raw.latencyMs,
    params: { batch: 1 },
  };
  const rate = (batch: number) => measurements.find((m) => m.params?.batch === batch)?.perSecond;
  const [one, hundred, thousand] = [rate(1), rate(100), rate(1000)];
  if (!one || !hundred || !thousand) throw new Error("router-grpc: a batch size has no events");
  notes.push(
    "closed loop: 2000 events outstanding (16 batches for large sizes); latency is " +
      "submit -> ack per event, queueing included",
  );
  return {
    tier: "router-grpc",
    title: "Router gRPC: events/s against batch size",
    downstream: "null sink: the server's handler drops each batch and acks it",
    measurements,
    limit,
    ratios: {
      "batch1 / raw grpc-js stream": one / limit.perSecond,
      "batch100 / raw grpc-js stream": hundred / limit.perSecond,
      "batch1000 / raw grpc-js stream": thousand / limit.perSecond,
    },
    comparisons: {
      "batch1000 / batch1": thousand / one,
      "batch100 / batch1": hundred / one,
    },
    notes,
  };
}

export const grpcBatchingHarness: Harness = { tier: "router-grpc", run };
