/**
 * Tier "valkey-apply": the consumers' apply rate (WeatherStore.applyBatch, one caller
 * awaiting each batch) against batch size, under Bun and under Node with the same code,
 * against the Valkey that infra runs. The limit: redis-benchmark sending the same
 * EVALSHA with a batch of 1000 (see valkey-limit.ts).
 */
import { join } from "node:path";
import { endpoints, ensureUp } from "@rafaga/infra";
import { bundleForNode, repoRoot } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { bunPath, runToEnd } from "./http-children.ts";
import { ensureDebianTool } from "./http-tools.ts";
import { dropPrefix, perfPrefix } from "./valkey-keys.ts";
import { redisBenchmarkLimit } from "./valkey-limit.ts";

const SIZES = [1, 10, 100, 1000];
const runner = join(import.meta.dir, "valkey-apply-runner.ts");

async function run({ quick, progress }: HarnessOptions): Promise<TierResult> {
  const seconds = quick ? 1.2 : 4;
  const notes: string[] = [];
  await ensureUp(["valkey"]);
  const url = endpoints.valkeyUrl;
  const [nodeRunner] = await bundleForNode([runner], join(repoRoot, "dist", "perf-valkey-apply"));
  const prefixes: string[] = [];

  async function measure(runtime: "bun" | "node"): Promise<Measurement[]> {
    const prefix = perfPrefix();
    prefixes.push(prefix);
    progress(
      `valkey-apply: applyBatch under ${runtime}, batch ${SIZES.join("/")}, ${seconds}s each`,
    );
    const spec = JSON.stringify({ url, prefix, sizes: SIZES, seconds, warmupSeconds: 0.3 });
    const cmd = runtime === "bun" ? [bunPath, runner, spec] : ["node", nodeRunner ?? "", spec];
    const out = await runToEnd(cmd, { cpu: 1 });
    const rows = [...out.matchAll(/^RESULT (\{.*\})$/gm)].map((m) => JSON.parse(m[1] ?? "{}"));
    if (rows.length !== SIZES.length) throw new Error(`${runtime} runner:\n${out.slice(-2000)}`);
    return rows.map((r) => ({
      label: `WeatherStore.applyBatch under ${runtime === "bun" ? "Bun" : "Node"}, batch ${r.size}`,
      perSecond: r.perSecond,
      latencyMs: r.latencyMs,
      params: { runtime, batch: r.size },
    }));
  }

  try {
    const bun = await measure("bun");
    let node: Measurement[] = [];
    try {
      node = await measure("node");
    } catch (error) {
      notes.push(`Node runner failed, no Bun/Node comparison: ${String(error).split("\n")[0]}`);
    }
    const find = (rows: Measurement[], batch: number) =>
      rows.find((m) => m.params?.batch === batch)?.perSecond ?? 0;
    let limit: Measurement | undefined;
    if (await ensureDebianTool("redis-benchmark", "redis-tools", progress)) {
      const prefix = perfPrefix();
      prefixes.push(prefix);
      // As many batches as Bun applied in the same time, so the limit runs about as long.
      const batches = Math.max(20, Math.round((find(bun, 1000) * seconds) / 1000));
      progress(`valkey-apply: limit, redis-benchmark EVALSHA x ${batches} batches of 1000`);
      limit = await redisBenchmarkLimit({ url, prefix, batch: 1000, batches, cpu: 1 });
    } else {
      notes.push("redis-benchmark unavailable (no apt/root): no limit measured");
    }
    const ratios: Record<string, number> = {};
    if (limit) ratios["bun batch1000 / limit"] = find(bun, 1000) / limit.perSecond;
    const comparisons: Record<string, number> = {};
    if (find(node, 100) > 0) comparisons["bun / node batch100"] = find(bun, 100) / find(node, 100);
    notes.push(
      `one caller awaiting each batch; ${seconds}s per size; latency is per applyBatch call ` +
        "(the whole batch), events/s counts applied events",
    );
    return {
      tier: "valkey-apply",
      title: "Consumer apply to Valkey: batch size, Bun vs Node",
      downstream:
        "the real Valkey (infra), weather-apply.lua under a fresh key prefix, deleted after",
      measurements: [...bun, ...node],
      ...(limit ? { limit } : {}),
      ratios,
      comparisons,
      notes,
    };
  } finally {
    for (const prefix of prefixes) await dropPrefix(url, prefix);
  }
}

export const valkeyApplyHarness: Harness = { tier: "valkey-apply", run };
