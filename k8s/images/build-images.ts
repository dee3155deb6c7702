import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@rafaga/runner";
import { DEBIAN_BASE, NODE_BASE } from "./base-images.ts";
import type { Buildah } from "./buildah.ts";

export interface ImageBuild {
  /** The image name the manifests use, with the tag of k8s/base/kustomization.yaml. */
  image: string;
  dockerfile: string;
}

/** The project's two images, named and tagged as the kustomization's `images:` entries. */
export function projectImages(): ImageBuild[] {
  const kustomization = readFileSync(join(repoRoot, "k8s/base/kustomization.yaml"), "utf8");
  const tagOf = (name: string) => {
    const entry = new RegExp(`- name: ${name.replace(/[.]/g, "\\.")}\\s+newTag: (\\S+)`).exec(
      kustomization,
    );
    if (!entry) throw new Error(`k8s/base/kustomization.yaml has no images entry for ${name}`);
    return `${name}:${entry[1]}`;
  };
  return [
    { image: tagOf("registry.local/rafaga-bun"), dockerfile: "Dockerfile.bun" },
    { image: tagOf("registry.local/rafaga-node"), dockerfile: "Dockerfile.node" },
  ];
}

/** buildah bud of one Dockerfile from the local base images; layers cached between runs. */
export async function buildImage(
  buildah: Buildah,
  build: ImageBuild,
  progress: (message: string) => void,
): Promise<number> {
  const started = performance.now();
  await buildah.run(
    [
      "bud",
      "--isolation",
      "chroot",
      "--layers",
      "--build-arg",
      `NODE_IMAGE=${NODE_BASE}`,
      "--build-arg",
      `DEBIAN_IMAGE=${DEBIAN_BASE}`,
      "-f",
      join(repoRoot, build.dockerfile),
      "-t",
      build.image,
      repoRoot,
    ],
    (line) => {
      if (/STEP \d+\/\d+|^COMMIT/.test(line)) progress(`${build.image}: ${line}`);
    },
  );
  return (performance.now() - started) / 1000;
}
