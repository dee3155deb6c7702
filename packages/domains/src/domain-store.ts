import type { Envelope } from "@rafaga/core";
import type { ApplyResult, LogPosition } from "@rafaga/store";
import type { DomainModule, DomainStore } from "./domain-module.ts";

/** What a domain's Valkey store offers: WeatherStore, SalesStore, DomainScriptStore. */
export interface BatchStore<E> {
  applyBatch(
    events: readonly E[],
    positions?: readonly (LogPosition | undefined)[],
  ): Promise<ApplyResult>;
  connect(): Promise<void>;
  close(): Promise<void>;
}

/** The consumer's view of a domain: its broker messages decoded, then applied by `store`. */
export function domainStore<E>(
  domain: Pick<DomainModule, "id" | "name">,
  store: BatchStore<E>,
  decode: (envelope: Envelope) => E,
): DomainStore {
  return {
    domain: domain.id,
    name: domain.name,
    decode,
    apply: (events, positions) => store.applyBatch(events as E[], positions),
    connect: () => store.connect(),
    close: () => store.close(),
  };
}
