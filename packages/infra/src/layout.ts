import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RafagaError } from "@rafaga/core";

/**
 * Where things live. Installs go to `.cache/` (kept across purges, safe to share), runtime
 * state to `.data/<service>` (what `down --purge` removes). Both are git-ignored and anchored
 * at the repo root so that every package's tests find the same servers.
 */
function findRepoRoot(): string {
  // From this file when run from source; from the working directory when bundled elsewhere
  // (a Node bundle in a temp dir has no repo above it).
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, "packages", "infra", "package.json"))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  // Guessing would install and start a second set of servers somewhere else (it happened).
  throw new RafagaError(
    "INFRA",
    `cannot find the rafaga repo (a folder with packages/infra) above ${fileURLToPath(import.meta.url)} or ${process.cwd()}; set RAFAGA_ROOT`,
  );
}

export const repoRoot = process.env.RAFAGA_ROOT ?? findRepoRoot();
export const cacheDir = join(repoRoot, ".cache");
export const dataRoot = join(repoRoot, ".data");
export const infraPackageDir = join(repoRoot, "packages", "infra");

export function dataDir(service: string): string {
  return join(dataRoot, service);
}
