/**
 * Tier "ingest-http": the HTTP edge alone, a null sink downstream. The real app
 * (createIngestApp under Bun.serve) against the limit of the same run (a minimal
 * Bun.serve that reads the body and answers 202), and the alternative adapters on Node
 * (uWebSockets.js, node:http) doing the same validation. Server pinned to core 0, the
 * load tool to core 1, so neither steals the other's CPU.
 */
import { join } from "node:path";
import { bundleForNode, repoRoot } from "@rafaga/runner";
import type { Harness, HarnessOptions, Measurement, TierResult } from "../harness.ts";
import { ndjsonBatch, singleReport } from "./http-bodies.ts";
import { bunPath, type Child, spawnChild, stop } from "./http-children.ts";
import { type LoadTool, runLoad } from "./http-load.ts";
import { ensureDebianTool } from "./http-tools.ts";

const CONNECTIONS = 100;
const JSON_TYPE = "application/json";
const NDJSON_TYPE = "application/x-ndjson";

interface Case {
  label: string;
  body: string;
  contentType: string;
  events: number;
  params: Record<string, string | number>;
}

const single = (adapter: string): Case => ({
  label: `${adapter}, single JSON POST /api/tweets`,
  body: singleReport,
  contentType: JSON_TYPE,
  events: 1,
  params: { adapter, batch: 1 },
});
const batch = (size: number): Case => ({
  label: `Bun.serve ingest, NDJSON batch of ${size} per POST`,
  body: ndjsonBatch(size),
  contentType: NDJSON_TYPE,
  events: size,
  params: { adapter: "Bun.serve ingest", batch: size },
});

async function run({ quick, progress }: HarnessOptions): Promise<TierResult> {
  const seconds = quick ? 2 : 5;
  const notes: string[] = [];
  const tool: LoadTool = (await ensureDebianTool("wrk", "wrk", progress)) ? "wrk" : "autocannon";
  if (tool === "autocannon") notes.push("wrk unavailable (no apt/root): autocannon on Node used");
  const [nodeServer] = await bundleForNode(
    [join(import.meta.dir, "http-node-server.ts")],
    join(repoRoot, "dist", "perf-ingest-http"),
  );

  async function measure(cmd: string[], cases: Case[]): Promise<Measurement[]> {
    let child: Child | undefined;
    try {
      const started = await spawnChild(cmd, { cpu: 0, ready: /port (\d+)/ });
      child = started.child;
      const url = `http://127.0.0.1:${started.match?.[1]}/api/tweets`;
      const out: Measurement[] = [];
      for (const c of cases) {
        progress(`ingest-http: ${c.label} (${tool}, ${CONNECTIONS} connections, ${seconds}s)`);
        const load = { url, body: c.body, contentType: c.contentType, connections: CONNECTIONS };
        await runLoad(tool, { ...load, seconds: 1, cpu: 1 }); // JIT warm-up, discarded
        const r = await runLoad(tool, { ...load, seconds, cpu: 1 });
        if (r.requestsPerSecond === 0) throw new Error(`${c.label}: no 2xx answers`);
        if (r.failed > 0) notes.push(`${c.label}: ${r.failed} failed requests (not counted)`);
        out.push({
          label: `${c.label} (${tool}, ${CONNECTIONS} conns)`,
          perSecond: r.requestsPerSecond * c.events,
          latencyMs: r.latencyMs,
          params: { ...c.params, "requests/s": r.requestsPerSecond },
        });
      }
      return out;
    } finally {
      if (child) await stop(child);
    }
  }

  const server = join(import.meta.dir, "http-bun-server.ts");
  const cases = [single("Bun.serve ingest"), batch(100), batch(1000)];
  const [ingest, batch100, batch1000] = await measure([bunPath, server, "ingest"], cases);
  const [limit] = await measure([bunPath, server, "minimal"], [single("Bun.serve minimal")]);
  const alternatives: Measurement[] = [];
  // node:http is a reference point no ratio uses: quick (CI) runs skip it.
  for (const adapter of quick ? ["uws"] : ["uws", "node-http"]) {
    const name = adapter === "uws" ? "uWebSockets.js on Node" : "node:http";
    try {
      alternatives.push(...(await measure(["node", nodeServer ?? "", adapter], [single(name)])));
    } catch (error) {
      notes.push(`${name} skipped: ${String(error).split("\n")[0]}`);
    }
  }
  if (!ingest || !batch1000 || !limit || !batch100) throw new Error("a measurement is missing");
  const uws = alternatives.find((m) => m.params?.adapter === "uWebSockets.js on Node");
  const ratios: Record<string, number> = {
    "ingest / minimal Bun.serve": ingest.perSecond / limit.perSecond,
    "batch1000 events/s / minimal Bun.serve req/s": batch1000.perSecond / limit.perSecond,
  };
  const comparisons: Record<string, number> = {
    "batch1000 events/s / single req/s": batch1000.perSecond / ingest.perSecond,
  };
  // Two runtimes' servers, neither ours: it says which to pick, not whether we regressed.
  if (uws) comparisons["uWS / Bun.serve minimal"] = uws.perSecond / limit.perSecond;
  notes.push(
    `closed loop, ${CONNECTIONS} connections, server on core 0 and ${tool} on core 1; ` +
      "latency is per request at saturation (coordinated omission included)",
  );
  if (tool === "wrk") notes.push("wrk's percentiles come from its own per-microsecond histogram");
  return {
    tier: "ingest-http",
    title: "Ingest HTTP (Bun.serve, uWebSockets.js, node:http)",
    downstream: "null sink: submitMany resolves immediately (no router, no brokers)",
    measurements: [ingest, batch100, batch1000, ...alternatives],
    limit,
    ratios,
    comparisons,
    notes,
  };
}

export const ingestHttpHarness: Harness = { tier: "ingest-http", run };
