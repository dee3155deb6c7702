import { status } from "@grpc/grpc-js";
import { referenceClient, streamClient } from "@rafaga/e2e-kit";
import * as hdr from "hdr-histogram-js";
import type { Measurement } from "./harness.ts";

export interface GrpcRun {
  address: string;
  /** unary: one sale per call (ProcesarVenta); stream: `eventsPerCall` per ProcesarVentaStream. */
  mode: "unary" | "stream";
  /** Calls in flight, spread over `channels` HTTP/2 connections. */
  concurrency: number;
  channels: number;
  seconds: number;
  bodies: Record<string, unknown>[];
  eventsPerCall: number;
}

/**
 * A closed loop of gRPC calls with clients generated from the reference protos (unary) or
 * rafaga's proto/ (stream): events/s counted from OK calls, latency per call.
 */
export async function runGrpcLoad(run: GrpcRun, label: string): Promise<Measurement> {
  const latency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  const clients = Array.from({ length: run.channels }, (_, c) =>
    run.mode === "unary"
      ? referenceClient("sales", run.address, c)
      : streamClient("sales", run.address, c),
  );
  let next = 0;
  let events = 0;
  let failed = 0;
  const body = () => run.bodies[next++ % run.bodies.length] as Record<string, unknown>;
  const end = performance.now() + run.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: run.concurrency }, async (_, i) => {
      const client = clients[i % clients.length] as (typeof clients)[number];
      while (performance.now() < end) {
        const sent = performance.now();
        const code =
          "call" in client
            ? (await client.call(body())).code
            : (await client.send(Array.from({ length: run.eventsPerCall }, body))).code;
        if (code === status.OK) {
          events += run.eventsPerCall;
          latency.recordValue(Math.round((performance.now() - sent) * 1000));
        } else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  if (failed > 0) throw new Error(`${label}: ${failed} calls failed`);
  const ms = (p: number) => latency.getValueAtPercentile(p) / 1000;
  return {
    label,
    perSecond: events / elapsed,
    latencyMs: { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9) },
    params: { connections: run.concurrency, channels: run.channels, batch: run.eventsPerCall },
  };
}
