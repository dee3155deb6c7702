import Valkey from "iovalkey";

export interface Audit {
  /** Sum of every weather:<m>:<w> count under the prefix. */
  counted: number;
  /** Dedup markers under the prefix: one per distinct event the consumers applied. */
  markers: number;
  /** Accepted ids (2xx) that Valkey has no marker for: lost events. */
  missing: string[];
}

/**
 * Checks the pipeline's promise per event rather than per total: every accepted id was
 * applied, and nothing was applied twice (counts equal distinct markers, and an event is
 * counted only by the call that created its marker).
 */
export async function auditWeather(
  valkeyUrl: string,
  prefix: string,
  acceptedIds: Iterable<string>,
): Promise<Audit> {
  const client = new Valkey(valkeyUrl);
  try {
    const countKeys = await scanAll(client, `${escapeGlob(prefix)}weather:*:*`);
    const values = countKeys.length > 0 ? await client.mget(countKeys) : [];
    const counted = values.reduce((sum, v) => sum + Number(v ?? 0), 0);
    const markers = (await scanAll(client, `${escapeGlob(prefix)}weather_seen:*`)).length;
    const ids = [...acceptedIds];
    const pipeline = client.pipeline();
    for (const id of ids) pipeline.exists(`${prefix}weather_seen:${id}`);
    const exists = (await pipeline.exec()) ?? [];
    const missing = ids.filter((_, i) => exists[i]?.[1] !== 1);
    return { counted, markers, missing };
  } finally {
    client.disconnect();
  }
}

/** Every key matching a SCAN pattern. */
export async function scanAll(client: Valkey, match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", match, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

/** A literal key prefix as a SCAN pattern. */
export const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
