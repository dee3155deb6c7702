import type { Domain, Envelope, RoutingMode } from "@rafaga/core";

export type BrokerName = "kafka" | "rabbitmq";
export { ROUTING_MODES, type RoutingMode } from "@rafaga/core";

/**
 * Which brokers carry an event. "both" is what one reference system does (and the
 * consumers' dedup by event id makes it count once); "split" sends each event to one
 * broker, chosen by a hash of its id so that a retry of the same event goes the same way.
 */
export function brokersFor(mode: RoutingMode, event: Envelope): readonly BrokerName[] {
  switch (mode) {
    case "both":
      return BOTH;
    case "kafka":
      return KAFKA;
    case "rabbitmq":
      return RABBIT;
    case "split":
      return hash(event.id) % 2 === 0 ? KAFKA : RABBIT;
  }
}

const BOTH: readonly BrokerName[] = ["kafka", "rabbitmq"];
const KAFKA: readonly BrokerName[] = ["kafka"];
const RABBIT: readonly BrokerName[] = ["rabbitmq"];

// FNV-1a over the last characters: ids end in random bits, so this spreads evenly.
function hash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = Math.max(0, id.length - 8); i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Splits a batch per broker; each event appears once per broker it is routed to, and one
 * sent to several says so (copies), for the consumers' dedup.
 */
export function routeBatch(
  events: readonly Envelope[],
  modeOf: (domain: Domain) => RoutingMode,
): Map<BrokerName, Envelope[]> {
  const out = new Map<BrokerName, Envelope[]>();
  for (const event of events) {
    const brokers = brokersFor(modeOf(event.domain), event);
    if (brokers.length > 1) event.copies = brokers.length;
    for (const broker of brokers) {
      let list = out.get(broker);
      if (!list) {
        list = [];
        out.set(broker, list);
      }
      list.push(event);
    }
  }
  return out;
}
