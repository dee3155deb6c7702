import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..", "..", "..");

/** Third-party packages stay external (Node resolves them from node_modules); only our TypeScript is bundled. */
function thirdPartyDependencies(): string[] {
  const names = new Set<string>();
  for (const dir of readdirSync(join(root, "packages"))) {
    const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      if (!name.startsWith("@rafaga/")) names.add(name);
    }
  }
  return [...names];
}

/**
 * Builds entry points for Node from the same TypeScript the Bun tiers run. The Kafka
 * tier needs this: librdkafka's addon uses V8's C++ API, which Bun lacks.
 * Returns the paths of the emitted .js files, in entry order.
 */
export async function bundleForNode(entries: string[], outdir: string): Promise<string[]> {
  rmSync(outdir, { recursive: true, force: true });
  const built = await Bun.build({
    entrypoints: entries,
    outdir,
    root,
    target: "node",
    format: "esm",
    external: thirdPartyDependencies(),
  });
  if (!built.success) {
    throw new AggregateError(built.logs, `bundling for Node failed: ${built.logs.join("\n")}`);
  }
  return built.outputs.map((o) => o.path).filter((p) => p.endsWith(".js"));
}

export const repoRoot = root;
