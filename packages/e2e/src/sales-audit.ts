import { CLIENT_KEY_ID_PREFIX } from "@rafaga/core";
import type { RoutingMode } from "@rafaga/runner";
import Valkey from "iovalkey";
import { escapeGlob, scanAll } from "./pipeline-audit.ts";

/**
 * Which accepted sales must have an id marker: those that can arrive as another record
 * (sent to both brokers, or keyed by the client). A sale sent to one broker alone is
 * deduplicated by its Kafka offset or its RabbitMQ writer's sequence and leaves none.
 * Under "split" either may hold.
 */
export function markedUnder(routing: RoutingMode): ((id: string) => boolean) | undefined {
  if (routing === "split") return undefined;
  if (routing === "both") return () => true;
  return (id) => id.startsWith(CLIENT_KEY_ID_PREFIX);
}

/**
 * Per event rather than per total: every sale that must have a dedup marker has one
 * (none lost), and every marker belongs to an accepted sale (nothing foreign applied).
 * Markers exist only for sales the script counted; the sales deduplicated by offset are
 * checked by the exact totals, whose random prices and quantities would not let one loss
 * hide behind one double count.
 */
export async function auditSales(
  valkeyUrl: string,
  prefix: string,
  acceptedIds: readonly string[],
  marked: ((id: string) => boolean) | undefined = () => true,
): Promise<{ missing: string[]; foreign: string[] }> {
  const found = await saleMarkerIds(valkeyUrl, prefix);
  const accepted = new Set(acceptedIds);
  const markers = new Set(found);
  const mustHave = marked === undefined ? [] : acceptedIds.filter(marked);
  return {
    missing: mustHave.filter((id) => !markers.has(id)),
    foreign: found.filter((id) => !accepted.has(id)),
  };
}

/** The ids of every sale that has a dedup marker under the prefix. */
export async function saleMarkerIds(valkeyUrl: string, prefix: string): Promise<string[]> {
  const client = new Valkey(valkeyUrl);
  try {
    const keys = await scanAll(client, `${escapeGlob(prefix)}sales_seen:*`);
    return keys.map((key) => key.slice(`${prefix}sales_seen:`.length));
  } finally {
    client.disconnect();
  }
}
