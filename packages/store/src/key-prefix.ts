import type { Valkey } from "iovalkey";

/**
 * Deletes every key under a prefix (SCAN + UNLINK, never KEYS, so Valkey keeps serving).
 * An empty prefix would be the reference layout itself, so it is refused.
 */
export async function dropPrefix(raw: Valkey, prefix: string): Promise<void> {
  if (prefix === "") throw new Error("dropPrefix: refusing the empty prefix (the reference keys)");
  let cursor = "0";
  do {
    const [next, keys] = await raw.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (keys.length > 0) await raw.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}
