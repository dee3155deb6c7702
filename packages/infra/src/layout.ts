import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where things live. Installs go to `.cache/` (shared by every checkout state, safe to keep),
 * runtime state to `.data/<service>` (what `down --purge` removes). Both are git-ignored and
 * anchored at the repo root so that tests run from any package folder find the same servers.
 */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, ".git")) || existsSync(join(dir, "package-lock.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
    dir = parent;
  }
}

export const repoRoot = process.env.RAFAGA_ROOT ?? findRepoRoot();
export const cacheDir = join(repoRoot, ".cache");
export const dataRoot = join(repoRoot, ".data");
export const infraPackageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function dataDir(service: string): string {
  return join(dataRoot, service);
}
