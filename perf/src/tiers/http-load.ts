/**
 * One closed-loop HTTP load run, pinned to its own core: wrk when installed (C, one
 * thread, cheap per request, so it does not become the limit), else autocannon on Node.
 * Same tool, payload and connections for every server in a run, so their ratio is fair.
 * Both tools are closed-loop: the percentiles are latency at saturation, and carry
 * coordinated omission; they compare servers, they are not a latency SLO.
 */
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToEnd } from "./http-children.ts";
import type { Percentiles } from "./http-hdr.ts";

export type LoadTool = "wrk" | "autocannon";

export interface LoadRun {
  url: string;
  body: string;
  contentType: string;
  connections: number;
  seconds: number;
  cpu: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: Percentiles;
  /** Non-2xx answers, socket errors and timeouts. */
  failed: number;
}

const script = join(import.meta.dir, "http-post.lua");
const autocannonBin = join(import.meta.dir, "../../../node_modules/autocannon/autocannon.js");

export async function runLoad(tool: LoadTool, run: LoadRun): Promise<LoadResult> {
  const bodyFile = join(tmpdir(), `rafaga-body-${process.pid}-${Date.now()}.txt`);
  writeFileSync(bodyFile, run.body);
  try {
    return tool === "wrk" ? await wrk(run, bodyFile) : await autocannon(run, bodyFile);
  } finally {
    rmSync(bodyFile, { force: true });
  }
}

async function wrk(run: LoadRun, bodyFile: string): Promise<LoadResult> {
  const args = ["wrk", "-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--timeout", "10s"];
  const out = await runToEnd([...args, "-s", script, run.url], {
    cpu: run.cpu,
    env: { RAFAGA_BODY: bodyFile, RAFAGA_CT: run.contentType },
  });
  const line = /^RESULT (\{.*\})$/m.exec(out)?.[1];
  if (!line) throw new Error(`wrk printed no RESULT line:\n${out}`);
  const r = JSON.parse(line) as Record<string, number>;
  const us = (key: string) => (r[key] ?? 0) / 1000;
  return {
    requestsPerSecond: Math.round(
      ((r.requests ?? 0) - (r.status ?? 0)) / ((r.durationUs ?? 1) / 1e6),
    ),
    latencyMs: { p50: us("p50"), p90: us("p90"), p99: us("p99"), p999: us("p999") },
    failed: (r.status ?? 0) + (r.connect ?? 0) + (r.read ?? 0) + (r.write ?? 0) + (r.timeout ?? 0),
  };
}

async function autocannon(run: LoadRun, bodyFile: string): Promise<LoadResult> {
  const out = await runToEnd(
    [
      "node",
      autocannonBin,
      "-c",
      String(run.connections),
      "-d",
      String(run.seconds),
      "-m",
      "POST",
      "-H",
      `content-type=${run.contentType}`,
      "-i",
      bodyFile,
      "--json",
      run.url,
    ],
    { cpu: run.cpu },
  );
  const json = out.split("\n").find((l) => l.startsWith("{"));
  if (!json) throw new Error(`autocannon printed no JSON:\n${out.slice(-2000)}`);
  const r = JSON.parse(json);
  const seconds = r.duration as number;
  return {
    requestsPerSecond: Math.round(r["2xx"] / seconds),
    // autocannon's own percentiles come from hdr-histogram-js.
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      p999: r.latency.p99_9,
    },
    failed: r.non2xx + r.errors + r.timeouts,
  };
}
