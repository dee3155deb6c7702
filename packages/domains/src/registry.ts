import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Env, isDomain, RafagaError } from "@rafaga/core";
import type { DomainModule } from "./domain-module.ts";
import { salesDomain } from "./sales/sales-domain.ts";
import { weatherDomain } from "./weather/weather-domain.ts";

/** The domains every rafaga process knows. Adding one is one line here. */
export const BUILT_IN_DOMAINS: readonly DomainModule[] = [weatherDomain, salesDomain];

const DOMAIN_MODULES = "DOMAIN_MODULES";
const NAME = /^[a-z][a-z0-9_]{0,30}$/;

/**
 * The built-in domains plus those of `DOMAIN_MODULES`: comma-separated module paths
 * (starting with "./", relative to the working directory, or "/") or package names, each
 * with a DomainModule as its default export. Every process of a pipeline must get the
 * same list. Rejects CONFIG naming DOMAIN_MODULES for a module that cannot load or
 * clashes with another.
 */
export async function loadDomains(env: Env = process.env): Promise<readonly DomainModule[]> {
  const specifiers = (env[DOMAIN_MODULES] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const extra: DomainModule[] = [];
  for (const specifier of specifiers) {
    const url =
      specifier.startsWith(".") || isAbsolute(specifier)
        ? pathToFileURL(resolve(specifier)).href
        : specifier;
    const loaded = await import(url).catch((error: unknown) => {
      throw configError(`${DOMAIN_MODULES}: cannot load ${specifier}: ${error}`, error);
    });
    extra.push(loaded.default as DomainModule);
  }
  return checkDomains([...BUILT_IN_DOMAINS, ...extra]);
}

/** Rejects CONFIG when a module is malformed or two share an id, a name or a path. */
export function checkDomains(domains: readonly DomainModule[]): readonly DomainModule[] {
  const seen = new Set<string>();
  const once = (what: string, value: unknown) => {
    const key = `${what} ${String(value)}`;
    if (seen.has(key)) throw configError(`${DOMAIN_MODULES}: two domains with ${key}`);
    seen.add(key);
  };
  for (const d of domains) {
    if (!d || !isDomain(d.id) || typeof d.name !== "string" || !NAME.test(d.name)) {
      throw configError(
        `${DOMAIN_MODULES}: a module's default export is not a domain (id ${d?.id}, name ${d?.name})`,
      );
    }
    once("id", d.id);
    once("name", d.name);
    once("path", d.http.path);
  }
  return Object.freeze([...domains]);
}

function configError(message: string, cause?: unknown): RafagaError {
  return new RafagaError("CONFIG", message, { field: DOMAIN_MODULES, cause });
}
