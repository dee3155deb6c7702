import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RafagaError } from "@rafaga/core";
import { dataRoot } from "./layout.ts";
import { isAlive, sleep } from "./process-registry.ts";

/**
 * Several test processes may call ensureUp at once; without a lock two of them would both see
 * "down" and start two brokers on one port (or run two Maven downloads into one folder).
 * Lives beside, not inside, `.data/<service>` so that `--purge` does not delete it mid-use.
 */
export async function withServiceLock<T>(
  service: string,
  action: () => Promise<T>,
  timeoutMs = 10 * 60_000,
): Promise<T> {
  mkdirSync(dataRoot, { recursive: true });
  const path = join(dataRoot, `.${service}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (isStale(path)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new RafagaError(
        "INFRA",
        `${service}: another process holds ${path}; remove it if that is wrong`,
      );
    }
    await sleep(200);
  }
  try {
    return await action();
  } finally {
    rmSync(path, { force: true });
  }
}

function isStale(path: string): boolean {
  try {
    const owner = Number(readFileSync(path, "utf8").trim());
    // An empty file is a lock being written right now, unless it has been empty for a while.
    if (!Number.isInteger(owner) || owner <= 0) return Date.now() - statSync(path).mtimeMs > 5000;
    return !isAlive(owner);
  } catch {
    return false;
  }
}
