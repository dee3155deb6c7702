import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expandIncludes, expandWith } from "./lua-includes.ts";
import { LUA_INCLUDES } from "./lua-sources.ts";

const includesDir = fileURLToPath(new URL("./lua/includes/", import.meta.url));

describe("embedded Lua includes", () => {
  test("match src/lua/includes/*.lua (run scripts/gen-lua-sources.ts if not)", () => {
    const onDisk = readdirSync(includesDir).filter((f) => f.endsWith(".lua"));
    expect(Object.keys(LUA_INCLUDES).sort()).toEqual(onDisk.sort());
    for (const [name, text] of Object.entries(LUA_INCLUDES)) {
      expect(text).toBe(readFileSync(includesDir + name, "utf8"));
    }
  });

  test("an include line becomes the included file, from disk or from the embedded copy", () => {
    const fence = readFileSync(`${includesDir}offset-fence.lua`, "utf8").trimEnd();
    const script = 'local a = 1\n-- @include "offset-fence.lua"\nreturn a\n';
    const expected = `local a = 1\n${fence}\nreturn a\n`;
    expect(expandIncludes(script, includesDir)).toBe(expected);
    expect(expandWith(script, (name) => LUA_INCLUDES[name] ?? "")).toBe(expected);
  });
});
