import { readFileSync } from "node:fs";
import { RafagaError } from "@rafaga/core";
import { LUA_INCLUDES } from "./lua-sources.ts";

/** A line `-- @include "name.lua"` in a script (bullmq's convention). */
const INCLUDE = /^-- @include "([\w.-]+\.lua)"$/gm;

/**
 * A script with each include line replaced by the file from `includesDir`, so that logic
 * shared by the apply scripts is written once. Valkey runs one self-contained source per
 * script, so this happens when the sources are embedded, never at run time.
 */
export function expandIncludes(source: string, includesDir: string): string {
  return expandWith(source, (name) => readFileSync(`${includesDir}${name}`, "utf8"));
}

/** The same with the includes from `read` (a file, or the embedded copies). */
export function expandWith(source: string, read: (name: string) => string): string {
  return source.replace(INCLUDE, (_line, name: string) => read(name).trimEnd());
}

/** `source` with the store's shared includes (the embedded copies); CONFIG naming `script` for an unknown one. */
export function withSharedIncludes(script: string, source: string): string {
  return expandWith(source, (name) => {
    const include = LUA_INCLUDES[name];
    if (include === undefined) throw new RafagaError("CONFIG", `${script}: no include ${name}`);
    return include;
  });
}

/** A script as a template literal for a generated module: escapes what a template would interpret. */
export const luaLiteral = (text: string): string =>
  `\`${text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;
