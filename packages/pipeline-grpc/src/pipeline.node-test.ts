// Runs under Node (see scripts/run-tests.ts): the Kafka writer serves Publish from a
// `bun build --target=node` bundle, so the service definition must work there too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RafagaError } from "@rafaga/core";
import { PipelineClient } from "./client.ts";
import { startPipelineServer } from "./server.ts";

// Domain numbers as the registry in @rafaga/domains gives them (core knows no domain).
const WEATHER = 1;

test("Publish round trip and a negative ack under Node", async () => {
  const seen: string[] = [];
  const server = await startPipelineServer({
    host: "127.0.0.1",
    handler: async (batch) => {
      if (batch.events.some((e) => e.id === "refuse")) {
        throw new RafagaError("BROKER_UNAVAILABLE", "kafka is down", { retryAfter: 2 });
      }
      for (const e of batch.events) seen.push(e.id);
    },
  });
  const client = new PipelineClient({ targets: [`127.0.0.1:${server.port}`], streamsPerTarget: 1 });
  try {
    await client.waitForReady(2000);
    const event = (id: string) => ({
      id,
      domain: WEATHER,
      ingestTsUs: 1,
      payload: new Uint8Array([1]),
    });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.submit(event(`e${i}`))));
    assert.equal(seen.length, 50);
    await assert.rejects(client.submit(event("refuse")), (error: unknown) => {
      assert.ok(error instanceof RafagaError);
      assert.equal(error.code, "BROKER_UNAVAILABLE");
      assert.equal(error.retryAfter, 2);
      return true;
    });
  } finally {
    await client.close();
    await server.close();
  }
});
