/**
 * A domain's number: `rafaga.pipeline.Envelope.domain` and the broker header. Core knows
 * no domain by name: the registry in @rafaga/domains lists them, and every tier asks it.
 */
export type Domain = number;

/** Positive and within protobuf's int32, which carries it between tiers. */
export const isDomain = (value: unknown): value is Domain =>
  typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 0x7fff_ffff;

/** Which brokers carry a domain's events (see @rafaga/router's brokersFor). */
export const ROUTING_MODES = ["both", "kafka", "rabbitmq", "split"] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];
