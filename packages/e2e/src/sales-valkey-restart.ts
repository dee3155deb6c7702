import { join } from "node:path";
import { startService } from "@rafaga/infra";
import { repoRoot } from "@rafaga/runner";

/**
 * Starts the shared Valkey again from a short-lived `infra up valkey` process rather than
 * in this one. bun test SIGTERMs every process spawned in a test file when one of its
 * tests times out, detached servers included: a Valkey started in-process would die for
 * every other suite on the machine. Started by a child that exits, it is not tracked.
 * Falls back to the in-process start so that Valkey comes back whatever happens.
 */
export async function restartValkey(): Promise<void> {
  const cli = Bun.spawn(
    [process.execPath, join(repoRoot, "packages/infra/src/main.ts"), "up", "valkey"],
    {
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  if ((await cli.exited) !== 0) await startService("valkey");
}
