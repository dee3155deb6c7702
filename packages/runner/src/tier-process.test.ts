import { expect, test } from "bun:test";
import { join } from "node:path";

/** Whether a process with this pid still runs (signal 0 checks without sending one). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("a runner that exits without stopping its tiers (a second Ctrl-C) takes them along", async () => {
  const tierModule = join(import.meta.dir, "tier-process.ts");
  // The runner: starts one tier that would run for a minute, prints its pid, exits at once.
  const runner = Bun.spawn(
    [
      process.execPath,
      "-e",
      `const { TierProcess } = await import(${JSON.stringify(tierModule)});
       const tier = new TierProcess({ name: "sleeper", command: ["sleep", "60"], env: {} }, process.cwd(), () => {});
       console.log(tier.pid);
       process.exit(130);`,
    ],
    { stdout: "pipe", stderr: "inherit" },
  );
  const pid = Number((await new Response(runner.stdout).text()).trim());
  expect(await runner.exited).toBe(130);
  expect(pid).toBeGreaterThan(0);
  const deadline = Date.now() + 2000;
  while (running(pid) && Date.now() < deadline) await Bun.sleep(20);
  const left = running(pid);
  if (left) process.kill(pid, "SIGKILL");
  expect(left).toBe(false);
});
