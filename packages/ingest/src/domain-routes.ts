import type { Domain } from "@rafaga/core";
import type { DomainHttp, DomainModule } from "@rafaga/domains";

/**
 * What differs between domains at the HTTP edge (the path, the schema, the encoding
 * forwarded to the brokers, the response shapes existing clients expect), taken from
 * each domain module: the ingest code itself names no domain.
 */
export interface DomainRoute extends DomainHttp {
  domain: Domain;
  /** The domain's name, for metric labels. */
  name: string;
}

export const domainRoutes = (domains: readonly DomainModule[]): DomainRoute[] =>
  domains.map((d) => ({ ...d.http, domain: d.id, name: d.name }));
