import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const pinned = readFileSync(join(root, "scripts/bootstrap.sh"), "utf8").match(
  /^node_version=(\S+)$/m,
)?.[1];
const linked = join(root, "node_modules/.bin/node");
const onLinuxX64 = process.platform === "linux" && process.arch === "x64";

async function nodeSays(executable: string, script: string): Promise<string> {
  const proc = Bun.spawn([executable, "-e", script], { cwd: root, stderr: "pipe" });
  const [out, err, code] = [
    await new Response(proc.stdout).text(),
    await new Response(proc.stderr).text(),
    await proc.exited,
  ];
  if (code !== 0) throw new Error(`${executable} exited ${code}: ${err}`);
  return out.trim();
}

describe.if(onLinuxX64)("the Node that bootstrap installs", () => {
  test("is the pinned LTS, linked where npm scripts find it first", async () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(linked)).toBe(true);
    expect(await nodeSays(linked, "process.stdout.write(process.version)")).toBe(`v${pinned}`);
    // Under an npm script (npm test) every spawned `node` is this one.
    if (process.env.npm_lifecycle_event) {
      expect(realpathSync(Bun.which("node") ?? "")).toBe(realpathSync(linked));
    }
  });

  test("loads librdkafka's addon, which was built for it", async () => {
    const script =
      "const { Producer } = require('@confluentinc/kafka-javascript'); process.stdout.write(typeof Producer)";
    expect(await nodeSays(linked, script)).toBe("function");
  });
});
