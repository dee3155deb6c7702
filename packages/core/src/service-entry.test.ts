import { expect, test } from "bun:test";

const entry = new URL("./service-entry.ts", import.meta.url).pathname;

/** Runs a tiny service entry in its own process: defineService exits, so it cannot run here. */
async function runEntry(body: string, signal?: NodeJS.Signals) {
  const source = `import { defineService } from ${JSON.stringify(entry)};\n${body}`;
  const child = Bun.spawn([process.execPath, "-e", source], { stdout: "pipe", stderr: "pipe" });
  let out = "";
  let signalled = false;
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    out += decoder.decode(chunk);
    if (signal && !signalled && out.includes("started")) {
      signalled = true;
      child.kill(signal);
    }
  }
  const code = await child.exited;
  out += await new Response(child.stderr).text();
  return { code, out };
}

const signals = `onSignals: (stop) => process.on("SIGTERM", () => stop("SIGTERM")),`;

test("a configuration that fails exits 2 with a log line naming it, before start", async () => {
  const { code, out } = await runEntry(`await defineService({ name: "t",
    config: () => { throw Object.assign(new Error("PORT must be a port"), { code: "CONFIG" }); },
    ${signals}
    start: async () => console.log("started") });`);
  expect(code).toBe(2);
  expect(out).toContain("PORT must be a port");
  expect(out).not.toContain("started");
});

test("a start that fails closes what it opened and exits 1", async () => {
  const { code, out } = await runEntry(`await defineService({ name: "t", config: () => ({}),
    ${signals}
    start: async ({ shutdown }) => {
      shutdown.add("socket", async () => console.log("closed socket"));
      throw new Error("port in use");
    } });`);
  expect(code).toBe(1);
  expect(out).toContain("closed socket");
  expect(out).toContain("port in use");
});

test("the entry's signal handler runs the closers and exits 0", async () => {
  const { code, out } = await runEntry(
    `await defineService({ name: "t", config: () => ({ n: 1 }),
    ${signals}
    start: async ({ config, shutdown }) => {
      shutdown.add("server", async () => console.log("closed server " + config.n));
      setInterval(() => {}, 1000);
      console.log("started");
    } });`,
    "SIGTERM",
  );
  expect(code).toBe(0);
  expect(out).toContain("closed server 1");
}, 20_000);
