import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The files of this package that `entry` reaches through relative imports. */
function reachable(entry: string): Set<string> {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { path, kind } of transpiler.scanImports(
      readFileSync(file, "utf8").replace(/^#!.*/, ""),
    )) {
      // Dynamic imports load only when their command runs (chaos loads the test pipeline).
      if (!path.startsWith(".") || kind === "dynamic-import") continue;
      const target = join(dirname(file), path);
      if (existsSync(target)) visit(target);
    }
  };
  visit(entry);
  return seen;
}

test("npm start / serve (packages/cli/src/main.ts) load no test kit", () => {
  const files = [...reachable(join(import.meta.dir, "main.ts"))].map((f) =>
    f.slice(import.meta.dir.length + 1),
  );
  expect(files).toContain("main-job.ts");
  expect(files.filter((f) => /test|kit|fault-load/.test(f))).toEqual([]);
});
