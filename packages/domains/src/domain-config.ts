import { type Domain, loadConfig, type RoutingMode } from "@rafaga/core";
import { type Static, type TObject, type TProperties, type TSchema, Type } from "@sinclair/typebox";
import {
  destinationEnv,
  destinationsOf,
  groupEnv,
  groupsOf,
  grpcServiceEnv,
  grpcServicesOf,
  routingEnv,
  routingOf,
} from "./domain-env.ts";
import type { DomainModule } from "./domain-module.ts";

/** What a tier can read per domain, by domain id. */
export interface DomainMaps {
  /** Topic / queue (`<NAME>_DESTINATION`). */
  destinations: ReadonlyMap<Domain, string>;
  /** Kafka consumer group (`<NAME>_GROUP`). */
  groups: ReadonlyMap<Domain, string>;
  /** Routing mode (`ROUTING_<NAME>`). */
  modes: ReadonlyMap<Domain, RoutingMode>;
  /** The reference gRPC service's `package.Service` (`<NAME>_GRPC_SERVICE`), where it has one. */
  grpcServices: ReadonlyMap<Domain, string>;
}

type Loaded = Readonly<Record<string, unknown>>;
type Domains = readonly DomainModule[];

const MAPS: {
  [M in keyof DomainMaps]: {
    env: (domains: Domains) => Record<string, TSchema>;
    of: (loaded: Loaded, domains: Domains) => DomainMaps[M];
  };
} = {
  destinations: { env: destinationEnv, of: destinationsOf },
  groups: { env: groupEnv, of: groupsOf },
  modes: { env: routingEnv, of: routingOf },
  grpcServices: { env: grpcServiceEnv, of: grpcServicesOf },
};

export type DomainConfig<P extends TProperties, M extends keyof DomainMaps> = Static<TObject<P>> &
  Pick<DomainMaps, M> & {
    /** The registry this configuration was read with. */
    readonly domains: Domains;
  };

/**
 * A tier's configuration, declared once: its own variables (`own`, or a function of the
 * registry when one depends on it) plus, for each domain, the variables of `maps`, read
 * back as maps by domain id. `schema` documents and validates; `load` parses the
 * environment once at start-up, failing on the first bad variable by name.
 */
export function domainConfig<P extends TProperties, M extends keyof DomainMaps>(
  own: P | ((domains: Domains) => P),
  maps: readonly M[],
) {
  const schema = (domains: Domains) =>
    Type.Object({
      ...(typeof own === "function" ? own(domains) : own),
      ...Object.assign({}, ...maps.map((m) => MAPS[m].env(domains))),
    }) as TObject;
  const load = (domains: Domains, env = process.env): DomainConfig<P, M> => {
    const loaded = loadConfig(schema(domains), env) as Loaded;
    const config: Record<string, unknown> = { ...loaded, domains };
    for (const m of maps) config[m] = MAPS[m].of(loaded, domains);
    return config as DomainConfig<P, M>;
  };
  return { schema, load };
}
