/**
 * What one wake-up from idle costs on this machine: a process that sleeps 1 ms on a timer
 * and wakes, over and over, in its own child of Bun and of Node, charged its CPU per wake.
 * At low load every hop of the pipeline wakes once per batch (request in, ack back), so a
 * tier's CPU per event there is about its wake-ups per event times this figure: on our
 * 2-core VM 34-38 us under Bun and 44-47 under Node (2026-12-07), where a minimal Bun.serve
 * answers a request for about 12 us at 64 connections.
 *
 *   bun perf/src/wake-cost.ts [seconds=2]
 */

/** The sleeping loop, the same text for both runtimes; prints its CPU per wake-up in us. */
const LOOP = `
const t0 = process.cpuUsage();
const end = performance.now() + SECONDS * 1000;
let wakes = 0;
while (performance.now() < end) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  wakes++;
}
const cpu = process.cpuUsage(t0);
console.log(((cpu.user + cpu.system) / wakes).toFixed(1));
`;

export interface WakeCost {
  bunUs: number;
  nodeUs: number;
}

async function loopUs(runtime: string[], seconds: number): Promise<number> {
  const proc = Bun.spawn([...runtime, LOOP.replace("SECONDS", String(seconds))], {
    stdout: "pipe",
    stderr: "ignore",
  });
  const out = (await new Response(proc.stdout).text()).trim();
  return (await proc.exited) === 0 ? Number(out) : Number.NaN;
}

/** Measured one runtime after the other, so that neither wakes the other. */
export async function measureWakeCost(seconds = 2): Promise<WakeCost> {
  return {
    bunUs: await loopUs([process.execPath, "-e"], seconds),
    // ESM, for the top-level await.
    nodeUs: await loopUs(["node", "--input-type=module", "-e"], seconds),
  };
}

if (import.meta.main) {
  const { bunUs, nodeUs } = await measureWakeCost(Number(process.argv[2] ?? 2));
  console.log(`CPU per wake-up from a 1 ms sleep: Bun ${bunUs} us, Node ${nodeUs} us`);
}
