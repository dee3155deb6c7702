#!/usr/bin/env bun
// Bundles the Kafka tiers for Node into dist/node/ (used by Dockerfile.node): librdkafka's
// addon needs V8's C++ API, which Bun lacks, so these two mains run under Node.
import { join } from "node:path";
import { bundleForNode, repoRoot } from "@rafaga/runner";

const outputs = await bundleForNode(
  [
    join(repoRoot, "packages/writers/src/main.ts"),
    join(repoRoot, "packages/consumers/src/main.ts"),
  ],
  join(repoRoot, "dist", "node"),
);
for (const path of outputs) console.log(path);
