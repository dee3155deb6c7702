import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LUA_SOURCES } from "./lua-sources.ts";

const luaDir = fileURLToPath(new URL("./lua/", import.meta.url));

describe("embedded Lua sources", () => {
  test("match src/lua/*.lua byte for byte (run scripts/gen-lua-sources.ts if not)", () => {
    const onDisk = readdirSync(luaDir).filter((f) => f.endsWith(".lua"));
    expect(Object.keys(LUA_SOURCES).sort()).toEqual(onDisk.sort());
    for (const [name, text] of Object.entries(LUA_SOURCES)) {
      expect(text).toBe(readFileSync(luaDir + name, "utf8"));
    }
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
