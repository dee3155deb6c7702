import { cpus, totalmem } from "node:os";
import type { WakeCost } from "./wake-cost.ts";

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  bun: string;
  node: string;
  gitCommit: string;
  gitDirty: boolean;
  startedAt: string;
  /** CPU per wake-up from idle (wake-cost.ts): what every hop pays per batch at low load. */
  wake?: WakeCost;
}

const run = (cmd: string[]) => {
  const out = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "ignore" });
  return out.success ? out.stdout.toString().trim() : "unknown";
};

/** What a reader needs to compare two reports: the same ratios on different hardware differ. */
export function machineFacts(): MachineFacts {
  return {
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    bun: Bun.version,
    node: run(["node", "--version"]),
    gitCommit: run(["git", "rev-parse", "HEAD"]),
    gitDirty: run(["git", "status", "--porcelain", "--untracked-files=no"]) !== "",
    startedAt: new Date().toISOString(),
  };
}
