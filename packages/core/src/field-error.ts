import type { TObject, TSchema } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import { RafagaError } from "./rafaga-error.ts";
import { expectation } from "./schema-text.ts";

/**
 * Failure path only: the whole-object check (compiled once per schema) already said
 * "invalid", now find the first offending field, in declaration order, then extras.
 * Per-field checkers are compiled lazily because valid traffic never needs them.
 */
const fieldCheckers = new WeakMap<TObject, Map<string, TypeCheck<TSchema>>>();

function checkerFor(schema: TObject, name: string, prop: TSchema): TypeCheck<TSchema> {
  let byField = fieldCheckers.get(schema);
  if (byField === undefined) {
    byField = new Map();
    fieldCheckers.set(schema, byField);
  }
  let check = byField.get(name);
  if (check === undefined) {
    check = TypeCompiler.Compile(prop);
    byField.set(name, check);
  }
  return check;
}

export function firstFieldError(schema: TObject, input: unknown, what = "body"): RafagaError {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return new RafagaError("VALIDATION", `${what} must be a JSON object`, { field: what });
  }
  const record = input as Record<string, unknown>;
  for (const [name, prop] of Object.entries(schema.properties)) {
    const value = record[name];
    if (value === undefined) {
      if (schema.required?.includes(name)) return fieldError(name, `${name} is required`);
      continue;
    }
    if (!checkerFor(schema, name, prop).Check(value)) {
      return fieldError(name, `${name} must be ${expectation(prop)}`);
    }
  }
  if (schema.additionalProperties === false) {
    for (const name of Object.keys(record)) {
      if (!Object.hasOwn(schema.properties, name)) {
        return fieldError(name, `${name} is not a known field`);
      }
    }
  }
  return new RafagaError("VALIDATION", `${what} is invalid`, { field: what });
}

export function fieldError(field: string, message: string): RafagaError {
  return new RafagaError("VALIDATION", message, { field });
}
