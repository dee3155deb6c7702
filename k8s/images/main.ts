#!/usr/bin/env bun
// npm run images: builds Dockerfile.bun and Dockerfile.node with buildah from local base
// images (no registry needed), then runs the pipeline from those images (see image-run.ts).
import { ensureBaseImages } from "./base-images.ts";
import { buildImage, projectImages } from "./build-images.ts";
import { Buildah } from "./buildah.ts";

const progress = (message: string) => console.log(`images: ${message}`);
const buildah = new Buildah();
const started = performance.now();
await ensureBaseImages(buildah, progress);
for (const build of projectImages()) {
  const seconds = await buildImage(buildah, build, progress);
  progress(`${build.image} built from ${build.dockerfile} in ${seconds.toFixed(0)} s`);
}
progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
