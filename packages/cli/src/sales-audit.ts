import Valkey from "iovalkey";

/**
 * Per event rather than per total: the dedup marker of every accepted id exists (none
 * lost), and there are no more markers than accepted ids (nothing foreign applied).
 * Markers exist only for sales the script counted, so with exact totals this rules out
 * one loss hiding behind one double count.
 */
export async function auditSales(
  valkeyUrl: string,
  prefix: string,
  acceptedIds: readonly string[],
): Promise<{ markers: number; missing: string[] }> {
  const client = new Valkey(valkeyUrl);
  try {
    let markers = 0;
    let cursor = "0";
    const match = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}sales_seen:*`;
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      markers += keys.length;
    } while (cursor !== "0");
    const pipeline = client.pipeline();
    for (const id of acceptedIds) pipeline.exists(`${prefix}sales_seen:${id}`);
    const exists = (await pipeline.exec()) ?? [];
    return { markers, missing: acceptedIds.filter((_, i) => exists[i]?.[1] !== 1) };
  } finally {
    client.disconnect();
  }
}
