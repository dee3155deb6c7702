import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { countMatrix, SalesOracle, weatherWorkload } from "@rafaga/domains";
import {
  expectSalesExact,
  sendSales,
  startTestPipeline,
  type TestPipeline,
  type TestPipelineOptions,
} from "@rafaga/e2e-kit";
import { runClosedLoop } from "@rafaga/loadgen";
import { settle } from "@rafaga/runner";
import { ensureBaseImages } from "./base-images.ts";
import { buildImage, projectImages } from "./build-images.ts";
import { Buildah } from "./buildah.ts";
import { type ImageLauncher, imageLauncher } from "./image-launch.ts";

/*
 * npm run images as a test: Dockerfile.bun and Dockerfile.node built with buildah from
 * local base images, then the whole per-tier pipeline run from those images against the
 * real brokers. The first build on a machine takes about 3 minutes (librdkafka compiles in
 * the Node image); later ones reuse the layers in ~/.cache/rafaga/containers.
 */

const progress = (message: string) => console.log(`images test: ${message}`);
let buildah: Buildah;
let launcher: ImageLauncher;

beforeAll(async () => {
  buildah = new Buildah();
  await ensureBaseImages(buildah, progress);
  for (const build of projectImages()) {
    const seconds = await buildImage(buildah, build, () => {});
    progress(`${build.image} built in ${seconds.toFixed(0)} s`);
  }
  const [bun, node] = projectImages().map((b) => b.image) as [string, string];
  launcher = imageLauncher(buildah, { bun, node });
}, 1_200_000);

afterAll(async () => {
  await launcher?.cleanup();
}, 60_000);

test("each image runs its entry as the manifests' non-root user", async () => {
  for (const { image } of projectImages()) {
    const container = await buildah.run(["from", "-q", image]);
    try {
      const uid = await buildah.run(["run", "--isolation", "chroot", container, "--", "id", "-u"]);
      expect(Number(uid)).toBeGreaterThan(0);
    } finally {
      await buildah.run(["rm", container]);
    }
  }
}, 60_000);

/** The per-tier pipeline with every tier started from the images, for one describe. */
function pipelineFromImages(options: TestPipelineOptions): () => TestPipeline {
  let t: TestPipeline | undefined;
  beforeAll(async () => {
    t = await startTestPipeline({
      ...options,
      kind: "tiers",
      launch: (spec) => launcher.launch(spec),
      readyTimeoutMs: 120_000,
    });
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  }, 60_000);
  return () => t as TestPipeline;
}

// writer-kafka runs on librdkafka from the Node image here, so that the Node image is proven
// too; the next describe runs it as k8s/base does, on Bun.
describe("the per-tier pipeline from the images (writer-kafka on Node, the rest on Bun)", () => {
  const pipeline = pipelineFromImages({
    routingWeather: "both",
    kafkaWriterClient: "rdkafka",
    dashboard: true,
  });

  test("every tier is the image's: its process runs the image's runtime", () => {
    const t = pipeline();
    const commands = t.pipeline.tiers.map((tier) => tier.spec.command.join(" "));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands)
      expect(command).toMatch(/ run --isolation chroot .* -- (bun|node) /);
    expect(commands.filter((c) => c.includes(" -- node dist/node/"))).toHaveLength(1);
  });

  test("2,000 reports through both brokers are counted exactly once, and the dashboard shows them", async () => {
    const t = pipeline();
    const load = await runClosedLoop({
      url: `${t.pipeline.ingestUrl}/api/tweets`,
      total: 2_000,
      concurrency: 10,
      next: weatherWorkload(11),
    });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: 2_000 });
    const expected = countMatrix(load.accepted);
    expect(await settle(() => t.weather.readCounts(), expected)).toEqual(expected);
    // The dashboard (from the Bun image) reads Valkey once per refresh.
    const total = async () => {
      const snapshot = (await fetch(`${t.pipeline.dashboardUrl}api/panels`).then((r) =>
        r.json(),
      )) as { domains: { panels: { id: string; title: string }[] }[] };
      const panels = snapshot.domains.flatMap((d) => d.panels);
      return panels.find((p) => p.id === "weather-by-municipality")?.title;
    };
    const title = "Weather reports per municipality (2,000 in all)";
    expect(await settle(total, title)).toBe(title);
  }, 120_000);
});

// What k8s/base deploys: every tier from the Bun image, writer-kafka on the pure-JS client.
describe("the per-tier pipeline as the manifests run it (every tier from the Bun image)", () => {
  const pipeline = pipelineFromImages({ routingSales: "kafka", kafkaWriterClient: "js" });

  test("every tier, writer-kafka included, runs the Bun image's bun", () => {
    const t = pipeline();
    const runtimes = Object.fromEntries(
      t.pipeline.tiers.map((tier) => [
        tier.spec.name,
        / -- (\S+) /.exec(tier.spec.command.join(" "))?.[1],
      ]),
    );
    expect(runtimes["writer-kafka"]).toBe("bun");
    expect(new Set(Object.values(runtimes))).toEqual(new Set(["bun"]));
  });

  test("1,000 sales through Kafka are counted exactly once", async () => {
    const t = pipeline();
    const oracle = new SalesOracle();
    const load = await sendSales(t, oracle, { total: 1_000, seed: 5 });
    expect(Object.fromEntries(load.statuses)).toEqual({ 202: 1_000 });
    await expectSalesExact(t, oracle);
  }, 120_000);
});
