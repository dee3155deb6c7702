/** Kept apart from config.ts so the CLI can parse its arguments before the ports are read. */
export const serviceNames = ["kafka", "rabbitmq", "valkey"] as const;
export type ServiceName = (typeof serviceNames)[number];

export function isServiceName(value: string): value is ServiceName {
  return (serviceNames as readonly string[]).includes(value);
}
