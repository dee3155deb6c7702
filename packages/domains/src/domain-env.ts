import { type Domain, ROUTING_MODES, type RoutingMode } from "@rafaga/core";
import { type TSchema, Type } from "@sinclair/typebox";
import type { DomainModule } from "./domain-module.ts";

/**
 * The per-domain environment variables, named after each domain: `<NAME>_DESTINATION`,
 * `<NAME>_GROUP`, `ROUTING_<NAME>`. A tier spreads the ones it reads into its config
 * schema (so they are validated and documented with the rest) and reads the values back
 * per domain id with the matching `...Of` function.
 */
type Named = Pick<DomainModule, "name">;
const upper = (d: Named) => d.name.toUpperCase();
export const destinationVar = (d: Named): string => `${upper(d)}_DESTINATION`;
export const groupVar = (d: Named): string => `${upper(d)}_GROUP`;
export const routingVar = (d: Named): string => `ROUTING_${upper(d)}`;
export const grpcServiceVar = (d: Named): string => `${upper(d)}_GRPC_SERVICE`;

const props = (domains: readonly DomainModule[], prop: (d: DomainModule) => [string, TSchema]) =>
  Object.fromEntries(domains.map(prop));

export const destinationEnv = (domains: readonly DomainModule[]): Record<string, TSchema> =>
  props(domains, (d) => [
    destinationVar(d),
    Type.String({
      minLength: 1,
      default: d.defaults.destination,
      description: `topic / queue for ${d.description}`,
    }),
  ]);

export const groupEnv = (domains: readonly DomainModule[]): Record<string, TSchema> =>
  props(domains, (d) => [
    groupVar(d),
    Type.String({
      minLength: 1,
      default: d.defaults.group,
      description: `Kafka consumer group for ${d.description}`,
    }),
  ]);

export const routingEnv = (domains: readonly DomainModule[]): Record<string, TSchema> =>
  props(domains, (d) => [
    routingVar(d),
    Type.Union(
      ROUTING_MODES.map((m) => Type.Literal(m)),
      {
        default: d.defaults.routing,
        description: `${d.description}: ${ROUTING_MODES.join(" | ")}`,
      },
    ),
  ]);

/** Only for the domains that have a reference gRPC service. */
export const grpcServiceEnv = (domains: readonly DomainModule[]): Record<string, TSchema> =>
  props(
    domains.filter((d) => d.grpc),
    (d) => [
      grpcServiceVar(d),
      Type.String({
        pattern: "^[A-Za-z_][A-Za-z0-9_.]*$",
        default: d.grpc?.service,
        description: `gRPC \`package.Service\` of ${d.description} (the reference client's method path)`,
      }),
    ],
  );

/** The consumer's `DOMAINS`: which of the domains' streams a process consumes. */
export const domainsEnv = (domains: readonly DomainModule[], fallback: readonly string[]) =>
  Type.Array(Type.Union(domains.map((d) => Type.Literal(d.name))), {
    default: [...fallback],
    description: `which event streams this process consumes (comma-separated: ${domains.map((d) => d.name).join(",")})`,
  });

type Loaded = Readonly<Record<string, unknown>>;
const perDomain = <T>(domains: readonly DomainModule[], value: (d: DomainModule) => T) =>
  new Map<Domain, T>(domains.map((d) => [d.id, value(d)]));

export const destinationsOf = (config: Loaded, domains: readonly DomainModule[]) =>
  perDomain(domains, (d) => config[destinationVar(d)] as string);
export const groupsOf = (config: Loaded, domains: readonly DomainModule[]) =>
  perDomain(domains, (d) => config[groupVar(d)] as string);
export const routingOf = (config: Loaded, domains: readonly DomainModule[]) =>
  perDomain(domains, (d) => config[routingVar(d)] as RoutingMode);
export const grpcServicesOf = (config: Loaded, domains: readonly DomainModule[]) =>
  new Map<Domain, string>(
    domains.filter((d) => d.grpc).map((d) => [d.id, config[grpcServiceVar(d)] as string]),
  );
