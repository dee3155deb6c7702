import { expect, test } from "bun:test";
import { join } from "node:path";

const entry = join(import.meta.dir, "main.ts");

async function run(env: Record<string, string>) {
  const proc = Bun.spawn([process.execPath, entry], {
    env: { ...process.env, LOG_LEVEL: "info", PORT: "0", METRICS_PORT: "0", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const output =
    (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
  return { code: await proc.exited, output };
}

test("a bad variable stops the writer before it connects, naming the variable", async () => {
  const { code, output } = await run({ BROKER: "nope" });
  expect(code).toBe(2);
  expect(output).toContain('"field":"BROKER"');
});

test("librdkafka under Bun is refused with a clear message instead of an abort", async () => {
  const { code, output } = await run({ BROKER: "kafka", KAFKA_CLIENT: "rdkafka" });
  expect(code).toBe(1);
  expect(output).toContain("KAFKA_CLIENT=rdkafka needs Node");
});
