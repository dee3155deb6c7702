import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { luaFolders, luaModule } from "../scripts/gen-lua-sources.ts";

describe("each domain's embedded Lua", () => {
  const folders = luaFolders();

  test("matches the folder's *.lua with the shared includes (run scripts/gen-lua-sources.ts if not)", () => {
    expect(folders.length).toBeGreaterThanOrEqual(2);
    for (const folder of folders) {
      expect(readFileSync(`${folder}lua-sources.ts`, "utf8")).toBe(luaModule(folder));
    }
  });

  test("every script documents its KEYS, ARGV and result in its header", async () => {
    for (const folder of folders) {
      const { LUA_SOURCES } = (await import(`${folder}lua-sources.ts`)) as {
        LUA_SOURCES: Record<string, string>;
      };
      for (const [name, text] of Object.entries(LUA_SOURCES)) {
        expect(text).not.toContain("@include");
        const header = text.slice(0, text.indexOf("]]"));
        expect({ name, keys: /\n\s*KEYS:/.test(header) }).toEqual({ name, keys: true });
        expect({ name, argv: /\n\s*ARGV\[1\]/.test(header) }).toEqual({ name, argv: true });
        expect({ name, result: /\n\s*Result:/.test(header) }).toEqual({ name, result: true });
      }
    }
  });
});
