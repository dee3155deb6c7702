/**
 * The whole test suite, as `npm test` runs it: lint and types, infrastructure up, the Bun
 * suites, then the suites that must run under Node (librdkafka), bundled from the same
 * TypeScript. Ends with one line `N passed, N failed` summed over all of them.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { bundleForNode } from "@rafaga/runner";

const root = join(import.meta.dir, "..");
const bun = process.execPath;
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const filter = process.argv.slice(2);

interface Tally {
  passed: number;
  failed: number;
}
const total: Tally = { passed: 0, failed: 0 };
const failures: string[] = [];

async function run(
  cmd: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  const proc = Bun.spawn(cmd, {
    cwd: root,
    // Tests provoke broker failures on purpose; their warnings would bury the results.
    env: { LOG_LEVEL: "error", ...process.env, ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  let out = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      out += text;
      sink.write(text);
    }
  };
  await Promise.all([pump(proc.stdout, process.stdout), pump(proc.stderr, process.stderr)]);
  return { code: await proc.exited, out };
}

/** Lint and type errors count as one failed check each, so the summary cannot hide them. */
async function check(name: string, cmd: string[]): Promise<void> {
  console.log(`\n== ${name}: ${cmd.map((c) => c.replace(root, ".")).join(" ")}`);
  const { code } = await run(cmd);
  if (code === 0) total.passed++;
  else {
    total.failed++;
    failures.push(name);
  }
}

function count(out: string, pattern: RegExp): number {
  let sum = 0;
  for (const m of out.matchAll(pattern)) sum += Number(m[1]);
  return sum;
}

function nodeTestFiles(): string[] {
  const files: string[] = [];
  for (const dir of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", dir, "src");
    for (const f of readdirSync(src, { recursive: true }) as string[]) {
      if (f.endsWith(".node-test.ts")) files.push(join(src, f));
    }
  }
  return files.filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
}

if (filter.length === 0) {
  await check("lint (biome)", [bin("biome"), "ci", "."]);
  await check("typecheck (tsc)", [bin("tsc"), "-p", "tsconfig.json", "--noEmit"]);
  await check("typecheck of the dashboard page (tsc, DOM)", [
    bin("tsc"),
    "-p",
    "packages/dashboard/tsconfig.client.json",
    "--noEmit",
  ]);
}

console.log("\n== infrastructure: Kafka, RabbitMQ, Valkey");
const infra = await run([bun, "packages/infra/src/main.ts", "up"]);
if (infra.code !== 0) {
  total.failed++;
  failures.push("infrastructure up");
} else {
  console.log("\n== bun test");
  const bunTests = await run([
    bun,
    "test",
    ...(filter.length ? filter : ["packages", "k8s", "scripts", "perf"]),
  ]);
  const passed = count(bunTests.out, /^\s*(\d+) pass$/gm);
  const failed = count(bunTests.out, /^\s*(\d+) fail$/gm);
  total.passed += passed;
  total.failed += failed;
  if (bunTests.code !== 0 && failed === 0) {
    total.failed++;
    failures.push("bun test exited non-zero");
  } else if (failed > 0) failures.push(`bun test: ${failed} failed`);

  const entries = nodeTestFiles();
  if (entries.length > 0) {
    console.log("\n== node --test (librdkafka runs under Node only)");
    let files: string[] = [];
    try {
      files = await bundleForNode(entries, join(root, "dist", "node-tests"));
    } catch (error) {
      console.error(error);
      total.failed++;
      failures.push("node test bundle");
    }
    if (files.length > 0) {
      // --test-force-exit: a test that failed halfway may leave a client open; the suite must still end.
      const nodeTests = await run([
        "node",
        // The broker conformance suite collects garbage to check that no batch is kept.
        "--expose-gc",
        "--test",
        "--test-force-exit",
        "--test-reporter=spec",
        ...files,
      ]);
      const passed = count(nodeTests.out, /^ℹ pass (\d+)$/gm);
      const failed = count(nodeTests.out, /^ℹ fail (\d+)$/gm);
      total.passed += passed;
      total.failed += failed;
      if (nodeTests.code !== 0 && failed === 0) {
        total.failed++;
        failures.push("node --test exited non-zero");
      } else if (failed > 0) failures.push(`node --test: ${failed} failed`);
    }
  }
}

// The perf regression gate (issue 5): ratios of the quick benchmark suite against
// perf/baseline.json. A ratio that fails is measured once more before it counts, since one
// noisy sample on a shared 2-core machine is not a regression; two in a row are.
if (
  filter.length === 0 &&
  process.env.RAFAGA_SKIP_PERF !== "1" &&
  !failures.includes("infrastructure up")
) {
  console.log("\n== perf regression gate (npm run perf:ci)");
  const { runPerfGate } = await import("../perf/src/ci-gate.ts");
  const first = await runPerfGate();
  console.log(first.summary);
  let regressed: string[] = [];
  if (!first.ok) {
    console.log("\n== perf regression gate, second measurement");
    const second = await runPerfGate();
    console.log(second.summary);
    // A regression is the same ratio failing twice in a row; different ratios failing in
    // the two measurements is the noise of a shared 2-core machine (seen in CI runs).
    regressed = first.failing.filter((r) => second.failing.includes(r));
    console.log(
      regressed.length > 0
        ? `regressed in both measurements: ${regressed.join("; ")}`
        : "no ratio failed twice: noise, not a regression",
    );
  }
  if (regressed.length === 0) total.passed++;
  else {
    total.failed++;
    failures.push("perf regression gate");
  }
}

if (failures.length > 0) console.log(`\nfailed: ${failures.join("; ")}`);
console.log(`\n${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed > 0 ? 1 : 0);
