import { expect, test } from "bun:test";
import { join } from "node:path";

const entry = join(import.meta.dir, "main.ts");

async function run(env: Record<string, string>) {
  const proc = Bun.spawn([process.execPath, entry], {
    env: { ...process.env, LOG_LEVEL: "info", PORT: "0", HOST: "127.0.0.1", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const output =
    (await new Response(proc.stdout).text()) + (await new Response(proc.stderr).text());
  return { code: await proc.exited, output };
}

test("a bad variable stops the edge before it connects, naming the variable", async () => {
  const { code, output } = await run({ ROUTING_SALES: "sideways" });
  expect(code).toBe(2);
  expect(output).toContain('"field":"ROUTING_SALES"');
});

test("batching bounds are checked at start-up", async () => {
  const { code, output } = await run({ BATCH_EAGER: "-1" });
  expect(code).toBe(2);
  expect(output).toContain('"field":"BATCH_EAGER"');
});

test("an unreachable broker fails the start-up with exit 1 and a message, not a hang", async () => {
  const { code, output } = await run({
    ROUTING_WEATHER: "rabbitmq",
    ROUTING_SALES: "rabbitmq",
    AMQP_URL: "amqp://guest:guest@127.0.0.1:1",
  });
  expect(code).toBe(1);
  expect(output).toContain("start-up failed");
}, 30_000);
