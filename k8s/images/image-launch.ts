import { relative } from "node:path";
import { repoRoot, type TierSpec } from "@rafaga/runner";
import type { Buildah } from "./buildah.ts";

export interface ProjectImages {
  /** Dockerfile.bun: every tier under Bun. */
  bun: string;
  /** Dockerfile.node: the librdkafka tiers, as the Node bundle. */
  node: string;
}

export interface ImageLauncher {
  /** For startPipeline's `launch`: the tier's command run inside its image. */
  launch(spec: TierSpec): TierSpec;
  /** Removes the working containers made so far. */
  cleanup(): Promise<void>;
}

/**
 * Runs each tier from the project's images instead of the checkout: the Bun tiers with the
 * image's bun and /app/packages, the librdkafka tiers with the image's node and its bundle.
 * Chroot isolation shares the host's network, so a tier's ports and the local brokers are
 * where the layout says; only the spec's own environment reaches the process.
 */
export function imageLauncher(buildah: Buildah, images: ProjectImages): ImageLauncher {
  const containers: string[] = [];
  return {
    launch(spec) {
      const [program, ...args] = spec.command;
      const onNode = program === "node";
      const inImage = onNode
        ? ["node", ...args.map((arg) => (arg.startsWith("/") ? relative(repoRoot, arg) : arg))]
        : ["bun", ...args];
      const from = Bun.spawnSync(
        buildah.command(["from", "-q", onNode ? images.node : images.bun]),
      );
      if (from.exitCode !== 0) {
        throw new Error(`buildah from for ${spec.name} failed: ${from.stderr.toString().trim()}`);
      }
      const container = from.stdout.toString().trim();
      containers.push(container);
      const env = Object.entries(spec.env).flatMap(([name, value]) => [
        "--env",
        `${name}=${value}`,
      ]);
      return {
        ...spec,
        command: buildah.command([
          "run",
          "--isolation",
          "chroot",
          ...env,
          container,
          "--",
          ...inImage,
        ]),
        env: {},
      };
    },
    async cleanup() {
      const made = containers.splice(0);
      if (made.length > 0) await buildah.run(["rm", ...made]);
    },
  };
}
