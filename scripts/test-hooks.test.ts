import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import ts from "typescript";

// Bun applies bunfig's [test] timeout to tests but not to hooks: a hook without its own
// timeout fails after 5 s. CI lost a run to an afterAll that restarted Valkey.
const HOOKS = new Set(["beforeAll", "afterAll", "beforeEach", "afterEach"]);

/** Hook calls in a source file that pass no timeout, as "file:line hook". */
export function hooksWithoutTimeout(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      HOOKS.has(node.expression.text) &&
      node.arguments.length < 2
    ) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${file}:${line + 1} ${node.expression.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("test hooks", () => {
  test("the check finds a hook without a timeout and accepts one with", () => {
    const src = "afterAll(async () => {});\nbeforeEach(() => {}, 1000);";
    expect(hooksWithoutTimeout("x.test.ts", src)).toEqual(["x.test.ts:1 afterAll"]);
  });

  test("every hook in the suite passes its own timeout", async () => {
    const offenders: string[] = [];
    for (const pattern of ["packages/**/*.test.ts", "k8s/**/*.test.ts", "perf/**/*.test.ts"]) {
      for await (const file of new Glob(pattern).scan({ cwd: `${import.meta.dir}/..` })) {
        if (file.includes("node_modules")) continue;
        const source = await Bun.file(`${import.meta.dir}/../${file}`).text();
        offenders.push(...hooksWithoutTimeout(file, source));
      }
    }
    expect(offenders).toEqual([]);
  });
});
