import { describe, expect, test } from "bun:test";
import { type Fault, faultName, formatChaosTable, runChaosScenario } from "./chaos.ts";

// The short version of `npm run chaos`: two of its scenarios, a tier and a service.
const faults: Fault[] = [{ tier: "edge" }, { service: "valkey" }];

describe("npm run chaos, short", () => {
  for (const fault of faults) {
    test(`${faultName(fault)} under load: nothing lost, doubled or counted though refused`, async () => {
      const row = await runChaosScenario(fault, { beforeMs: 1000, downMs: 1000, afterMs: 1000 });
      console.log(formatChaosTable([row]));
      expect(row.accepted).toBeGreaterThan(0);
      expect({
        lost: row.lost,
        duplicated: row.duplicated,
        refused: row.countedThoughRejected,
      }).toEqual({ lost: 0, duplicated: 0, refused: 0 });
      expect(row.recoverySeconds).toBeLessThan(10);
    }, 180_000);
  }
});
