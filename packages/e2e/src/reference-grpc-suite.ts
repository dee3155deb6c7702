import { afterAll, beforeAll } from "bun:test";
import type { LayoutKind } from "@rafaga/runner";
import { startTestPipeline, type TestPipeline } from "./test-pipeline.ts";

/**
 * A pipeline serving the reference gRPC services (weather routed to both brokers, sales to
 * Kafka) for the tests of one describe block: started before them, stopped after. Only
 * for test files (it registers bun:test hooks); the pipeline is there once the tests run.
 */
export function referenceGrpcSuite(kind: LayoutKind): {
  pipeline(): TestPipeline;
  address(): string;
} {
  let t: TestPipeline | undefined;
  beforeAll(async () => {
    t = await startTestPipeline({
      kind,
      grpc: true,
      routingWeather: "both",
      routingSales: "kafka",
    });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);
  const pipeline = () => t as TestPipeline;
  return { pipeline, address: () => pipeline().pipeline.grpcAddress as string };
}
