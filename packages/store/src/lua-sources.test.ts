import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expandIncludes } from "./lua-includes.ts";
import { LUA_SOURCES } from "./lua-sources.ts";

const luaDir = fileURLToPath(new URL("./lua/", import.meta.url));

describe("embedded Lua sources", () => {
  test("match src/lua/*.lua with their includes (run scripts/gen-lua-sources.ts if not)", () => {
    const onDisk = readdirSync(luaDir).filter((f) => f.endsWith(".lua"));
    expect(Object.keys(LUA_SOURCES).sort()).toEqual(onDisk.sort());
    for (const [name, text] of Object.entries(LUA_SOURCES)) {
      const source = readFileSync(luaDir + name, "utf8");
      expect(text).toBe(expandIncludes(source, `${luaDir}includes/`));
      expect(text).not.toContain("@include");
    }
  });

  test("an include line becomes the included file", () => {
    const fence = readFileSync(`${luaDir}includes/offset-fence.lua`, "utf8").trimEnd();
    const expanded = expandIncludes(
      'local a = 1\n-- @include "offset-fence.lua"\nreturn a\n',
      `${luaDir}includes/`,
    );
    expect(expanded).toBe(`local a = 1\n${fence}\nreturn a\n`);
  });

  test("every script documents its KEYS, ARGV and result in its header", () => {
    for (const [name, text] of Object.entries(LUA_SOURCES)) {
      const header = text.slice(0, text.indexOf("]]"));
      expect({ name, keys: /\n\s*KEYS:/.test(header) }).toEqual({ name, keys: true });
      expect({ name, argv: /\n\s*ARGV\[1\]/.test(header) }).toEqual({ name, argv: true });
      expect({ name, result: /\n\s*Result:/.test(header) }).toEqual({ name, result: true });
    }
  });
});
