import { expect, test } from "bun:test";
import { measureWakeCost } from "./wake-cost.ts";

// The C floor needs a C compiler, as bootstrap does for librdkafka.
test.skipIf(!Bun.which("cc"))(
  "every loop measures a positive CPU per wake-up, the C floor included",
  async () => {
    const { bunUs, nodeUs, cUs } = await measureWakeCost(0.3);
    for (const us of [bunUs, nodeUs, cUs]) {
      expect(Number.isFinite(us)).toBe(true);
      expect(us).toBeGreaterThan(0);
    }
  },
  20_000,
);
