import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The files of this package that `entry` reaches through static relative imports, and
 * the packages they import statically. Dynamic imports load only when their command
 * runs (`chaos` loads the end-to-end kit).
 */
function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const { path, kind } of transpiler.scanImports(
      readFileSync(file, "utf8").replace(/^#!.*/, ""),
    )) {
      if (kind === "dynamic-import") continue;
      if (!path.startsWith(".")) {
        packages.add(path);
        continue;
      }
      const target = join(dirname(file), path);
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return { files, packages };
}

test("npm start / serve (packages/cli/src/main.ts) load no test kit", () => {
  const { files, packages } = reachable(join(import.meta.dir, "main.ts"));
  const names = [...files].map((f) => f.slice(import.meta.dir.length + 1));
  expect(names).toContain("main-job.ts");
  expect(names.filter((f) => /test|kit|fault-load/.test(f))).toEqual([]);
  expect(packages).toContain("@rafaga/runner");
  expect([...packages].filter((p) => /e2e|test|kit/.test(p))).toEqual([]);
});
