import { describe, expect, test } from "bun:test";
import { type Fault, faultName, formatChaosTable, runChaosScenario } from "./chaos.ts";

// The short version of `npm run chaos`: a tier and a service of the single layout, and the
// router of the per-tier layout killed and stopped gracefully.
const faults: Fault[] = [{ tier: "edge" }, { service: "valkey" }];
const short = { beforeMs: 1000, downMs: 1000, afterMs: 1000 };

function expectExact(row: Awaited<ReturnType<typeof runChaosScenario>>): void {
  console.log(formatChaosTable([row]));
  expect(row.accepted).toBeGreaterThan(0);
  expect({
    lost: row.lost,
    duplicated: row.duplicated,
    refused: row.countedThoughRejected,
  }).toEqual({ lost: 0, duplicated: 0, refused: 0 });
  expect(row.recoverySeconds).toBeLessThan(10);
}

describe("npm run chaos, short", () => {
  for (const fault of faults) {
    test(`${faultName(fault)} under load: nothing lost, doubled or counted though refused`, async () => {
      expectExact(await runChaosScenario(fault, short));
    }, 180_000);
  }

  test("SIGKILL router (tiers): ingest holds the batches that find no router, so only those in flight on it get an error", async () => {
    const clients = 10;
    const row = await runChaosScenario({ tier: "router" }, { ...short, layout: "tiers", clients });
    expectExact(row);
    // Each closed-loop client has one request open: at most that many were on the
    // router's streams when it died ("maybe"); the rest waited for its restart.
    const rejected = Object.values(row.rejected).reduce((sum, n) => sum + n, 0);
    expect({ saidNo: row.saidNo, atMostInFlight: rejected <= clients }).toEqual({
      saidNo: 0,
      atMostInFlight: true,
    });
  }, 180_000);

  test("SIGTERM router (tiers), as in a rolling update: no request gets an error", async () => {
    const row = await runChaosScenario(
      { tier: "router" },
      { ...short, layout: "tiers", tierSignal: "SIGTERM" },
    );
    expectExact(row);
    // What the stopping router did not take goes again once it is back (or to another).
    expect(row.rejected).toEqual({});
  }, 180_000);
});
