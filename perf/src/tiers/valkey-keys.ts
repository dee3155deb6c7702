/**
 * Key hygiene of the valkey-apply tier: a fresh prefix per run (never the reference
 * layout's "" that dashboards read) and everything under it deleted afterwards.
 */
import { randomUUID } from "node:crypto";
import { Valkey } from "iovalkey";

export const perfPrefix = (): string => `perf:valkey-apply:${randomUUID().slice(0, 8)}:`;

/** Deletes every key under `prefix`; returns how many were deleted. */
export async function dropPrefix(url: string, prefix: string): Promise<number> {
  const client = new Valkey(url);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 5000);
      if (keys.length > 0) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return deleted;
}
