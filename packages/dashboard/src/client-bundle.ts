import { join } from "node:path";
import { RafagaError } from "@rafaga/core";

/**
 * The page's script with Chart.js inside, built once at start-up: the page loads nothing
 * from outside, so it works offline and behind a firewall.
 */
export async function buildClientBundle(): Promise<string> {
  const built = await Bun.build({
    entrypoints: [join(import.meta.dir, "client", "app.ts")],
    target: "browser",
    minify: true,
  });
  const [output] = built.outputs;
  if (!built.success || output === undefined) {
    throw new RafagaError("INFRA", `bundling the dashboard page failed: ${built.logs.join("\n")}`);
  }
  return output.text();
}
