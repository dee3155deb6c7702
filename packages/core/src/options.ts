import type { Static, TObject } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { RafagaError } from "./rafaga-error.ts";

/**
 * Options of every component (adapters, clients, stores), declared as schemas with defaults and no unknown properties,
 * so a typo in an option fails at construction instead of being silently ignored.
 */
export function parseOptions<S extends TObject>(
  what: string,
  schema: S,
  input: unknown,
): Static<S> {
  const withDefaults = Value.Default(schema, structuredClone(input ?? {}));
  const first = Value.Errors(schema, withDefaults).First();
  if (first) {
    const field = first.path.replace(/^\//, "").replaceAll("/", ".") || "(root)";
    throw new RafagaError("CONFIG", `${what} option ${field}: ${first.message}`, { field });
  }
  return withDefaults as Static<S>;
}
