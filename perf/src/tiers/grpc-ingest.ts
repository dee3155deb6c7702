import { SalesStore, salesWorkload } from "@rafaga/domains";
import { startTestPipeline } from "@rafaga/e2e-kit";
import { pipelinePids } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { runCannon } from "../load-autocannon.ts";
import { JSON_TYPE, NDJSON } from "../load-bodies.ts";
import { runGrpcLoad } from "../load-grpc.ts";
import { acceptedSoFar, costPerEvent } from "./layouts-cost.ts";

const BATCH = 500;

/**
 * What the protocol costs: the same Black Friday sales into the single layout's edge over
 * HTTP (one per request; NDJSON batches) and over the reference's gRPC service (one per
 * ProcesarVenta call; ProcesarVentaStream calls of 500), side by side in one run, with
 * the CPU per event of every process until Valkey applied them.
 */
export const grpcIngestHarness: Harness = {
  tier: "grpc-ingest",
  async run({ quick, progress }: HarnessOptions): Promise<TierResult> {
    const seconds = quick ? 3 : 8;
    const next = salesWorkload(81);
    const sales = Array.from({ length: 5000 }, (_, i) => next(i).body);
    const json = sales.map((s) => JSON.stringify(s));
    const ndjson = Array.from({ length: json.length / BATCH }, (_, b) =>
      json.slice(b * BATCH, (b + 1) * BATCH).join("\n"),
    );
    const tp = await startTestPipeline({ kind: "single", grpc: true, routingSales: "kafka" });
    const store = new SalesStore({ url: tp.layout.valkeyUrl, keyPrefix: tp.layout.keyPrefix });
    await store.connect();
    const pids = pipelinePids(tp.pipeline.tiers);
    const url = `${tp.pipeline.ingestUrl}/purchase`;
    const address = tp.pipeline.grpcAddress as string;
    const phases: { name: string; load: () => Promise<Measurement> }[] = [
      {
        name: "HTTP, one sale per request, 64 connections",
        load: async () =>
          (
            await runCannon(
              {
                url,
                bodies: json,
                contentType: JSON_TYPE,
                connections: 64,
                seconds,
                eventsPerRequest: 1,
              },
              "HTTP POST /purchase, one sale per request, 64 connections",
            )
          ).measurement,
      },
      {
        name: "gRPC ProcesarVenta, one sale per call, 64 in flight",
        load: () =>
          runGrpcLoad(
            {
              address,
              mode: "unary",
              concurrency: 64,
              channels: 8,
              seconds,
              bodies: sales,
              eventsPerCall: 1,
            },
            "gRPC ProcesarVenta, one sale per call, 64 in flight on 8 channels",
          ),
      },
      {
        name: `HTTP, NDJSON of ${BATCH} sales, 8 connections`,
        load: async () =>
          (
            await runCannon(
              {
                url,
                bodies: ndjson,
                contentType: NDJSON,
                connections: 8,
                seconds,
                eventsPerRequest: BATCH,
              },
              `HTTP POST /purchase, NDJSON of ${BATCH} sales, 8 connections`,
            )
          ).measurement,
      },
      {
        name: `gRPC ProcesarVentaStream, ${BATCH} sales per call, 8 in flight`,
        load: () =>
          runGrpcLoad(
            {
              address,
              mode: "stream",
              concurrency: 8,
              channels: 8,
              seconds,
              bodies: sales,
              eventsPerCall: BATCH,
            },
            `gRPC ProcesarVentaStream, ${BATCH} sales per call, 8 in flight`,
          ),
      },
    ];
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    const edgeUs: number[] = [];
    try {
      // Kafka's JIT first (see layouts.ts): the first phase would otherwise pay for it.
      await runCannon(
        {
          url,
          bodies: json,
          contentType: JSON_TYPE,
          connections: 64,
          seconds: quick ? 3 : 5,
          eventsPerRequest: 1,
        },
        "warm-up",
      );
      for (const phase of phases) {
        progress(`grpc-ingest: ${phase.name}`);
        const { measurement, cost } = await costPerEvent({
          pids,
          ingestUrl: tp.pipeline.ingestUrl,
          applied: async () => (await store.readAggregates()).totalSales,
          load: phase.load,
        });
        const edge = cost.perProcessUs.edge ?? Number.NaN;
        edgeUs.push(edge);
        measurement.params = {
          ...measurement.params,
          "edge CPU us/event": Math.round(edge),
          "pipeline CPU us/event": Math.round(cost.pipelineUs),
        };
        measurements.push(measurement);
        notes.push(`${phase.name}: pipeline ${cost.text}`);
      }
      const accepted = await acceptedSoFar(tp.pipeline.ingestUrl);
      const applied = (await store.readAggregates()).totalSales;
      if (applied !== accepted) throw new Error(`${accepted} sales accepted, ${applied} applied`);
    } finally {
      await store.close();
      await tp.stop();
    }
    const [httpOne, grpcOne, httpBatch, grpcStream] = measurements.map(
      (m) => m.perSecond,
    ) as number[];
    const [httpOneUs, grpcOneUs, httpBatchUs, grpcStreamUs] = edgeUs as number[];
    return {
      tier: "grpc-ingest",
      title: "Ingest protocols: HTTP and the reference gRPC service, one event and batches",
      downstream:
        "the single layout's edge routing to Kafka (acks=all), consumer-kafka applying to Valkey",
      measurements,
      // Both protocols are ours and no raw gRPC server is measured beside them: nothing to
      // gate, the end-to-end and router-grpc ratios cover the code they share.
      ratios: {},
      comparisons: {
        "gRPC unary / HTTP single, events/s": (grpcOne as number) / (httpOne as number),
        "gRPC stream / HTTP NDJSON batch, events/s": (grpcStream as number) / (httpBatch as number),
        "HTTP single edge CPU / gRPC unary edge CPU": (httpOneUs as number) / (grpcOneUs as number),
        "HTTP batch edge CPU / gRPC stream edge CPU":
          (httpBatchUs as number) / (grpcStreamUs as number),
      },
      notes,
    };
  },
};
