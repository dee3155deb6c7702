import { KindGuard, type Static, type TObject, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { RafagaError } from "./rafaga-error.ts";
import { expectation, schemaTable } from "./schema-text.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads a service's configuration from environment variables described by a TypeBox
 * object (variable name -> type, with `default` and `description`). Strings become
 * numbers, booleans, literals or comma-separated lists per the schema; everything is
 * validated once at startup so that a typo fails the boot, naming the variable, rather
 * than the first request. Variables not in the schema are ignored. Mark a property
 * `secret: true` to keep its value out of error messages.
 */
export function loadConfig<T extends TObject>(
  schema: T,
  env: Env = process.env,
): Readonly<Static<T>> {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    const raw = env[name]?.trim();
    let value: unknown;
    if (raw === undefined || raw === "") {
      if (prop.default === undefined) {
        if (schema.required?.includes(name)) {
          throw configError(name, `${name} is required: ${expectation(prop)}`);
        }
        continue;
      }
      value = structuredClone(prop.default);
    } else {
      value = fromString(prop, raw);
    }
    if (!Value.Check(prop, value)) {
      const shown = prop.secret === true ? "" : `, got ${JSON.stringify(raw ?? value)}`;
      throw configError(name, `${name} must be ${expectation(prop)}${shown}`);
    }
    out[name] = Array.isArray(value) ? Object.freeze(value) : value;
  }
  return Object.freeze(out) as Readonly<Static<T>>;
}

/** The README table of a config schema: variable, accepted values, default, description. */
export function configTable(schema: TObject): string {
  return schemaTable(schema);
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** Best-effort conversion; anything that does not convert stays a string and fails the check. */
function fromString(schema: TSchema, raw: string): unknown {
  if (KindGuard.IsInteger(schema) || KindGuard.IsNumber(schema)) return toNumber(raw);
  if (KindGuard.IsBoolean(schema)) return toBoolean(raw);
  if (KindGuard.IsLiteral(schema)) {
    if (typeof schema.const === "number") return toNumber(raw);
    if (typeof schema.const === "boolean") return toBoolean(raw);
    return raw;
  }
  if (KindGuard.IsUnion(schema)) {
    for (const member of schema.anyOf) {
      const value = fromString(member, raw);
      if (Value.Check(member, value)) return value;
    }
    return raw;
  }
  if (KindGuard.IsArray(schema)) {
    const items = raw.split(",").map((s) => s.trim());
    return items.filter((s) => s !== "").map((s) => fromString(schema.items, s));
  }
  return raw;
}

function toBoolean(raw: string): boolean | string {
  const lower = raw.toLowerCase();
  return TRUE.has(lower) ? true : FALSE.has(lower) ? false : raw;
}

function toNumber(raw: string): number | string {
  // Number("") is 0 and Number("0x10") is 16: accept only plain decimal notation.
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : raw;
}

function configError(field: string, message: string): RafagaError {
  return new RafagaError("CONFIG", message, { field });
}
