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
import { bunPath, runToEnd } from "./http-children.ts";
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
const byStatusScript = join(import.meta.dir, "../load-by-status.ts");
const autocannonBin = join(import.meta.dir, "../../../node_modules/autocannon/autocannon.js");

export async function runLoad(tool: LoadTool, run: LoadRun): Promise<LoadResult> {
  return withBodyFile(run.body, (bodyFile) =>
    tool === "wrk" ? wrk(run, bodyFile) : autocannon(run, bodyFile),
  );
}

/** What load-by-status.ts reports: answers per status, the 2xx latency apart. */
export interface ByStatusResult {
  requestsPerSecond: number;
  statuses: Record<string, number>;
  /** 2xx answers. */
  accepted: number;
  answered: number;
  socketErrors: number;
  acceptedMs: Percentiles | null;
  refusedMs: Percentiles | null;
}

/**
 * One closed-loop run of load-by-status.ts (raw keep-alive sockets, latency per status
 * class); with `honorRetryAfter` its clients wait as a 429 says.
 */
export function runLoadByStatus(
  run: Omit<LoadRun, "contentType">,
  options: { honorRetryAfter?: boolean } = {},
): Promise<ByStatusResult> {
  return withBodyFile(run.body, async (bodyFile) => {
    const out = await runToEnd(
      [
        bunPath,
        byStatusScript,
        run.url,
        String(run.connections),
        String(run.seconds),
        bodyFile,
        ...(options.honorRetryAfter ? ["--honor-retry-after"] : []),
      ],
      { cpu: run.cpu },
    );
    return resultOf<ByStatusResult>("load-by-status", out);
  });
}

async function withBodyFile<T>(body: string, use: (bodyFile: string) => Promise<T>): Promise<T> {
  const bodyFile = join(tmpdir(), `rafaga-body-${process.pid}-${Date.now()}.txt`);
  writeFileSync(bodyFile, body);
  try {
    return await use(bodyFile);
  } finally {
    rmSync(bodyFile, { force: true });
  }
}

/** The tool's one machine-readable line, `RESULT {json}`. */
function resultOf<T>(tool: string, out: string): T {
  const line = /^RESULT (\{.*\})$/m.exec(out)?.[1];
  if (!line) throw new Error(`${tool} printed no RESULT line:\n${out}`);
  return JSON.parse(line) as T;
}

async function wrk(run: LoadRun, bodyFile: string): Promise<LoadResult> {
  const args = ["wrk", "-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--timeout", "10s"];
  const out = await runToEnd([...args, "-s", script, run.url], {
    cpu: run.cpu,
    env: { RAFAGA_BODY: bodyFile, RAFAGA_CT: run.contentType },
  });
  const r = resultOf<Record<string, number>>("wrk", out);
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
