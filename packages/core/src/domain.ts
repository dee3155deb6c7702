/**
 * The event domains, with the numbers of `rafaga.pipeline.Domain`. A const object plus
 * a union type rather than a TS enum: plain numbers on the wire and in logs, and it
 * survives type-stripping runtimes.
 */
export const Domain = { WEATHER: 1, SALES: 2 } as const;
export type Domain = (typeof Domain)[keyof typeof Domain];

export type DomainName = "weather" | "sales";

export function domainName(domain: Domain): DomainName {
  return domain === Domain.WEATHER ? "weather" : "sales";
}

export function isDomain(value: unknown): value is Domain {
  return value === Domain.WEATHER || value === Domain.SALES;
}
